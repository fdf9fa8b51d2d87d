"""Wizard state, kept in the database so that a restart mid-conversation loses nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories._common import upsert_per_chat
from storage.rows import ConversationStateRow
from storage.tables import conversation_states as states


def conversation_row(row: Row[Any]) -> ConversationStateRow:
    return ConversationStateRow(
        platform=row.platform,
        chat_id=row.chat_id,
        user_id=row.user_id,
        name=row.name,
        step=row.step,
        data=row.data,
        updated_at=row.updated_at,
    )


class ConversationRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, platform: str, chat_id: int, user_id: int) -> ConversationStateRow | None:
        query = select(states).where(
            states.c.platform == platform, states.c.chat_id == chat_id, states.c.user_id == user_id
        )
        row = (await self._conn.execute(query)).one_or_none()
        return conversation_row(row) if row else None

    async def put(
        self,
        platform: str,
        chat_id: int,
        user_id: int,
        *,
        name: str,
        step: str,
        data: dict[str, Any],
        at: datetime,
    ) -> ConversationStateRow:
        """Create or replace the user's wizard state in this chat (one atomic upsert)."""
        values = {"name": name, "step": step, "data": data, "updated_at": at}
        statement = upsert_per_chat(self._conn, states, platform, chat_id, user_id, values).returning(
            *states.c
        )
        return conversation_row((await self._conn.execute(statement)).one())

    async def delete(self, platform: str, chat_id: int, user_id: int) -> bool:
        """Forget the state; True if there was one."""
        statement = delete(states).where(
            states.c.platform == platform, states.c.chat_id == chat_id, states.c.user_id == user_id
        )
        return (await self._conn.execute(statement)).rowcount == 1
