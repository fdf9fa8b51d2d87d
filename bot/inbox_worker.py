"""Handling: updates leave the inbox for the handlers, several at a time, each chat's in order.

At most ``concurrency`` updates are handled at once, never two of one chat (the inbox hands out only a
chat's oldest pending update, and not for a chat already in hand). Each handling runs with its ticket
(``bot.services.inbox.current_ticket``) and the write hook that marks it done with its first write; the
error handler sets the ticket's outcome (a transient fault: retry later; a bug: failed).

Stopping: no new claims; what is in hand gets ``grace`` seconds to finish; the rest is cancelled and its
leases given back, so the next start handles it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.services.inbox import InboxService, Ticket, current_ticket
from storage.engine import write_hook
from storage.rows import InboxRow

logger = logging.getLogger(__name__)

CONCURRENCY = 8
# Seconds between looks at the inbox when nothing wakes the worker (retries coming due, other processes).
IDLE = 0.5
# Seconds a stop waits for the updates in hand.
GRACE = 5.0
# Times a settle (done, retry, failed) is tried before the lease is left to expire.
SETTLE_TRIES = 3

Handle = Callable[[dict[str, Any]], Awaitable[None]]


class InboxWorker:
    def __init__(
        self,
        inbox: InboxService,
        handle: Handle,
        *,
        concurrency: int = CONCURRENCY,
        idle: float = IDLE,
        on_handled: Callable[[InboxRow, str], None] | None = None,
    ) -> None:
        self._inbox = inbox
        self._handle = handle
        # Told of each handling's outcome ("done", "retry", "failed"): the metrics.
        self._on_handled = on_handled
        self._concurrency = concurrency
        self._idle = idle
        self._wake = asyncio.Event()
        self._tasks: dict[asyncio.Task[None], InboxRow] = {}
        self._stopping = False

    def wake(self) -> None:
        """Something new is in the inbox: look now instead of at the next idle tick."""
        self._wake.set()

    async def run(self) -> None:
        """Claim and handle until stopped (see `stop`)."""
        failures = 0
        while not self._stopping:
            self._wake.clear()
            free = self._concurrency - len(self._tasks)
            if free > 0:
                try:
                    busy = {row.chat_id for row in self._tasks.values()}
                    claimed = await self._inbox.claim(free, busy)
                    if self._stopping:  # stopped while claiming: give them back untouched
                        await self._inbox.release([row.id for row in claimed])
                        break
                    for row in claimed:
                        self._start(row)
                    failures = 0
                except Exception:
                    failures += 1
                    logger.warning("claiming from the inbox failed", exc_info=True)
                    await asyncio.sleep(min(2.0**failures, 30.0))
                    continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._idle)

    def _start(self, row: InboxRow) -> None:
        task = asyncio.create_task(self._handle_one(row), name=f"inbox:{row.update_id}")
        self._tasks[task] = row
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.pop(task, None)
        self._wake.set()

    async def _handle_one(self, row: InboxRow) -> None:
        ticket = Ticket(row)
        tokens = current_ticket.set(ticket), write_hook.set(self._inbox.hook(ticket))
        try:
            await self._handle(row.payload)
        except Exception as exc:  # the application's error handler normally catches everything
            logger.exception("update %s escaped the error handler", row.update_id)
            ticket.fail(exc)
        finally:
            current_ticket.reset(tokens[0])
            write_hook.reset(tokens[1])
        if self._on_handled is not None:
            self._on_handled(row, ticket.outcome)
        await self._settle(ticket)

    async def _settle(self, ticket: Ticket) -> None:
        for attempt in range(SETTLE_TRIES):
            try:
                await self._inbox.settle(ticket)
                return
            except Exception:
                logger.warning("settling update %s failed", ticket.row.update_id, exc_info=True)
                await asyncio.sleep(0.5 * 2**attempt)
        # The lease runs out and the update is handled again: if its effects were written it is done and
        # this changes nothing.

    async def stop(self, grace: float = GRACE) -> None:
        """Take nothing new; let what is in hand finish for `grace` seconds, then cancel and give it back."""
        self._stopping = True
        self._wake.set()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=grace)
        left = {task: row for task, row in self._tasks.items() if not task.done()}
        for task in left:
            task.cancel()
        if left:
            await asyncio.gather(*left, return_exceptions=True)
            try:
                await self._inbox.release([row.id for row in left.values()])
            except Exception:
                logger.warning("could not give back %s leases; they expire by themselves", len(left))
        logger.info("inbox worker stopped (%s updates left for the next start)", len(left))
