"""Assignments: one per (resolution, agency), each with its own status and reminders."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.statuses import ASSIGNMENT_STATUSES, CLOSED_STATUSES, AssignmentStatus
from storage.errors import Conflict, NotFound
from storage.repositories._common import insert_returning
from storage.rows import AssignmentRow
from storage.tables import assignments


def assignment_row(row: Row[Any]) -> AssignmentRow:
    return AssignmentRow(
        id=row.id,
        resolution_id=row.resolution_id,
        agency_id=row.agency_id,
        status=AssignmentStatus(row.status),
        percent=row.percent,
        due_on=row.due_on,
        ongoing=row.ongoing,
        next_reminder_at=row.next_reminder_at,
        last_report_at=row.last_report_at,
        escalated_at=row.escalated_at,
        escalation_count=row.escalation_count,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_reminded_at=row.last_reminded_at,
        done_on=row.done_on,
    )


class AssignmentRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(
        self,
        resolution_id: int,
        agency_id: int,
        due_on: date | None,
        ongoing: bool,
        at: datetime,
        next_reminder_at: datetime | None = None,
    ) -> AssignmentRow:
        """A new assignment in status ``new``; Conflict if the agency already has this resolution."""

        async def conflict() -> Conflict | None:
            existing = await self.find(resolution_id, agency_id)
            return Conflict("assignment", "agency_id", agency_id, existing.id) if existing else None

        statement = (
            insert(assignments)
            .values(
                resolution_id=resolution_id,
                agency_id=agency_id,
                status=AssignmentStatus.NEW,
                percent=0,
                due_on=due_on,
                ongoing=ongoing,
                next_reminder_at=next_reminder_at,
                escalation_count=0,
                created_at=at,
                updated_at=at,
            )
            .returning(*assignments.c)
        )
        return assignment_row(await insert_returning(self._conn, statement, conflict))

    async def get(self, assignment_id: int) -> AssignmentRow | None:
        query = select(assignments).where(assignments.c.id == assignment_id)
        row = (await self._conn.execute(query)).one_or_none()
        return assignment_row(row) if row else None

    async def find(self, resolution_id: int, agency_id: int) -> AssignmentRow | None:
        query = select(assignments).where(
            assignments.c.resolution_id == resolution_id, assignments.c.agency_id == agency_id
        )
        row = (await self._conn.execute(query)).one_or_none()
        return assignment_row(row) if row else None

    async def list_for_resolution(self, resolution_id: int) -> list[AssignmentRow]:
        """A resolution's assignments in the order they were created."""
        query = (
            select(assignments).where(assignments.c.resolution_id == resolution_id).order_by(assignments.c.id)
        )
        return [assignment_row(row) for row in await self._conn.execute(query)]

    async def set_last_report(self, assignment_id: int, at: datetime) -> None:
        statement = (
            update(assignments)
            .where(assignments.c.id == assignment_id)
            .values(last_report_at=at, updated_at=at)
        )
        if (await self._conn.execute(statement)).rowcount == 0:
            raise NotFound("assignment", assignment_id)

    async def set_due(self, assignment_id: int, due_on: date, at: datetime) -> AssignmentRow:
        """A new due date (an approved extension), its reminders rescheduled from `at`; returns the new
        row (the caller audits it)."""
        statement = (
            update(assignments)
            .where(assignments.c.id == assignment_id)
            .values(due_on=due_on, updated_at=at, next_reminder_at=at, last_reminded_at=at)
            .returning(*assignments.c)
        )
        row = (await self._conn.execute(statement)).one_or_none()
        if row is None:
            raise NotFound("assignment", assignment_id)
        return assignment_row(row)

    async def reschedule(self, assignment_id: int, at: datetime) -> None:
        """Reminders start again from `at`: nothing before it is owed; due at once, so the next sweep works
        out the timetable."""
        statement = (
            update(assignments)
            .where(assignments.c.id == assignment_id)
            .values(next_reminder_at=at, last_reminded_at=at)
        )
        if (await self._conn.execute(statement)).rowcount == 0:
            raise NotFound("assignment", assignment_id)

    async def list_open_for_agency(self, agency_id: int) -> list[AssignmentRow]:
        """The agency's assignments that are not verified or cancelled, oldest first."""
        query = (
            select(assignments)
            .where(assignments.c.agency_id == agency_id, assignments.c.status.not_in(CLOSED_STATUSES))
            .order_by(assignments.c.id)
        )
        return [assignment_row(row) for row in await self._conn.execute(query)]

    async def update_status(
        self, assignment_id: int, status: str, percent: int, at: datetime, *, done_on: date | None = None
    ) -> AssignmentRow:
        """Set status and percent; returns the new row (the caller writes the audit entry). `done_on`, the
        day the agency reported it done, is kept for a verified item, set for a reported one (and must be
        given then) and cleared otherwise."""
        if status not in ASSIGNMENT_STATUSES:
            raise ValueError(f"unknown assignment status {status!r}")
        if not 0 <= percent <= 100:
            raise ValueError(f"percent must be within 0..100, got {percent}")
        statement = (
            update(assignments)
            .where(assignments.c.id == assignment_id)
            .values(status=status, percent=percent, updated_at=at, **_done_on(status, done_on))
            .returning(*assignments.c)
        )
        row = (await self._conn.execute(statement)).one_or_none()
        if row is None:
            raise NotFound("assignment", assignment_id)
        return assignment_row(row)


def _done_on(status: str, done_on: date | None) -> dict[str, date | None]:
    if status == AssignmentStatus.DONE_REPORTED:
        if done_on is None:
            raise ValueError("a reported done needs the day it was reported")
        return {"done_on": done_on}
    if status == AssignmentStatus.VERIFIED:
        return {}
    return {"done_on": None}
