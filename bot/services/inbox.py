"""The inbox's life: storing what the platform delivered, leasing it out to be handled, settling it.

An update is handled inside a :class:`Ticket`. While it is handled, the first write transaction of the
handling marks the update done in that same transaction (``storage.engine.write_hook``): its effects and
"done" commit together, so after a crash it is neither lost (not done: handled again) nor applied twice
(done: not handled again). An update that wrote nothing is marked done when its handling ends.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock
from storage.engine import Database, WriteHook
from storage.process_locks import ProcessLocks
from storage.repositories.inbox import InboxRepo, Incoming
from storage.rows import InboxRow

# How long a claim holds a row; a process that died holding it loses it then.
LEASE = timedelta(minutes=2)
# Handled and failed updates are kept this long (for a redelivered update_id, and to look at), then pruned.
KEEP = timedelta(days=7)
PRUNE_BATCH = 1000
# Transient faults: retried after 2, 4, 8 … seconds, at most five minutes apart, then given up.
MAX_BACKOFF = timedelta(minutes=5)
MAX_ATTEMPTS = 30

Outcome = Literal["done", "retry", "failed"]


class AlreadyHandled(Exception):
    """The update was handled by an earlier run: this run's transaction is rolled back and it stops."""


def _described(error: BaseException) -> str:
    """The error as the inbox row keeps it (`last_error`)."""
    return f"{type(error).__name__}: {error}"[:500]


def backoff(attempts: int) -> timedelta:
    return min(timedelta(seconds=2 ** min(attempts + 1, 9)), MAX_BACKOFF)


Effect = Callable[[AsyncConnection], Awaitable[object]]


@dataclass
class Ticket:
    """One handling of one stored update; the error handler says how it ended.

    `marked`: this handling's effects are committed and the update with them. `with_effect`: writes that
    belong in the same transaction as the effects (ending the person's conversation, say), so that a crash
    cannot leave one without the other."""

    row: InboxRow
    outcome: Outcome = "done"
    error: str | None = None
    marked: bool = False
    marking: bool = False
    with_effect: list[Effect] = field(default_factory=list)
    retry_after: timedelta | None = None

    def retry(self, error: BaseException, after: timedelta | None = None) -> None:
        self.outcome, self.error, self.retry_after = "retry", _described(error), after

    def fail(self, error: BaseException) -> None:
        self.outcome, self.error = "failed", _described(error)

    @property
    def last_try(self) -> bool:
        return self.row.attempts + 1 >= MAX_ATTEMPTS


# The ticket of the update the current task is handling (None outside the inbox worker).
current_ticket: ContextVar[Ticket | None] = ContextVar("peygir_inbox_ticket", default=None)


def with_the_effects(effect: Effect) -> bool:
    """Run `effect` in the transaction that commits the current handling's effects (its first write),
    if an update is being handled and that has not happened yet; False otherwise (do it yourself)."""
    ticket = current_ticket.get()
    if ticket is None or ticket.marked:
        return False
    ticket.with_effect.append(effect)
    return True


class _DoneWithEffects:
    """The first write transaction of a handling marks its update done (and runs what belongs with the
    effects); a later one of the same handling adds nothing. Only once the commit went through does the
    handling count as marked: a failed commit leaves the update pending."""

    def __init__(self, ticket: Ticket, clock: Clock) -> None:
        self._ticket = ticket
        self._clock = clock

    async def before_commit(self, conn: AsyncConnection) -> None:
        ticket = self._ticket
        ticket.marking = False
        if ticket.marked:
            return
        if not await InboxRepo(conn).mark_done(ticket.row.id, self._clock.now()):
            raise AlreadyHandled(ticket.row.update_id)
        effects, ticket.with_effect = ticket.with_effect, []
        for effect in effects:
            await effect(conn)
        ticket.marking = True

    def committed(self) -> None:
        if self._ticket.marking:
            self._ticket.marked, self._ticket.marking = True, False


