"""People who use the bot: secretariat, governor's office, agency representatives."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import Conflict, NotFound
from storage.repositories._common import insert_returning
from storage.rows import MemberRow
from storage.tables import MEMBER_STATES, agencies, members


def member_row(row: Row[Any]) -> MemberRow:
    return MemberRow(
        id=row.id,
        platform=row.platform,
        user_id=row.user_id,
        chat_id=row.chat_id,
        display_name=row.display_name,
        username=row.username,
        role=row.role,
        agency_id=row.agency_id,
        state=row.state,
        paused_until=row.paused_until,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


# Members who get messages: a paused member's pause is about reminders only (the sweep checks it).
REACHABLE = ("active", "paused")


class MemberRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        platform: str,
        user_id: int,
        chat_id: int,
        display_name: str,
        username: str | None,
        role: str,
        agency_id: int | None,
        at: datetime,
    ) -> MemberRow:
        """A new active member; Conflict if this platform user is already a member."""

        async def conflict() -> Conflict | None:
            existing = await self.get_by_user(platform, user_id)
            return Conflict("member", "user_id", user_id, existing.id) if existing else None

        statement = (
            insert(members)
            .values(
                platform=platform,
                user_id=user_id,
                chat_id=chat_id,
                display_name=display_name,
                username=username,
                role=role,
                agency_id=agency_id,
                state="active",
                created_at=at,
                updated_at=at,
            )
            .returning(*members.c)
        )
        return member_row(await insert_returning(self._conn, statement, conflict))

    async def get(self, member_id: int) -> MemberRow | None:
        row = (await self._conn.execute(select(members).where(members.c.id == member_id))).one_or_none()
        return member_row(row) if row else None

    async def get_with_agency_name(self, platform: str, user_id: int) -> tuple[MemberRow, str | None] | None:
        """The member of this platform user with their agency's name, in one query (every update asks)."""
        query = (
            select(members, agencies.c.name.label("agency_name"))
            .select_from(members.outerjoin(agencies, agencies.c.id == members.c.agency_id))
            .where(members.c.platform == platform, members.c.user_id == user_id)
        )
        row = (await self._conn.execute(query)).one_or_none()
        return (member_row(row), row.agency_name) if row else None

    async def get_by_user(self, platform: str, user_id: int) -> MemberRow | None:
        query = select(members).where(members.c.platform == platform, members.c.user_id == user_id)
        row = (await self._conn.execute(query)).one_or_none()
        return member_row(row) if row else None

    async def list_for_agency(self, agency_id: int, active_only: bool = True) -> list[MemberRow]:
        """An agency's representatives (by default only those messages may go to: active or paused)."""
        query = select(members).where(members.c.agency_id == agency_id).order_by(members.c.id)
        if active_only:
            query = query.where(members.c.state.in_(REACHABLE))
        return [member_row(row) for row in await self._conn.execute(query)]

    async def list_by_role(self, role: str, active_only: bool = True) -> list[MemberRow]:
        query = select(members).where(members.c.role == role).order_by(members.c.id)
        if active_only:
            query = query.where(members.c.state.in_(REACHABLE))
        return [member_row(row) for row in await self._conn.execute(query)]

    async def set_state(
        self, member_id: int, state: str, at: datetime, paused_until: datetime | None = None
    ) -> MemberRow:
        """Pause (until a time), reactivate, or mark unreachable; returns the new row."""
        if state not in MEMBER_STATES:
            raise ValueError(f"unknown member state {state!r}")
        if (state == "paused") != (paused_until is not None):
            raise ValueError("paused_until goes with state 'paused' and only with it")
        statement = (
            update(members)
            .where(members.c.id == member_id)
            .values(state=state, paused_until=paused_until, updated_at=at)
            .returning(*members.c)
        )
        row = (await self._conn.execute(statement)).one_or_none()
        if row is None:
            raise NotFound("member", member_id)
        return member_row(row)

    async def list_all(self, include_inactive: bool = False) -> list[MemberRow]:
        query = select(members).order_by(members.c.id)
        if not include_inactive:
            query = query.where(members.c.state != "inactive")
        return [member_row(row) for row in await self._conn.execute(query)]

    async def count_active(self, role: str) -> int:
        """Members of `role` that are not deactivated (paused or unreachable ones still count)."""
        query = (
            select(func.count())
            .select_from(members)
            .where(members.c.role == role, members.c.state != "inactive")
        )
        return int((await self._conn.execute(query)).scalar_one())

    async def _update(self, member_id: int, **values: Any) -> MemberRow:
        statement = update(members).where(members.c.id == member_id).values(**values).returning(*members.c)
        row = (await self._conn.execute(statement)).one_or_none()
        if row is None:
            raise NotFound("member", member_id)
        return member_row(row)

    async def set_agency(self, member_id: int, agency_id: int, at: datetime) -> MemberRow:
        return await self._update(member_id, agency_id=agency_id, updated_at=at)

    async def set_role(
        self, member_id: int, role: str, agency_id: int | None, at: datetime, *, chat_id: int | None = None
    ) -> MemberRow:
        """A new role (and agency) for a member, made active again: a deactivated member's new invite."""
        values: dict[str, Any] = {
            "role": role,
            "agency_id": agency_id,
            "state": "active",
            "paused_until": None,
        }
        if chat_id is not None:
            values["chat_id"] = chat_id
        return await self._update(member_id, **values, updated_at=at)
