"""Read models for /status and the exports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, FromClause, Integer, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.persian import persian_sort_key
from bot.domain.statuses import CLOSED_STATUSES, DONE_STATUSES, OWING_STATUSES, AssignmentStatus
from storage.rows import (
    LatestReport,
    RankingRow,
    StatusItemRow,
    StatusTally,
)
from storage.tables import (
    agencies,
    assignments,
    audit_log,
    meetings,
    progress_reports,
    resolutions,
)

ItemOrder = Literal["overdue", "agency", "meeting"]
# Ids per IN list when reading the latest reports of many assignments.
CHUNK = 500


@dataclass(frozen=True)
class ItemFilter:
    """Which assignments a status view or a report lists (every field narrows; none: all of them)."""

    agency_id: int | None = None
    meeting_number: int | None = None
    resolution_number: int | None = None
    since_meeting: int | None = None  # meetings with this number and later
    overdue_on: date | None = None  # only those still owed and past due on this day

    def conditions(self) -> list[ColumnElement[bool]]:
        found: list[ColumnElement[bool]] = []
        if self.agency_id is not None:
            found.append(assignments.c.agency_id == self.agency_id)
        if self.meeting_number is not None:
            found.append(meetings.c.number == self.meeting_number)
        if self.resolution_number is not None:
            found.append(resolutions.c.number == self.resolution_number)
        if self.since_meeting is not None:
            found.append(meetings.c.number >= self.since_meeting)
        if self.overdue_on is not None:
            found.append(_overdue(self.overdue_on))
        return found


def _overdue(today: date) -> ColumnElement[bool]:
    return and_(assignments.c.status.in_(OWING_STATUSES), assignments.c.due_on < today)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.count().filter(condition)


def _done_or_past_due(today: date) -> ColumnElement[bool]:
    """Dated, and done or past its due date: on time or not is known (unless it was cancelled)."""
    due, done = assignments.c.due_on, assignments.c.done_on
    return or_(and_(done.is_not(None), due.is_not(None)), due < today)


def _decided(today: date) -> ColumnElement[bool]:
    return and_(assignments.c.status != AssignmentStatus.CANCELLED, _done_or_past_due(today))


def _on_time() -> ColumnElement[bool]:
    """Done on or before the due date (a comparison with a missing day is never true)."""
    return assignments.c.done_on <= assignments.c.due_on


class StatusRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def assignment_overview(self, where: ItemFilter | None = None) -> list[StatusItemRow]:
        """Every assignment (`where` selects) with its meeting, resolution and agency, ordered by meeting
        number, resolution number, then agency name in Persian alphabetical order."""
        rows = await self.items(where or ItemFilter(), "meeting")
        # SQL orders the numbers; the name needs Persian order, which neither backend gives by default.
        rows.sort(key=lambda r: (r.meeting_number, r.resolution_number, persian_sort_key(r.agency_name)))
        return rows

    async def resolution_count(self, agency_id: int | None = None) -> int:
        """Resolutions in all (or those that name this agency)."""
        if agency_id is None:
            return await self._conn.scalar(select(func.count()).select_from(resolutions)) or 0
        query = select(func.count(func.distinct(assignments.c.resolution_id))).where(
            assignments.c.agency_id == agency_id
        )
        return await self._conn.scalar(query) or 0

    async def tallies(self, today: date, soon_until: date, agency_id: int | None = None) -> list[StatusTally]:
        """The overview's figures per (agency, status), in one pass over the (agency, status, due_on,
        done_on) index: due soon means still owed and due in [today, soon_until]. The conditions that
        depend on the status are applied per group, after the scan (``COUNT(*) FILTER`` does the rest)."""
        due = assignments.c.due_on
        query = select(
            assignments.c.agency_id,
            assignments.c.status,
            func.count(),
            _count_if(due < today),
            _count_if(and_(due >= today, due <= soon_until)),
            _count_if(_done_or_past_due(today)),
            _count_if(_on_time()),
        ).group_by(assignments.c.agency_id, assignments.c.status)
        if agency_id is not None:
            query = query.where(assignments.c.agency_id == agency_id)
        found = []
        for agency, status, count, past_due, due_soon, decided, on_time in await self._conn.execute(query):
            owing = status in OWING_STATUSES
            counted = status != AssignmentStatus.CANCELLED
            found.append(
                StatusTally(
                    agency_id=agency,
                    status=AssignmentStatus(status),
                    count=count,
                    overdue=past_due if owing else 0,
                    due_soon=due_soon if owing else 0,
                    decided=decided if counted else 0,
                    on_time=on_time if counted else 0,
                )
            )
        return found

    async def meeting_tallies(self, today: date, last: int) -> list[tuple[int, int, int, int]]:
        """(meeting number, done, open, overdue) for the `last` meetings with assignments, oldest first;
        done is reported or verified, open is owed and not past due."""
        owing = assignments.c.status.in_(OWING_STATUSES)
        query = (
            select(
                meetings.c.number,
                _count_if(assignments.c.status.in_(DONE_STATUSES)),
                _count_if(and_(owing, or_(assignments.c.due_on.is_(None), assignments.c.due_on >= today))),
                _count_if(_overdue(today)),
            )
            .select_from(assignments)
            .join(resolutions, resolutions.c.id == assignments.c.resolution_id)
            .join(meetings, meetings.c.id == resolutions.c.meeting_id)
            .group_by(meetings.c.number)
            .order_by(meetings.c.number.desc())
            .limit(last)
        )
        rows = [(int(r[0]), int(r[1]), int(r[2]), int(r[3])) for r in await self._conn.execute(query)]
        return rows[::-1]

    async def agency_names(self, ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        query = select(agencies.c.id, agencies.c.name).where(agencies.c.id.in_(wanted))
        return {row.id: row.name for row in await self._conn.execute(query)}

    async def ranking(self, today: date, since: date | None) -> list[RankingRow]:
        """Each agency's record over assignments due from `since` (None: all time) that are decided by
        `today`; the days of delay of a done item count to its done day, of an open one to today."""
        delay = self._days(func.coalesce(assignments.c.done_on, literal(today)), assignments.c.due_on)
        late = case((delay > 0, delay), else_=0)
        decided = _decided(today)
        if since is not None:
            decided = and_(decided, assignments.c.due_on >= since)
        query = (
            select(
                agencies.c.id,
                agencies.c.name,
                func.count(),
                _count_if(_on_time()),
                func.coalesce(func.sum(late), 0),
                _count_if(_overdue(today)),
            )
            .select_from(assignments)
            .join(agencies, agencies.c.id == assignments.c.agency_id)
            .where(decided)
            .group_by(agencies.c.id, agencies.c.name)
        )
        return [
            RankingRow(row[0], row[1], int(row[2]), int(row[3]), int(row[4]), int(row[5]))
            for row in await self._conn.execute(query)
        ]

    def _days(self, later: ColumnElement[Any], earlier: ColumnElement[Any]) -> ColumnElement[Any]:
        """Whole days from `earlier` to `later` (two dates), on either backend."""
        if self._conn.dialect.name == "sqlite":
            return func.cast(func.julianday(later) - func.julianday(earlier), Integer)
        return later - earlier

    def _items_query(self, where: ItemFilter) -> Select[Any]:
        return (
            select(*_ITEM_COLUMNS)
            .select_from(assignments)
            .join(resolutions, resolutions.c.id == assignments.c.resolution_id)
            .join(meetings, meetings.c.id == resolutions.c.meeting_id)
            .join(agencies, agencies.c.id == assignments.c.agency_id)
            .where(*where.conditions())
        )

    async def count_items(self, where: ItemFilter) -> int:
        query = select(func.count()).select_from(_scope(where, False)).where(*where.conditions())
        return await self._conn.scalar(query) or 0

    async def items(
        self, where: ItemFilter, order: ItemOrder, offset: int = 0, limit: int | None = None
    ) -> list[StatusItemRow]:
        """The assignments `where` selects, in `order`:
        - overdue: the longest overdue first;
        - agency: open before closed, then by due date (undated last) and as they were stored;
        - meeting: by meeting, row and agency.
        A page is chosen among the assignments alone (joined to the meeting only when the filter or the
        order needs it), and only its rows are joined to the rest."""
        orders = _orders(order)
        if limit is None and not offset:
            return [
                _item(row) for row in await self._conn.execute(self._items_query(where).order_by(*orders))
            ]
        page = (
            select(assignments.c.id)
            .select_from(_scope(where, order == "meeting"))
            .where(*where.conditions())
            .order_by(*orders)
            .offset(offset)
        )
        if limit is not None:
            page = page.limit(limit)
        query = self._items_query(ItemFilter()).where(assignments.c.id.in_(page.scalar_subquery()))
        return [_item(row) for row in await self._conn.execute(query.order_by(*orders))]

    async def latest_reports(self, assignment_ids: Iterable[int]) -> dict[int, LatestReport]:
        """Each assignment's latest progress report (by id: reports are numbered as they come)."""
        ids = sorted(set(assignment_ids))
        found: dict[int, LatestReport] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            latest = (
                select(func.max(progress_reports.c.id))
                .where(progress_reports.c.assignment_id.in_(chunk))
                .group_by(progress_reports.c.assignment_id)
                .scalar_subquery()
            )
            query = select(
                progress_reports.c.assignment_id,
                progress_reports.c.text,
                progress_reports.c.percent,
                progress_reports.c.attachments,
                progress_reports.c.created_at,
            ).where(progress_reports.c.id.in_(latest))
            for row in await self._conn.execute(query):
                found[row[0]] = LatestReport(row[0], row[1], row[2], len(row[3] or ()), row[4])
        return found

    async def verified_between(
        self, after: datetime, until: datetime
    ) -> list[tuple[int, date | None, date | None]]:
        """Assignments verified in (after, until]: (id, due date, the day the agency reported it done)."""
        query = (
            select(assignments.c.id, assignments.c.due_on, assignments.c.done_on)
            .select_from(audit_log)
            .join(assignments, assignments.c.id == audit_log.c.entity_id)
            .where(
                audit_log.c.entity == "assignment",
                audit_log.c.action == "assignment.verify",
                audit_log.c.at > after,
                audit_log.c.at <= until,
            )
            .distinct()
        )
        return [(row[0], row[1], row[2]) for row in await self._conn.execute(query)]


