"""The inbox: updates as the platform delivered them, until each is handled.

A chat's updates are handled in order: only the oldest pending row of a chat (its head) can be claimed.
A claim is a lease (``claimed_until``): a process that dies holding one loses it when it expires.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.rows import InboxRow
from storage.tables import inbox


@dataclass(frozen=True)
class Incoming:
    """One update to store: its id, the chat it belongs to, and its JSON."""

    update_id: int
    chat_id: int
    payload: dict[str, Any]

    @property
    def digest(self) -> str:
        canonical = json.dumps(self.payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


def inbox_row(row: Row[Any]) -> InboxRow:
    return InboxRow(
        id=row.id,
        platform=row.platform,
        update_id=row.update_id,
        digest=row.digest,
        chat_id=row.chat_id,
        payload=row.payload,
        state=row.state,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        claimed_until=row.claimed_until,
        delay_told=row.delay_told,
        last_error=row.last_error,
        received_at=row.received_at,
        done_at=row.done_at,
    )


def _free(now: datetime) -> Any:
    return or_(inbox.c.claimed_until.is_(None), inbox.c.claimed_until < now)


class InboxRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def store(self, platform: str, updates: Sequence[Incoming], at: datetime) -> int:
        """Add the updates not stored yet (a redelivered update_id adds nothing); how many were new."""
        if not updates:
            return 0
        insert = postgresql.insert if self._conn.dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(inbox)
            .values(
                [
                    {
                        "platform": platform,
                        "update_id": u.update_id,
                        "digest": u.digest,
                        "chat_id": u.chat_id,
                        "payload": u.payload,
                        "state": "pending",
                        "attempts": 0,
                        "next_attempt_at": at,
                        "received_at": at,
                    }
                    for u in updates
                ]
            )
            .on_conflict_do_nothing(index_elements=[inbox.c.platform, inbox.c.update_id, inbox.c.digest])
            .returning(inbox.c.id)
        )
        return len((await self._conn.execute(statement)).all())

    async def heads(
        self, platform: str, now: datetime, limit: int, busy_chats: Collection[int] = ()
    ) -> list[InboxRow]:
        """Up to `limit` due rows nobody holds, each the oldest pending one of its chat (not `busy_chats`)."""
        earlier = inbox.alias("earlier")
        conditions = [
            inbox.c.platform == platform,
            inbox.c.state == "pending",
            inbox.c.next_attempt_at <= now,
            _free(now),
            ~exists().where(
                and_(
                    earlier.c.platform == inbox.c.platform,
                    earlier.c.chat_id == inbox.c.chat_id,
                    earlier.c.state == "pending",
                    earlier.c.id < inbox.c.id,
                )
            ),
        ]
        if busy_chats:
            conditions.append(inbox.c.chat_id.not_in(list(busy_chats)))
        query = select(inbox).where(*conditions).order_by(inbox.c.id).limit(limit)
        return [inbox_row(row) for row in await self._conn.execute(query)]

    async def claim_heads(
        self,
        platform: str,
        now: datetime,
        lease_until: datetime,
        limit: int,
        busy_chats: Collection[int] = (),
        holder: int | None = None,
    ) -> list[InboxRow]:
        """Lease the rows `heads()` gives until `lease_until`, to `holder` (a process's instance id)."""
        claimed = []
        for row in await self.heads(platform, now, limit, busy_chats):
            statement = (
                update(inbox)
                .where(inbox.c.id == row.id, inbox.c.state == "pending", _free(now))
                .values(claimed_until=lease_until, claimed_by=holder)
            )
            if (await self._conn.execute(statement)).rowcount == 1:
                claimed.append(row)
        return claimed

    async def mark_done(self, inbox_id: int, at: datetime) -> bool:
        """Done (handled); False if it was not pending (another run handled it already)."""
        statement = (
            update(inbox)
            .where(inbox.c.id == inbox_id, inbox.c.state == "pending")
            .values(state="done", done_at=at, claimed_until=None)
        )
        return (await self._conn.execute(statement)).rowcount == 1

    async def retry_later(self, inbox_id: int, next_attempt_at: datetime, error: str) -> None:
        """Back in line for another attempt at `next_attempt_at` (a transient fault)."""
        await self._conn.execute(
            update(inbox)
            .where(inbox.c.id == inbox_id, inbox.c.state == "pending")
            .values(
                attempts=inbox.c.attempts + 1,
                next_attempt_at=next_attempt_at,
                claimed_until=None,
                last_error=error,
            )
        )

    async def mark_failed(self, inbox_id: int, error: str, at: datetime) -> None:
        """Given up (a bug, or too many attempts): not handled again."""
        await self._conn.execute(
            update(inbox)
            .where(inbox.c.id == inbox_id, inbox.c.state == "pending")
            .values(
                state="failed",
                attempts=inbox.c.attempts + 1,
                last_error=error,
                done_at=at,
                claimed_until=None,
            )
        )

    async def set_delay_told(self, inbox_id: int) -> None:
        await self._conn.execute(update(inbox).where(inbox.c.id == inbox_id).values(delay_told=True))

    async def release(self, platform: str, inbox_ids: Collection[int] | None = None) -> int:
        """Give up the leases on these rows (all of the platform's when None): handled at the next claim."""
        statement = update(inbox).where(
            inbox.c.platform == platform, inbox.c.state == "pending", inbox.c.claimed_until.is_not(None)
        )
        if inbox_ids is not None:
            statement = statement.where(inbox.c.id.in_(list(inbox_ids)))
        return (await self._conn.execute(statement.values(claimed_until=None))).rowcount

    async def lease_holders(self, platform: str, now: datetime) -> list[int]:
        """The processes holding leases that have not run out."""
        query = (
            select(inbox.c.claimed_by)
            .where(
                inbox.c.platform == platform,
                inbox.c.state == "pending",
                inbox.c.claimed_until >= now,
                inbox.c.claimed_by.is_not(None),
            )
            .distinct()
        )
        return [int(holder) for holder in (await self._conn.scalars(query)).all()]

    async def release_held_by(self, platform: str, holders: Collection[int]) -> int:
        """Give up the leases these processes held (they are gone)."""
        statement = (
            update(inbox)
            .where(
                inbox.c.platform == platform,
                inbox.c.state == "pending",
                inbox.c.claimed_by.in_(list(holders)),
            )
            .values(claimed_until=None, claimed_by=None)
        )
        return (await self._conn.execute(statement)).rowcount

    async def prune(self, before: datetime, limit: int) -> int:
        """Forget up to `limit` handled and failed updates received before `before`, oldest first."""
        oldest = (
            select(inbox.c.id)
            .where(inbox.c.state != "pending", inbox.c.received_at < before)
            .order_by(inbox.c.received_at)
            .limit(limit)
        )
        statement = delete(inbox).where(inbox.c.id.in_(oldest.scalar_subquery()))
        return (await self._conn.execute(statement)).rowcount

    async def counts(self) -> dict[str, int]:
        """How many rows are in each state."""
        query = select(inbox.c.state, func.count()).group_by(inbox.c.state)
        return {state: count for state, count in await self._conn.execute(query)}
