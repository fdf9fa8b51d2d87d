"""The outbox: every message to send, written in the transaction that causes it.

Sent rows keep (chat_id, platform_message_id, assignment_id): the MessageLink that routes a reply to
a bot message back to its assignment.

A sender claims a row for a while: the row is ``sending`` and its ``next_attempt_at`` holds the claim's
LEASE, the moment until which it belongs to that sender. The lease is also the claim's token: a sender
writes what became of its attempt only where the row is still ``sending`` with that very lease, so a
sender that lost its claim changes nothing. A lease that runs out (its sender stopped, or could not
write) makes the row due again for any sender.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.rows import OutboxRow
from storage.tables import outbox

# The states a sender may take a due row from: pending, or sending with a lease that ran out.
CLAIMABLE = ("pending", "sending")
# `last_error` of an attempt whose outcome nobody knows: it may have been delivered. Such an attempt's
# error starts with UNCONFIRMED.
UNCONFIRMED = "unconfirmed: "
LEASE_EXPIRED = UNCONFIRMED + "the claim's lease ran out before its attempt was recorded"
RELEASED = UNCONFIRMED + "claimed by a process that stopped before recording its attempt"


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

    async def backlog(self, platform: str, now: datetime) -> tuple[int, datetime | None]:
        """Messages of the platform not sent yet (pending or on their way), and since when the oldest
        one that is due (not waiting for a later attempt) has been due."""
        unsent = outbox.c.state.in_(("pending", "sending"))
        waiting = await self._conn.scalar(
            select(func.count()).select_from(outbox).where(outbox.c.platform == platform, unsent)
        )
        oldest = await self._conn.scalar(
            select(func.min(outbox.c.next_attempt_at)).where(
                outbox.c.platform == platform, outbox.c.state == "pending", outbox.c.next_attempt_at <= now
            )
        )
        return int(waiting or 0), oldest

    async def pending_with_key(self, prefix: str) -> list[OutboxRow]:
        """The messages not sent yet whose dedupe key starts with `prefix` (a notice still counting)."""
        query = select(outbox).where(
            outbox.c.dedupe_key.startswith(prefix, autoescape=True), outbox.c.state == "pending"
        )
        return [outbox_row(row) for row in await self._conn.execute(query)]

    async def set_payload(self, outbox_id: int, payload: dict[str, Any]) -> None:
        """A message not sent yet says something new (a notice's higher count)."""
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.id == outbox_id, outbox.c.state == "pending")
            .values(payload=payload)
        )

    async def latest_key(self, prefix: str) -> str | None:
        """The dedupe key of the newest row whose key starts with `prefix` (the last digest sent)."""
        query = (
            select(outbox.c.dedupe_key)
            .where(outbox.c.dedupe_key.startswith(prefix, autoescape=True))
            .order_by(outbox.c.id.desc())
            .limit(1)
        )
        return (await self._conn.execute(query)).scalar_one_or_none()

    async def due(self, now: datetime, limit: int, platform: str | None = None) -> list[OutboxRow]:
        """Messages to send now, oldest first: pending ones whose time has come and claims whose lease ran
        out by ``now`` (of ``platform``, or of any)."""
        query = (
            select(outbox)
            .where(outbox.c.state.in_(CLAIMABLE), outbox.c.next_attempt_at <= now)
            .order_by(outbox.c.next_attempt_at, outbox.c.id)
            .limit(limit)
        )
        if platform is not None:
            query = query.where(outbox.c.platform == platform)
        return [outbox_row(row) for row in await self._conn.execute(query)]

    async def claim(self, row: OutboxRow, lease: datetime) -> OutboxRow | None:
        """Take a due message (as `due` returned it) until ``lease``; None if another sender took it first.

        Taking over a claim whose lease ran out counts its lost attempt, which may have been delivered.
        """
        values: dict[str, Any] = {"state": "sending", "next_attempt_at": lease}
        if row.state == "sending":
            values |= {"attempts": outbox.c.attempts + 1, "last_error": LEASE_EXPIRED}
        statement = (
            update(outbox)
            .where(
                outbox.c.id == row.id,
                outbox.c.state == row.state,
                outbox.c.next_attempt_at == row.next_attempt_at,
            )
            .values(**values)
            .returning(*outbox.c)
        )
        taken = (await self._conn.execute(statement)).one_or_none()
        return outbox_row(taken) if taken else None

    async def mark_sent(self, outbox_id: int, platform_message_id: int | None, at: datetime) -> bool:
        """Delivered: keep the platform's message id (the MessageLink). A delivery is a fact whoever holds
        the claim now; False if the row was already recorded as sent (or does not exist)."""
        return await self._change(
            (outbox.c.id == outbox_id, outbox.c.state != "sent"),
            state="sent",
            attempts=outbox.c.attempts + 1,
            platform_message_id=platform_message_id,
            sent_at=at,
            last_error=None,
        )

    async def mark_retry(
        self, outbox_id: int, lease: datetime, next_attempt_at: datetime, error: str
    ) -> bool:
        """Back to pending for another attempt at ``next_attempt_at``; False if the claim was lost."""
        return await self._settle(
            outbox_id,
            lease,
            state="pending",
            attempts=outbox.c.attempts + 1,
            next_attempt_at=next_attempt_at,
            last_error=error,
        )

    async def mark_failed(self, outbox_id: int, lease: datetime, error: str) -> bool:
        """Given up: the message will not be sent. False if the claim was lost."""
        return await self._settle(
            outbox_id, lease, state="failed", attempts=outbox.c.attempts + 1, last_error=error
        )

    async def release(self, outbox_id: int, lease: datetime, at: datetime) -> bool:
        """Back to pending, due at ``at``, without counting an attempt: the message was not sent."""
        return await self._settle(outbox_id, lease, state="pending", next_attempt_at=at)

    async def release_stale(self, platform: str, at: datetime, expired_by: datetime | None = None) -> int:
        """Claims of a stopped sender of the platform back to pending, due at ``at``: every ``sending``
        row, or only those whose lease ran out by ``expired_by``. Each counts its lost attempt, which may
        have been delivered."""
        statement = (
            update(outbox)
            .where(outbox.c.state == "sending", outbox.c.platform == platform)
            .values(state="pending", next_attempt_at=at, attempts=outbox.c.attempts + 1, last_error=RELEASED)
        )
        if expired_by is not None:
            statement = statement.where(outbox.c.next_attempt_at <= expired_by)
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

    async def _settle(self, outbox_id: int, lease: datetime, **values: Any) -> bool:
        """Write what became of a claim, if the row is still claimed with `lease`."""
        held = (outbox.c.id == outbox_id, outbox.c.state == "sending", outbox.c.next_attempt_at == lease)
        return await self._change(held, **values)

    async def _change(self, where: tuple[ColumnElement[bool], ...], **values: Any) -> bool:
        """Set `values` on the row `where` picks; False if no row matched."""
        result = await self._conn.execute(update(outbox).where(*where).values(**values))
        return result.rowcount == 1
