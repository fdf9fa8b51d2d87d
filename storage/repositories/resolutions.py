"""Resolutions of a meeting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.errors import Conflict
from storage.repositories._common import insert_returning
from storage.rows import ResolutionRow
from storage.tables import resolutions


def resolution_row(row: Row[Any]) -> ResolutionRow:
    return ResolutionRow(
        id=row.id,
        meeting_id=row.meeting_id,
        number=row.number,
        text=row.text,
        items=tuple(row.items),
        deadline_raw=row.deadline_raw,
        deadline_kind=row.deadline_kind,
        deadline_amount=row.deadline_amount,
        deadline_unit=row.deadline_unit,
        created_at=row.created_at,
        created_by=row.created_by,
        note=row.note,
    )


class ResolutionRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def get(self, meeting_id: int, number: int) -> ResolutionRow | None:
        """The resolution numbered ``number`` in a meeting."""
        query = select(resolutions).where(
            resolutions.c.meeting_id == meeting_id, resolutions.c.number == number
        )
        row = (await self._conn.execute(query)).one_or_none()
        return resolution_row(row) if row else None

    async def get_by_id(self, resolution_id: int) -> ResolutionRow | None:
        query = select(resolutions).where(resolutions.c.id == resolution_id)
        row = (await self._conn.execute(query)).one_or_none()
        return resolution_row(row) if row else None

    async def add(
        self,
        meeting_id: int,
        number: int,
        text: str,
        items: list[str],
        deadline_raw: str,
        deadline_kind: str,
        deadline_amount: int | None,
        deadline_unit: str | None,
        created_by: str,
        at: datetime,
        note: str = "",
    ) -> ResolutionRow:
        """A new resolution; Conflict if the meeting already has one with this number."""

        async def conflict() -> Conflict | None:
            existing = await self.get(meeting_id, number)
            return Conflict("resolution", "number", number, existing.id) if existing else None

        statement = (
            insert(resolutions)
            .values(
                meeting_id=meeting_id,
                number=number,
                text=text,
                items=list(items),
                deadline_raw=deadline_raw,
                deadline_kind=deadline_kind,
                deadline_amount=deadline_amount,
                deadline_unit=deadline_unit,
                created_at=at,
                created_by=created_by,
                note=note,
            )
            .returning(*resolutions.c)
        )
        return resolution_row(await insert_returning(self._conn, statement, conflict))

    async def list_for_meeting(self, meeting_id: int) -> list[ResolutionRow]:
        """A meeting's resolutions by number."""
        query = (
            select(resolutions).where(resolutions.c.meeting_id == meeting_id).order_by(resolutions.c.number)
        )
        return [resolution_row(row) for row in await self._conn.execute(query)]

    async def count(self) -> int:
        return await self._conn.scalar(select(func.count()).select_from(resolutions)) or 0
