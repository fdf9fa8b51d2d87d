"""Where each person is in a multi-step conversation (a wizard), kept in the database.

A restart mid-conversation loses nothing: the next message continues from the stored step.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock
from bot.services.inbox import current_ticket, with_the_effects
from storage.engine import Database
from storage.repositories.conversations import ConversationRepo


@dataclass(frozen=True)
class ChatKey:
    """One person in one chat on one platform."""

    platform: str
    chat_id: int
    user_id: int

    @property
    def ids(self) -> tuple[str, int, int]:
        """(platform, chat, user): how the storage keys a person's rows in a chat."""
        return self.platform, self.chat_id, self.user_id


@dataclass(frozen=True)
class Conversation:
    name: str
    step: str
    data: dict[str, Any]


class ConversationService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def get(self, key: ChatKey) -> Conversation | None:
        async with self._db.read() as conn:
            row = await ConversationRepo(conn).get(*key.ids)
        return Conversation(row.name, row.step, dict(row.data)) if row else None

    async def start(self, key: ChatKey, name: str, step: str, data: dict[str, Any] | None = None) -> None:
        """Begin (or replace) the person's conversation at `step`."""
        async with self._db.transaction() as conn:
            await ConversationRepo(conn).put(
                *key.ids,
                name=name,
                step=step,
                data=data or {},
                at=self._clock.now(),
            )

    @contextmanager
    def ends_with_the_effects(self, key: ChatKey) -> Iterator[None]:
        """Within the block, the conversation ends in the same transaction as the handling's effects (its
        first write), so a crash cannot keep a conversation whose work is done (the next message would be
        taken as its answer again). If the block raises, the conversation stays. Call `finish()` after
        the block all the same: outside the inbox, or if nothing was written, it ends it there."""

        async def end(conn: AsyncConnection) -> None:
            await ConversationRepo(conn).delete(*key.ids)

        ticket = current_ticket.get()
        registered = with_the_effects(end)
        try:
            yield
        except BaseException:
            if registered and ticket is not None and end in ticket.with_effect:
                ticket.with_effect.remove(end)
            raise

    async def finish(self, key: ChatKey) -> bool:
        """Forget the conversation; True if there was one."""
        async with self._db.transaction() as conn:
            return await ConversationRepo(conn).delete(*key.ids)
