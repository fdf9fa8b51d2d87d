"""Draining the outbox: send what is due, keep to the platform's limits, retry what can be retried.

The platform's limits are kept by the bot's rate limiter (``bot.transport.PlatformRateLimiter``); the
dispatcher sends several messages at once so that the limiter, not the network's round trips, sets the
pace. Errors are sorted: 429 and network trouble are retried (honouring ``retry_after``); a blocked bot
or an unknown chat is permanent: the member is marked unreachable and the secretariat told.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.services.outbox import OutboxService, Outgoing

logger = logging.getLogger(__name__)

CONCURRENCY = 16
BATCH = 200
_PERMANENT_BAD_REQUESTS = ("chat not found", "user not found", "peer_id_invalid", "user is deactivated")


def _keyboard(buttons: list[list[dict[str, str]]]) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(b["text"], callback_data=b["callback_data"]) for b in row] for row in buttons
    ]
    return InlineKeyboardMarkup(rows) if rows else None


class Dispatcher:
    def __init__(self, bot: Bot, outbox: OutboxService, concurrency: int = CONCURRENCY) -> None:
        self._bot = bot
        self._outbox = outbox
        self._slots = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()

    async def release_stale(self) -> int:
        return await self._outbox.release_stale()

    async def drain(self) -> int:
        """Send everything due now (in batches); returns how many messages went out."""
        if self._lock.locked():
            return 0  # a drain is running: it takes what is due, this one has nothing to add
        async with self._lock:  # one drain at a time in this process; other processes claim rows apart
            sent = 0
            while True:
                batch = await self._outbox.claim_due(BATCH)
                if not batch:
                    return sent
                results = await asyncio.gather(*(self._send(message) for message in batch))
                sent += sum(results)
                if len(batch) < BATCH:
                    return sent

    async def _send(self, message: Outgoing) -> bool:
        async with self._slots:
            try:
                result = await self._bot.send_message(
                    message.chat_id, message.text, reply_markup=_keyboard(message.buttons)
                )
            except RetryAfter as exc:
                wait = (
                    exc.retry_after
                    if isinstance(exc.retry_after, timedelta)
                    else timedelta(seconds=exc.retry_after)
                )
                await self._outbox.retry(message, str(exc), wait)
                return False
            except Forbidden as exc:
                await self._outbox.give_up(message, str(exc), unreachable=True)
                return False
            except BadRequest as exc:
                permanent_chat = any(p in str(exc).lower() for p in _PERMANENT_BAD_REQUESTS)
                await self._outbox.give_up(message, str(exc), unreachable=permanent_chat)
                if not permanent_chat:
                    logger.error("outbox %s refused by the platform: %s", message.id, exc)
                return False
            except (NetworkError, TelegramError) as exc:  # timeouts, 5xx, dropped connections
                await self._outbox.retry(message, f"{type(exc).__name__}: {exc}")
                return False
            await self._outbox.sent(message.id, result.message_id)
            return True