class InboxService:
    def __init__(self, db: Database, clock: Clock, platform: str, locks: ProcessLocks | None = None) -> None:
        self._db = db
        self._clock = clock
        self._platform = platform
        # Which process this is, among several on PostgreSQL: its leases carry its instance id.
        self._locks = locks
        # Updates whose person was told "delayed" in this process (the database may be what is down).
        self._told: set[int] = set()

    async def store(self, updates: Sequence[Incoming]) -> int:
        """Keep what the platform delivered (before it is told so); how many were new."""
        async with self._db.transaction(hooked=False) as conn:
            return await InboxRepo(conn).store(self._platform, updates, self._clock.now())

    async def claim(self, limit: int, busy_chats: Collection[int] = ()) -> list[InboxRow]:
        """Lease up to `limit` updates to handle now, each the next of its chat (none of `busy_chats`)."""
        now = self._clock.now()
        async with self._db.read() as conn:  # the common case, nothing to do, takes no write lock
            if not await InboxRepo(conn).heads(self._platform, now, 1, busy_chats):
                return []
        holder = (self._locks.instance_id or None) if self._locks is not None else None
        if holder is None and self._locks is not None and self._locks.shared:
            return []  # no instance lock held (its connection broke): a lease would look like a dead one's
        async with self._db.transaction(hooked=False) as conn:
            return await InboxRepo(conn).claim_heads(
                self._platform, now, now + LEASE, limit, busy_chats, holder=holder
            )

    def hook(self, ticket: Ticket) -> WriteHook:
        """The write hook of a handling: its first write transaction marks the update done."""
        return _DoneWithEffects(ticket, self._clock)

    async def settle(self, ticket: Ticket) -> None:
        """Record how the handling ended: done, in line for a retry, or given up."""
        now = self._clock.now()
        async with self._db.transaction(hooked=False) as conn:
            repo = InboxRepo(conn)
            if ticket.outcome == "retry" and not ticket.last_try:
                wait = max(backoff(ticket.row.attempts), ticket.retry_after or timedelta(0))
                await repo.retry_later(ticket.row.id, now + wait, ticket.error or "")
            elif ticket.outcome == "done":
                await repo.mark_done(ticket.row.id, now)  # False if its first write marked it: fine
            else:
                await repo.mark_failed(ticket.row.id, ticket.error or "", now)

    def was_told(self, ticket: Ticket) -> bool:
        return ticket.row.delay_told or ticket.row.id in self._told

    async def delay_told(self, ticket: Ticket) -> None:
        self._told.add(ticket.row.id)
        async with self._db.transaction(hooked=False) as conn:
            await InboxRepo(conn).set_delay_told(ticket.row.id)

    async def release(self, inbox_ids: Collection[int] | None = None) -> int:
        """Give back leases: of these rows (a stop), or all of the platform's (a start on SQLite)."""
        async with self._db.transaction(hooked=False) as conn:
            return await InboxRepo(conn).release(self._platform, inbox_ids)

    async def release_at_start(self) -> int:
        """At start, the leases an earlier run left: every one on SQLite (one process per database), a
        dead process's on PostgreSQL (other processes may be handling theirs right now)."""
        if self._locks is None or not self._locks.shared:
            return await self.release()
        return await self.release_dead()

    async def release_dead(self) -> int:
        """Give back the leases of processes that are gone (PostgreSQL; checked every few seconds), so
        that what they held is handled now, not when the leases run out."""
        if self._locks is None or not self._locks.shared:
            return 0
        async with self._db.read() as conn:
            holders = await InboxRepo(conn).lease_holders(self._platform, self._clock.now())
        dead = [holder for holder in holders if await self._locks.is_dead(holder)]
        if not dead:
            return 0
        async with self._db.transaction(hooked=False) as conn:
            return await InboxRepo(conn).release_held_by(self._platform, dead)

    async def prune(self) -> int:
        """Forget updates handled more than a week ago, in batches of short transactions."""
        pruned = 0
        while True:
            async with self._db.transaction(hooked=False) as conn:
                batch = await InboxRepo(conn).prune(self._clock.now() - KEEP, PRUNE_BATCH)
            pruned += batch
            if batch < PRUNE_BATCH:
                return pruned

    async def counts(self) -> dict[str, int]:
        async with self._db.read() as conn:
            return await InboxRepo(conn).counts()
