"""Invite links: only the token's hash is stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import Conflict, NotFound
from storage.repositories._common import insert_returning
from storage.rows import InviteRow
from storage.tables import invites


def invite_row(row: Row[Any]) -> InviteRow:
    return InviteRow(
        id=row.id,
        agency_id=row.agency_id,
        role=row.role,
        token_hash=row.token_hash,
        uses_left=row.uses_left,
        expires_at=row.expires_at,
        created_by=row.created_by,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


class InviteRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        agency_id: int | None,
        role: str,
        token_hash: str,
        uses_left: int,
        expires_at: datetime,
        created_by: str,
        at: datetime,
    ) -> InviteRow:
        async def conflict() -> Conflict | None:
            existing = await self.get_by_token_hash(token_hash)
            return Conflict("invite", "token_hash", "…", existing.id) if existing else None

        statement = (
            insert(invites)
            .values(
                agency_id=agency_id,
                role=role,
                token_hash=token_hash,
                uses_left=uses_left,
                expires_at=expires_at,
                created_by=created_by,
                created_at=at,
            )
            .returning(*invites.c)
        )
        return invite_row(await insert_returning(self._conn, statement, conflict))

    async def get(self, invite_id: int) -> InviteRow | None:
        row = (await self._conn.execute(select(invites).where(invites.c.id == invite_id))).one_or_none()
        return invite_row(row) if row else None

    async def get_by_token_hash(self, token_hash: str) -> InviteRow | None:
        query = select(invites).where(invites.c.token_hash == token_hash)
        row = (await self._conn.execute(query)).one_or_none()
        return invite_row(row) if row else None

    async def use(self, invite_id: int, now: datetime) -> bool:
        """Take one use if the invite is still valid (not revoked, not expired, uses left); atomic."""
        statement = (
            update(invites)
            .where(
                invites.c.id == invite_id,
                invites.c.uses_left > 0,
                invites.c.revoked_at.is_(None),
                invites.c.expires_at > now,
            )
            .values(uses_left=invites.c.uses_left - 1)
        )
        return (await self._conn.execute(statement)).rowcount == 1

    async def revoke(self, invite_id: int, at: datetime) -> None:
        statement = (
            update(invites)
            .where(invites.c.id == invite_id, invites.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        if (await self._conn.execute(statement)).rowcount == 0 and await self.get(invite_id) is None:
            raise NotFound("invite", invite_id)
