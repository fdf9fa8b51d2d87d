"""Receiving: updates from the platform go into the inbox before the platform is told they arrived.

Polling confirms an update by asking for the next ones (``offset`` past it). The receiver asks only after
the updates it got are stored, so an update the process has not stored is delivered again; a redelivered
update that was stored adds nothing (the inbox is keyed by ``update_id``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, NetworkError

from bot.domain.cleaning import clean_payload
from bot.platforms import PlatformProfile
from bot.services.inbox import InboxService
from storage.repositories.inbox import Incoming

logger = logging.getLogger(__name__)

# Waits after a failed poll or a failed store: 1, 2, 4 … seconds, at most 30.
MAX_PAUSE = 30.0


class AnotherPoller(Exception):
    """The platform answered 409 Conflict: another program polls with this token."""


def incoming(update: Update) -> Incoming:
    """An update as the inbox keeps it: its JSON, cleaned once here (the boundary), and its chat."""
    chat, user = update.effective_chat, update.effective_user
    chat_id = chat.id if chat is not None else user.id if user is not None else 0
    return Incoming(update.update_id, chat_id, clean_payload(update.to_dict()))


class Receiver:
    def __init__(
        self,
        bot: Bot,
        inbox: InboxService,
        profile: PlatformProfile,
        allowed_updates: Sequence[str],
        on_stored: Callable[[], None],
    ) -> None:
        self._bot = bot
        self._inbox = inbox
        self._profile = profile
        self._allowed = list(allowed_updates)
        self._on_stored = on_stored
        self._offset: int | None = None

    async def run(self) -> None:
        """Poll and store until cancelled; raises AnotherPoller or InvalidToken, which end the bot."""
        failures = 0
        while True:
            try:
                await self.poll_once()
                failures = 0
            except Conflict as exc:
                raise AnotherPoller(str(exc)) from exc
            except InvalidToken:
                raise
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the network, the platform, the database: try again shortly
                failures += 1
                pause = min(2.0 ** (failures - 1), MAX_PAUSE)
                level = logging.WARNING if isinstance(exc, NetworkError) else logging.ERROR
                logger.log(level, "receiving updates failed (%s); again in %.0f s", exc, pause)
                await asyncio.sleep(pause)

    async def poll_once(self) -> int:
        """One getUpdates; the updates are stored before the next call confirms them. How many came."""
        updates = await self._bot.get_updates(
            offset=self._offset, timeout=self._profile.poll_timeout, allowed_updates=self._allowed
        )
        if updates:
            await self._inbox.store([incoming(u) for u in updates])
            self._offset = max(u.update_id for u in updates) + 1
            self._on_stored()
        elif self._profile.poll_interval:
            await asyncio.sleep(self._profile.poll_interval)
        return len(updates)
