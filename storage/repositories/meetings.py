"""Council meetings."""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import Conflict
from storage.repositories._common import insert_returning
from storage.rows import MeetingRow
from storage.tables import meetings


def meeting_row(row: Row[Any]) -> MeetingRow:
    return MeetingRow(
        id=row.id,
        number=row.number,
        held_on=row.held_on,
        title=row.title,
        source_name=row.source_name,
        source_sha256=row.source_sha256,
        created_at=row.created_at,
        created_by=row.created_by,
    )


class MeetingRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, meeting_id: int) -> MeetingRow | None:
        row = (await self._conn.execute(select(meetings).where(meetings.c.id == meeting_id))).one_or_none()
        return meeting_row(row) if row else None

    async def get_by_number(self, number: int) -> MeetingRow | None:
        row = (await self._conn.execute(select(meetings).where(meetings.c.number == number))).one_or_none()
        return meeting_row(row) if row else None

    async def add(
        self,
        number: int,
        held_on: date,
        title: str,
        source_name: str | None,
        source_sha256: str | None,
        created_by: str,
        at: datetime,
    ) -> MeetingRow:
        """A new meeting; Conflict if its number is taken."""

        async def conflict() -> Conflict | None:
            existing = await self.get_by_number(number)
            return Conflict("meeting", "number", number, existing.id) if existing else None

        statement = (
            insert(meetings)
            .values(
                number=number,
                held_on=held_on,
                title=title,
                source_name=source_name,
                source_sha256=source_sha256,
                created_at=at,
                created_by=created_by,
            )
            .returning(*meetings.c)
        )
        return meeting_row(await insert_returning(self._conn, statement, conflict))

    async def latest_numbers(self, limit: int) -> builtins.list[int]:
        """The numbers of the last `limit` meetings, the latest first."""
        query = select(meetings.c.number).order_by(meetings.c.number.desc()).limit(limit)
        return [int(n) for n in (await self._conn.execute(query)).scalars()]

    async def list(self) -> builtins.list[MeetingRow]:
        """Every meeting by number."""
        result = await self._conn.execute(select(meetings).order_by(meetings.c.number))
        return [meeting_row(row) for row in result]
