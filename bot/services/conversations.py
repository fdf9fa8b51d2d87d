"""Where each person is in a multi-step conversation (a wizard), kept in the database.

A restart mid-conversation loses nothing: the next message continues from the stored step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.domain.clock import Clock
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

    async def finish(self, key: ChatKey) -> bool:
        """Forget the conversation; True if there was one."""
        async with self._db.transaction() as conn:
            return await ConversationRepo(conn).delete(*key.ids)
