"""Failed invite tokens, so that repeated guessing is refused for a while (also after a restart)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import invite_attempts


class InviteAttemptRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, platform: str, user_id: int, at: datetime) -> None:
        await self._conn.execute(insert(invite_attempts).values(platform=platform, user_id=user_id, at=at))

    async def count_since(self, platform: str, user_id: int, since: datetime) -> int:
        query = (
            select(func.count())
            .select_from(invite_attempts)
            .where(
                invite_attempts.c.platform == platform,
                invite_attempts.c.user_id == user_id,
                invite_attempts.c.at >= since,
            )
        )
        return int((await self._conn.execute(query)).scalar_one())

    async def forget_before(self, before: datetime) -> int:
        """Drop attempts older than `before` (they no longer count); returns how many."""
        result = await self._conn.execute(delete(invite_attempts).where(invite_attempts.c.at < before))
        return result.rowcount
