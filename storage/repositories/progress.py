"""Progress reports on an assignment."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.rows import ProgressReportRow, ReportLine
from storage.tables import agencies, assignments, meetings, members, progress_reports, resolutions


def progress_row(row: Row[Any]) -> ProgressReportRow:
    return ProgressReportRow(
        id=row.id,
        assignment_id=row.assignment_id,
        member_id=row.member_id,
        text=row.text,
        percent=row.percent,
        attachments=tuple(row.attachments),
        created_at=row.created_at,
    )


class ProgressRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self,
        *,
        assignment_id: int,
        member_id: int | None,
        text: str,
        percent: int | None,
        attachments: list[dict[str, Any]],
        at: datetime,
    ) -> ProgressReportRow:
        """Store a report; ``attachments`` are dicts such as {"file_id": …, "name": …}."""
        if percent is not None and not 0 <= percent <= 100:
            raise ValueError(f"percent must be within 0..100, got {percent}")
        statement = (
            insert(progress_reports)
            .values(
                assignment_id=assignment_id,
                member_id=member_id,
                text=text,
                percent=percent,
                attachments=list(attachments),
                created_at=at,
            )
            .returning(*progress_reports.c)
        )
        return progress_row((await self._conn.execute(statement)).one())

    async def get(self, report_id: int) -> ProgressReportRow | None:
        query = select(progress_reports).where(progress_reports.c.id == report_id)
        row = (await self._conn.execute(query)).one_or_none()
        return progress_row(row) if row else None

    async def list_for_assignment(self, assignment_id: int) -> list[ProgressReportRow]:
        """An assignment's reports, oldest first."""
        query = (
            select(progress_reports)
            .where(progress_reports.c.assignment_id == assignment_id)
            .order_by(progress_reports.c.created_at, progress_reports.c.id)
        )
        return [progress_row(row) for row in await self._conn.execute(query)]

    async def between(self, after: datetime, until: datetime) -> list[ReportLine]:
        """Reports made in (after, until], oldest first, with what the secretariat's digest shows."""
        query = (
            select(
                progress_reports.c.id,
                progress_reports.c.created_at,
                progress_reports.c.text,
                progress_reports.c.percent,
                progress_reports.c.attachments,
                meetings.c.number.label("meeting"),
                resolutions.c.number.label("number"),
                agencies.c.name.label("agency"),
                members.c.display_name.label("who"),
            )
            .join(assignments, assignments.c.id == progress_reports.c.assignment_id)
            .join(resolutions, resolutions.c.id == assignments.c.resolution_id)
            .join(meetings, meetings.c.id == resolutions.c.meeting_id)
            .join(agencies, agencies.c.id == assignments.c.agency_id)
            .outerjoin(members, members.c.id == progress_reports.c.member_id)
            .where(progress_reports.c.created_at > after, progress_reports.c.created_at <= until)
            .order_by(progress_reports.c.created_at, progress_reports.c.id)
        )
        return [
            ReportLine(
                at=row.created_at,
                meeting=row.meeting,
                number=row.number,
                agency=row.agency,
                who=row.who,
                text=row.text,
                percent=row.percent,
                attachments=len(row.attachments),
            )
            for row in await self._conn.execute(query)
        ]
