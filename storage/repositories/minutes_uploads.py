"""The file a minutes upload's preview waits on: one per person and chat, removed with the conversation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories._common import upsert_per_chat
from storage.tables import minutes_uploads as uploads


class MinutesUploadRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, platform: str, chat_id: int, user_id: int) -> bytes | None:
        query = select(uploads.c.content).where(
            uploads.c.platform == platform, uploads.c.chat_id == chat_id, uploads.c.user_id == user_id
        )
        content = (await self._conn.execute(query)).scalar_one_or_none()
        return bytes(content) if content is not None else None

    async def put(self, platform: str, chat_id: int, user_id: int, *, content: bytes, at: datetime) -> None:
        """Keep the file for the person's conversation (which must exist: it is the parent row)."""
        values = {"content": content, "created_at": at}
        await self._conn.execute(upsert_per_chat(self._conn, uploads, platform, chat_id, user_id, values))

    async def delete(self, platform: str, chat_id: int, user_id: int) -> bool:
        statement = delete(uploads).where(
            uploads.c.platform == platform, uploads.c.chat_id == chat_id, uploads.c.user_id == user_id
        )
        return (await self._conn.execute(statement)).rowcount == 1
