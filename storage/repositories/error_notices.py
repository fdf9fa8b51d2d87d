"""The secretariat's error notices as outbox rows: the count of repeats kept in a pending notice."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.outbox import outbox_row
from storage.rows import OutboxRow
from storage.tables import outbox


class ErrorNoticeRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def pending(self, key_prefix: str) -> list[OutboxRow]:
        """The notices not sent yet whose dedupe key starts with `key_prefix`."""
        query = select(outbox).where(
            outbox.c.dedupe_key.startswith(key_prefix, autoescape=True), outbox.c.state == "pending"
        )
        return [outbox_row(row) for row in await self._conn.execute(query)]

    async def set_payload(self, outbox_id: int, payload: dict[str, Any]) -> None:
        """A pending notice says something new (a higher count)."""
        await self._conn.execute(
            update(outbox)
            .where(outbox.c.id == outbox_id, outbox.c.state == "pending")
            .values(payload=payload)
        )
