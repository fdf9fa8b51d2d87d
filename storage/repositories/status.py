"""Read models for /status and the exports."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.persian import persian_sort_key
from storage.rows import AssignmentOverviewRow
from storage.tables import agencies, assignments, audit_log, meetings, resolutions


class StatusRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def assignment_overview(self) -> list[AssignmentOverviewRow]:
        """Every assignment with its meeting, resolution and agency, ordered by meeting number, resolution
        number, then agency name in Persian alphabetical order."""
        query = (
            select(
                assignments.c.id.label("assignment_id"),
                meetings.c.number.label("meeting_number"),
                meetings.c.held_on.label("meeting_held_on"),
                resolutions.c.id.label("resolution_id"),
                resolutions.c.number.label("resolution_number"),
                resolutions.c.text.label("resolution_text"),
                agencies.c.id.label("agency_id"),
                agencies.c.name.label("agency_name"),
                assignments.c.status,
                assignments.c.percent,
                assignments.c.due_on,
                assignments.c.ongoing,
                assignments.c.last_report_at,
            )
            .select_from(assignments)
            .join(resolutions, assignments.c.resolution_id == resolutions.c.id)
            .join(meetings, resolutions.c.meeting_id == meetings.c.id)
            .join(agencies, assignments.c.agency_id == agencies.c.id)
            .order_by(meetings.c.number, resolutions.c.number, assignments.c.id)
        )
        rows = [
            AssignmentOverviewRow(
                assignment_id=row.assignment_id,
                meeting_number=row.meeting_number,
                meeting_held_on=row.meeting_held_on,
                resolution_id=row.resolution_id,
                resolution_number=row.resolution_number,
                resolution_text=row.resolution_text,
                agency_id=row.agency_id,
                agency_name=row.agency_name,
                status=row.status,
                percent=row.percent,
                due_on=row.due_on,
                ongoing=row.ongoing,
                last_report_at=row.last_report_at,
            )
            for row in await self._conn.execute(query)
        ]
        # SQL orders the numbers; the name needs Persian order, which neither backend gives by default.
        rows.sort(key=lambda r: (r.meeting_number, r.resolution_number, persian_sort_key(r.agency_name)))
        return rows

    async def resolution_count(self) -> int:
        return await self._conn.scalar(select(func.count()).select_from(resolutions)) or 0

    async def verified_between(
        self, after: datetime, until: datetime
    ) -> list[tuple[int, date | None, datetime | None]]:
        """Assignments verified in (after, until]: (id, due date, when the agency last reported it done)."""
        verified = audit_log.alias("verified")
        done = audit_log.alias("done")
        query = (
            select(assignments.c.id, assignments.c.due_on, func.max(done.c.at))
            .select_from(verified)
            .join(assignments, assignments.c.id == verified.c.entity_id)
            .outerjoin(
                done,
                (done.c.entity == "assignment")
                & (done.c.entity_id == assignments.c.id)
                & (done.c.action == "assignment.done_reported"),
            )
            .where(
                verified.c.entity == "assignment",
                verified.c.action == "assignment.verify",
                verified.c.at > after,
                verified.c.at <= until,
            )
            .group_by(assignments.c.id, assignments.c.due_on)
        )
        return [(row[0], row[1], row[2]) for row in await self._conn.execute(query)]