def _scope(where: ItemFilter, by_meeting: bool) -> FromClause:
    """Assignments, joined to their resolution and meeting only if the filter or the order reads them."""
    meeting_filters = (where.meeting_number, where.since_meeting, where.resolution_number)
    if not by_meeting and all(value is None for value in meeting_filters):
        return assignments
    return assignments.join(resolutions, resolutions.c.id == assignments.c.resolution_id).join(
        meetings, meetings.c.id == resolutions.c.meeting_id
    )


def _orders(order: ItemOrder) -> list[Any]:
    closed = case((assignments.c.status.in_(CLOSED_STATUSES), 1), else_=0)
    undated = case((assignments.c.due_on.is_(None), 1), else_=0)
    orders: dict[str, list[Any]] = {
        "overdue": [assignments.c.due_on, assignments.c.id],
        "agency": [closed, undated, assignments.c.due_on, assignments.c.id],
        "meeting": [meetings.c.number, resolutions.c.number, assignments.c.id],
    }
    return orders[order]


# Labelled as StatusItemRow's fields.
_ITEM_COLUMNS = (
    assignments.c.id.label("assignment_id"),
    meetings.c.number.label("meeting_number"),
    meetings.c.held_on.label("meeting_held_on"),
    resolutions.c.id.label("resolution_id"),
    resolutions.c.number.label("resolution_number"),
    resolutions.c.text.label("resolution_text"),
    resolutions.c["items"].label("resolution_items"),
    agencies.c.id.label("agency_id"),
    agencies.c.name.label("agency_name"),
    assignments.c.status,
    assignments.c.percent,
    assignments.c.due_on,
    assignments.c.ongoing,
    assignments.c.done_on,
    assignments.c.last_report_at,
)


def _item(row: Any) -> StatusItemRow:
    values = row._mapping
    return StatusItemRow(
        **{
            **values,
            "resolution_items": tuple(values["resolution_items"]),
            "ongoing": bool(values["ongoing"]),
            "status": AssignmentStatus(values["status"]),
        }
    )
