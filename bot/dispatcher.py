"""Draining the outbox: send what is due, keep to the platform's limits, retry what can be retried.

The platform's limits are kept by the bot's rate limiter (``bot.transport.PlatformRateLimiter``); the
dispatcher sends several messages at once so that the limiter, not the network's round trips, sets the
pace. Errors are sorted: 429 and network trouble are retried (honouring ``retry_after``); a blocked bot
or an unknown chat is permanent: the member is marked unreachable and the secretariat told.

What became of each send is written to the outbox at once. If the database refuses (a passing fault:
locked, read-only, unreachable), the outcome is kept in memory and written before anything else: the next
drain writes it first and claims nothing new until it could, and no message is sent meanwhile. So a
delivered message keeps its MessageLink and is not sent again, however long the fault lasts, as long as
the process lives. Every send starts only while its claim's lease (``bot.services.outbox.LEASE``) covers
the longest send, so no other sender can take the message over while it is on its way.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.metrics import Metrics
from bot.pacing import bulk_sends
from bot.platforms import PROFILES, PlatformProfile
from bot.services.outbox import OutboxService, Outgoing
from bot.transport import PlatformBot, may_have_arrived, retry_wait
from storage.errors import is_transient

logger = logging.getLogger(__name__)

CONCURRENCY = 16
BATCH = 200
_PERMANENT_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")
# On top of the network's timeouts, what one send may spend in the rate limiter: the pace (at most
# CONCURRENCY sends wait for one chat's second) and the limiter's own retries of a 429.
LIMITER_ALLOWANCE = timedelta(seconds=60)
# Seconds between two tries at writing outcomes the database refused: doubling up to the cap.
FIRST_WRITE_WAIT = 0.5
MAX_WRITE_WAIT = 8.0


def _keyboard(buttons: list[list[dict[str, str]]]) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row] for row in buttons
    ]
    return InlineKeyboardMarkup(rows) if rows else None


@dataclass(frozen=True)
class _Outcome:
    """What became of one claimed message, to be written to the outbox."""

    message: Outgoing
    kind: Literal["sent", "retry", "given up", "released"]
    what: str  # for the log: "sent as 51", "retry: TimedOut …"
    write: Callable[[], Awaitable[bool]]  # False: the claim was lost (or the delivery recorded already)

    @property
    def delivered(self) -> bool:
        return self.kind == "sent"


class Dispatcher:
    def __init__(
        self,
        bot: Bot,
        outbox: OutboxService,
        concurrency: int = CONCURRENCY,
        profile: PlatformProfile | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self._bot = bot
        self._outbox = outbox
        self._metrics = metrics
        if profile is None:  # the bot's own, or its platform's
            profile = bot.platform if isinstance(bot, PlatformBot) else PROFILES[outbox.platform]
        self._profile = profile
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        # While a drain runs with one: asked before each send (see `drain`).
        self._still_sender: Callable[[], Awaitable[bool]] | None = None
        # A send starts only while the lease has at least this long to run.
        self._reserve = timedelta(seconds=self._profile.longest_send) + LIMITER_ALLOWANCE
        if outbox.lease <= self._reserve:
            raise ValueError(f"the outbox's lease ({outbox.lease}) must outlast one send ({self._reserve})")
        # Outcomes the database refused, oldest first; written before anything else is claimed or sent.
        self._unwritten: deque[_Outcome] = deque()
        self._write_wait = FIRST_WRITE_WAIT
        self._next_write = 0.0  # the event loop's time of the next try at them

    @property
    def unwritten(self) -> int:
        """How many outcomes wait for the database."""
        return len(self._unwritten)

    async def release_stale(self) -> int:
        return await self._outbox.release_stale()

    async def take_over(self) -> int:
        """This process has just become the sender: the claims the one before left are free now."""
        async with self._lock:  # not while a drain of this process is writing its outcomes
            return await self._outbox.take_over()

    async def drain(self, still_sender: Callable[[], Awaitable[bool]] | None = None) -> int:
        """Send everything due now (in batches); returns how many messages went out. With `still_sender`,
        it is asked before each batch and each send: a process that is no longer the sender stops, and
        gives back the claims it had not sent yet."""
        if self._lock.locked():
            return 0  # a drain is running: it takes what is due, this one has nothing to add
        async with self._lock:  # one drain at a time in this process; other processes claim rows apart
            self._still_sender = still_sender
            try:
                return await self._drain(still_sender)
            finally:
                self._still_sender = None

    async def _drain(self, still_sender: Callable[[], Awaitable[bool]] | None) -> int:
        if not await self._write_unwritten():
            return 0
        sent = 0
        while True:
            if still_sender is not None and not await still_sender():
                return sent
            try:
                batch = await self._outbox.claim_due(BATCH)
            except Exception as exc:
                if not is_transient(exc):
                    raise
                logger.warning("outbox: nothing claimed, the database refused: %s", exc)
                return sent
            if not batch:
                return sent
            results = await asyncio.gather(*(self._send(message) for message in batch))
            sent += sum(results)
            if len(batch) < BATCH or self._unwritten:
                return sent

    async def _send(self, message: Outgoing) -> bool:
        """Send one claimed message and write what became of it; True if it was delivered. Its sends take
        the bulk lane: an answer to a person goes first (``bot.pacing``)."""
        bulk_sends()  # this task's own context: the drain's caller is not marked
        async with self._slots:
            still = self._still_sender
            if (
                self._unwritten
                or self._outbox.lease_left(message) < self._reserve
                or (still is not None and not await still())
            ):
                # The database refuses outcomes (sending more would only add to what a crash now would
                # send twice), or the claim could run out on the way: not sent, back to pending.
                outcome = _Outcome(
                    message, "released", "released unsent", lambda: self._outbox.release(message)
                )
            else:
                outcome = await self._attempt(message)
        await self._write(outcome)
        return outcome.delivered

    async def _attempt(self, message: Outgoing) -> _Outcome:
        """One call to the platform, and what it means for the message."""
        outbox, profile = self._outbox, self._profile
        read_timeout = profile.resend_read_timeout if message.unconfirmed else profile.send_read_timeout
        try:
            result = await self._bot.send_message(
                message.chat_id,
                message.text,
                reply_markup=_keyboard(message.buttons),
                read_timeout=read_timeout,
                write_timeout=profile.send_write_timeout,
                connect_timeout=profile.send_connect_timeout,
                pool_timeout=profile.send_pool_timeout,
            )
        except RetryAfter as exc:
            if self._metrics is not None:
                self._metrics.rate_limited.inc()
            return self._retry(message, str(exc), retry_wait(exc))
        except Forbidden as exc:
            return self._give_up(message, str(exc), unreachable=True)
        except BadRequest as exc:
            permanent_chat = any(p in str(exc).lower() for p in _PERMANENT_BAD_REQUESTS)
            if not permanent_chat:
                logger.error("outbox %s refused by the platform: %s", message.id, exc)
            return self._give_up(message, str(exc), unreachable=permanent_chat)
        except TelegramError as exc:  # timeouts, 5xx, dropped connections
            return self._retry(message, f"{type(exc).__name__}: {exc}", unconfirmed=may_have_arrived(exc))
        except Exception as exc:  # not the platform's answer: a fault of this side; try again later
            logger.exception("outbox %s: sending failed", message.id)
            return self._retry(message, f"{type(exc).__name__}: {exc}")
        at = outbox.now()
        return _Outcome(
            message,
            "sent",
            f"sent as {result.message_id}",
            lambda: outbox.sent(message, result.message_id, at),
        )

    def _retry(
        self, message: Outgoing, error: str, wait: timedelta | None = None, *, unconfirmed: bool = False
    ) -> _Outcome:
        return _Outcome(
            message,
            "retry",
            f"retry: {error}",
            lambda: self._outbox.retry(message, error, wait, unconfirmed=unconfirmed),
        )

    def _give_up(self, message: Outgoing, error: str, *, unreachable: bool) -> _Outcome:
        return _Outcome(
            message,
            "given up",
            f"given up: {error}",
            lambda: self._outbox.give_up(message, error, unreachable),
        )

    async def _write(self, outcome: _Outcome) -> None:
        """Write an outcome now, or keep it for later if the database refuses."""
        if self._metrics is not None:
            metrics = self._metrics
            counter = {"sent": metrics.sent, "retry": metrics.retried, "given up": metrics.failed}.get(
                outcome.kind
            )
            if counter is not None:
                counter.inc()
        if self._unwritten or not await self._written(outcome):
            self._unwritten.append(outcome)

    async def _write_unwritten(self) -> bool:
        """Write the outcomes the database refused before; True once none is left."""
        loop = asyncio.get_running_loop()
        if not self._unwritten:
            return True
        if loop.time() < self._next_write:
            return False
        while self._unwritten:
            if not await self._written(self._unwritten[0]):
                self._next_write = loop.time() + self._write_wait
                self._write_wait = min(self._write_wait * 2, MAX_WRITE_WAIT)
                return False
            self._unwritten.popleft()
        self._write_wait = FIRST_WRITE_WAIT
        logger.info("outbox: the database took every outcome it had refused")
        return True

    async def _written(self, outcome: _Outcome) -> bool:
        """Try to write an outcome: False only if the database refused it for now (a passing fault)."""
        message = outcome.message
        try:
            if not await outcome.write():
                logger.info("outbox %s (%s): recorded already, or claimed again", message.id, outcome.what)
        except Exception as exc:
            if is_transient(exc):
                logger.warning("outbox %s (%s) kept to write later: %s", message.id, outcome.what, exc)
                return False
            # Not a passing fault: the row stays claimed until its lease runs out, then is taken again.
            logger.exception("outbox %s (%s) could not be recorded", message.id, outcome.what)
        return True
