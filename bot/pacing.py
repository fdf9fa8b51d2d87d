"""The bot's overall pace, with a lane for answers: a reply to a person goes ahead of the outbox's bulk.

The platform allows so many messages a second for the whole token. Each send takes the next slot, one
every ``interval`` seconds, evenly spaced; when several wait, answers to people (the default) are served
before bulk sends (the outbox's pushes, reminders and notices, marked by :func:`bulk_sends`), each lane in
order of arrival. So a person's /status during a 600-representative fan-out waits for one slot, not for
the fan-out; the fan-out still goes at the full pace whenever nobody is being answered.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from contextvars import ContextVar
from types import TracebackType

#: Set while the outbox sends (its tasks inherit it): those sends take the bulk lane.
_bulk: ContextVar[bool] = ContextVar("peygir_bulk_send", default=False)

ANSWER, BULK = 0, 1


def bulk_sends() -> None:
    """Mark the current task's sends (and those of tasks it starts) as bulk: they wait for answers."""
    _bulk.set(True)


class PriorityPacer:
    """One slot every `interval` seconds; answers first, then bulk. An async context manager (what PTB's
    rate limiter expects of its overall limiter)."""

    def __init__(self, interval: float) -> None:
        self._interval = interval
        self._next = 0.0  # the loop time of the next free slot
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._timer: asyncio.TimerHandle | None = None

    async def acquire(self, lane: int | None = None) -> None:
        lane = (BULK if _bulk.get() else ANSWER) if lane is None else lane
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._waiting and now >= self._next:
            self._next = now + self._interval
            return
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._waiting, (lane, next(self._order), future))
        self._schedule(loop)
        await future  # a cancelled waiter's future is skipped when its turn comes

    def waiting(self) -> tuple[int, int]:
        """How many wait in each lane (answers, bulk)."""
        lanes = [lane for lane, _, future in self._waiting if not future.done()]
        return lanes.count(ANSWER), lanes.count(BULK)

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._timer is None:
            self._timer = loop.call_at(max(self._next, loop.time()), self._release, loop)

    def _release(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        while self._waiting:
            _, _, future = heapq.heappop(self._waiting)
            if not future.done():
                future.set_result(None)
                self._next = loop.time() + self._interval
                break
        if self._waiting:
            self._schedule(loop)

    async def __aenter__(self) -> None:
        await self.acquire()

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        return None
