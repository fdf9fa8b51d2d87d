"""The outbox: every message to send, written in the transaction that causes it.

Sent rows keep (chat_id, platform_message_id, assignment_id): the MessageLink that routes a reply to
a bot message back to its assignment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import NotFound
from storage.rows import OutboxRow
from storage.tables import outbox


def outbox_row(row: Row[Any]) -> OutboxRow:
    return OutboxRow(
        id=row.id,
        platform=row.platform,
        chat_id=row.chat_id,
        kind=row.kind,
        payload=row.payload,
        state=row.state,
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at,
        dedupe_key=row.dedupe_key,
        assignment_id=row.assignment_id,
        platform_message_id=row.platform_message_id,
        last_error=row.last_error,
        created_at=row.created_at,
        sent_at=row.sent_at,
    )


class OutboxRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def enqueue(
        self,
        *,
        platform: str,
        chat_id: int,
        kind: str,
        payload: dict[str, Any],
        at: datetime,
        next_attempt_at: datetime | None = None,
        dedupe_key: str | None = None,
        assignment_id: int | None = None,
    ) -> OutboxRow:
        """A pending message (sent from ``next_attempt_at``, default ``at``).

        Idempotent on ``dedupe_key``: if a row with that key exists it is returned and nothing is added.
        """
        if dedupe_key is not None:
            existing = await self.get_by_dedupe_key(dedupe_key)
            if existing is not None:
                return existing

        statement = (
            insert(outbox)
            .values(
                platform=platform,
                chat_id=chat_id,
                kind=kind,
                payload=payload,
                state="pending",
                attempts=0,
                next_attempt_at=next_attempt_at or at,
                dedupe_key=dedupe_key,
                assignment_id=assignment_id,
                created_at=at,
            )
            .returning(*outbox.c)
        )
        try:
            async with self._conn.begin_nested():
                row = (await self._conn.execute(statement)).one()
        except IntegrityError:
            # A concurrent transaction committed the same key between our check and the insert.
            existing = await self.get_by_dedupe_key(dedupe_key) if dedupe_key is not None else None
            if existing is None:
                raise
            return existing
        return outbox_row(row)

    async def get(self, outbox_id: int) -> OutboxRow | None:
        row = (await self._conn.execute(select(outbox).where(outbox.c.id == outbox_id))).one_or_none()
        return outbox_row(row) if row else None

    async def get_by_dedupe_key(self, dedupe_key: str) -> OutboxRow | None:
        query = select(outbox).where(outbox.c.dedupe_key == dedupe_key)
        row = (await self._conn.execute(query)).one_or_none()
        return outbox_row(row) if row else None

    async def latest_key(self, prefix: str) -> str | None:
        """The dedupe key of the newest row whose key starts with `prefix` (the last digest sent)."""
        query = (
            select(outbox.c.dedupe_key)
            .where(outbox.c.dedupe_key.startswith(prefix, autoescape=True))
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        return (await self._conn.execute(query)).scalar_one_or_none()

    async def due(self, now: datetime, limit: int) -> list[OutboxRow]:
        """Pending messages whose time has come, oldest first."""
        query = (
            select(outbox)
            .where(outbox.c.state == "pending", outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
        )
        return [outbox_row(row) for row in await self._conn.execute(query)]

    async def claim(self, outbox_id: int) -> bool:
        """Move a pending message to ``sending``; False if someone else took it first."""
        statement = (
            update(outbox)
            .where(outbox.c.id == outbox_id, outbox.c.state == "pending")
            .values(state="sending")
        )
        return (await self._conn.execute(statement)).rowcount == 1

    async def mark_sent(self, outbox_id: int, platform_message_id: int | None, at: datetime) -> None:
        await self._set(
            outbox_id,
            state="sent",
            attempts=outbox.c.attempts + 1,
            platform_message_id=platform_message_id,
            sent_at=at,
            last_error=None,
        )

    async def mark_retry(self, outbox_id: int, next_attempt_at: datetime, error: str) -> None:
        """Back to pending for another attempt at ``next_attempt_at``."""
        await self._set(
            outbox_id,
            state="pending",
            attempts=outbox.c.attempts + 1,
            next_attempt_at=next_attempt_at,
            last_error=error,
        )

    async def mark_failed(self, outbox_id: int, error: str) -> None:
        """Given up: the message will not be sent."""
        await self._set(outbox_id, state="failed", attempts=outbox.c.attempts + 1, last_error=error)

    async def release_stale(self, before: datetime) -> int:
        """Back to pending: rows left in ``sending`` by a process that stopped before ``before``."""
        statement = (
            update(outbox)
            .where(outbox.c.state == "sending", outbox.c.next_attempt_at < before)
            .values(state="pending")
        )
        return (await self._conn.execute(statement)).rowcount

    async def assignment_for_message(self, chat_id: int, platform_message_id: int) -> int | None:
        """The assignment a bot message in a chat is about (the MessageLink), if any."""
        query = (
            select(outbox.c.assignment_id)
            .where(outbox.c.chat_id == chat_id, outbox.c.platform_message_id == platform_message_id)
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        return await self._conn.scalar(query)

    async def _set(self, outbox_id: int, **values: Any) -> None:
        result = await self._conn.execute(update(outbox).where(outbox.c.id == outbox_id).values(**values))
        if result.rowcount == 0:
            raise NotFound("outbox", outbox_id)
