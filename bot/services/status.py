"""The tracker's status: totals, agencies ranked by what they owe, and every assignment."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.assignment_rules import overdue_days
from bot.domain.clock import Clock, local_today
from bot.domain.jalali import jalali_date, jalali_parts, jalali_str
from bot.domain.paging import page_of
from bot.domain.persian import fa, persian_sort_key
from bot.domain.statuses import (
    ASSIGNMENT_STATUSES,
    CLOSED_STATUSES,
    DONE_STATUSES,
    OWING_STATUSES,
    AssignmentStatus,
)
from bot.heavy import HeavyRunner, HeavyWorkFailed, InlineRunner
from bot.reports.chart import ChartBar, ChartKind, render_chart
from bot.services.access import AccessDenied, Actor, Permission, Role, require
from bot.services.agencies import matcher_for
from bot.services.errors import ServiceError
from bot.services.status_models import (
    PER_PAGE,
    TOP_AGENCIES,
    AgencyFigure,
    ItemPage,
    Overview,
    Period,
    RankedAgency,
    Ranking,
    ResolutionStatus,
)
from bot.texts import status as t
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.status import ItemFilter, ItemOrder, StatusRepo
from storage.rows import MeetingRow, StatusItemRow, StatusTally

FRIDAY = 4  # Python's weekday
CHART_AGENCIES = 15  # bars in the agency chart (those with the most overdue)
CHART_MEETINGS = 12  # the latest meetings in the meeting chart
CHART_SECONDS = 30.0  # a chart still being drawn after this is given up (its worker is stopped)
RANKING_MEETINGS = 2  # "since meeting N" offered for the latest ones

# Every status, in the order people read them.
STATUSES = ASSIGNMENT_STATUSES


@dataclass(frozen=True)
class AssignmentState:
    meeting: int
    resolution: int
    agency: str
    status: AssignmentStatus
    percent: int
    due: date | None
    ongoing: bool
    overdue_days: int
    last_report: date | None

    def to_json(self) -> dict[str, object]:
        return {
            "meeting": self.meeting,
            "resolution": self.resolution,
            "agency": self.agency,
            "status": self.status,
            "percent": self.percent,
            "due": jalali_str(self.due) if self.due else None,
            "ongoing": self.ongoing,
            "overdue_days": self.overdue_days,
            "last_report": jalali_str(self.last_report) if self.last_report else None,
        }


@dataclass(frozen=True)
class AgencyStatus:
    name: str
    open: int
    overdue: int
    done: int

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "open": self.open, "overdue": self.overdue, "done": self.done}


@dataclass(frozen=True)
class StatusReport:
    today: date
    resolutions: int
    by_status: dict[AssignmentStatus, int]
    agencies: list[AgencyStatus]
    assignments: list[AssignmentState]

    @property
    def overdue(self) -> int:
        return sum(1 for a in self.assignments if a.overdue_days > 0)

    def to_json(self) -> dict[str, object]:
        return {
            "today": jalali_str(self.today),
            "totals": {
                "resolutions": self.resolutions,
                "assignments": len(self.assignments),
                "overdue": self.overdue,
                "by_status": dict(self.by_status),
            },
            "agencies": [a.to_json() for a in self.agencies],
            "assignments": [a.to_json() for a in self.assignments],
        }


def _local_date(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return moment.astimezone(tz).date() if moment is not None else None


def summarise(rows: Sequence[StatusItemRow], resolutions: int, today: date, tz: ZoneInfo) -> StatusReport:
    """Pure computation of the report from the overview rows (kept apart from I/O for testing)."""
    assignments = [
        AssignmentState(
            meeting=row.meeting_number,
            resolution=row.resolution_number,
            agency=row.agency_name,
            status=row.status,
            percent=row.percent,
            due=row.due_on,
            ongoing=row.ongoing,
            overdue_days=overdue_days(row.status, row.due_on, today),
            last_report=_local_date(row.last_report_at, tz),
        )
        for row in rows
    ]
    by_status = dict.fromkeys(STATUSES, 0)
    per_agency: dict[str, list[AssignmentState]] = {}
    for a in assignments:
        by_status[a.status] = by_status.get(a.status, 0) + 1
        per_agency.setdefault(a.agency, []).append(a)
    agencies = [
        AgencyStatus(
            name=name,
            open=sum(1 for a in items if a.status not in CLOSED_STATUSES),
            overdue=sum(1 for a in items if a.overdue_days > 0),
            done=sum(1 for a in items if a.status == AssignmentStatus.VERIFIED),
        )
        for name, items in per_agency.items()
    ]
    # Ranked: most overdue first, then most open, then in Persian alphabetical order.
    agencies.sort(key=lambda a: (-a.overdue, -a.open, persian_sort_key(a.name)))
    return StatusReport(
        today=today, resolutions=resolutions, by_status=by_status, agencies=agencies, assignments=assignments
    )


class AgencyChoice(ServiceError):
    """An agency name that fits several agencies (or none well): the closest ones to choose from."""

    def __init__(self, suggestions: list[tuple[int, str]]) -> None:
        super().__init__(t.AGENCY_WHICH)
        self.suggestions = suggestions


def week_end(today: date) -> date:
    """The Friday that ends today's week (the Iranian week runs Saturday to Friday)."""
    return today + timedelta(days=(FRIDAY - today.weekday()) % 7)


class StatusService:
    """The tracker's picture for the chat, the command line, the chart and the reports. Governor's office
    and secretariat see every agency; a representative sees only their agency's items."""

    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, heavy: HeavyRunner | None = None) -> None:
        self._db = db
        self._clock = clock
        self._tz = tz
        self._heavy = heavy if heavy is not None else InlineRunner()

    def today(self) -> date:
        return local_today(self._clock, self._tz)

    async def report(self) -> StatusReport:
        """Everything, assignment by assignment (`peygir status`)."""
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            rows = await repo.assignment_overview()
            resolutions = await repo.resolution_count()
        return summarise(rows, resolutions, self.today(), self._tz)

    async def overview(self, actor: Actor) -> Overview:
        own = scope_of(actor)
        today = self.today()
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            tallies = await repo.tallies(today, week_end(today), own)
            resolutions = await repo.resolution_count(own)
            top = await most_overdue(repo, tallies, TOP_AGENCIES)
            names = await repo.agency_names([own]) if own is not None else {}
        by_status = dict.fromkeys(STATUSES, 0)
        for row in tallies:
            by_status[row.status] = by_status.get(row.status, 0) + row.count
        return Overview(
            today=today,
            agency=names.get(own) if own is not None else None,
            resolutions=resolutions,
            assignments=sum(row.count for row in tallies),
            by_status=by_status,
            overdue=sum(row.overdue for row in tallies),
            due_this_week=sum(row.due_soon for row in tallies),
            decided=sum(row.decided for row in tallies),
            on_time=sum(row.on_time for row in tallies),
            most_overdue=top,
        )

    async def find_agency(self, actor: Actor, name: str) -> tuple[int, str]:
        """The agency a typed name means (fuzzy); AgencyChoice when it could be several."""
        own = scope_of(actor)
        async with self._db.read() as conn:
            rows = await AgencyRepo(conn).list()
        result = matcher_for(rows).match(name)
        if not result.matched or result.agency_id is None:
            if result.suggestions:
                raise AgencyChoice([(i, n) for i, n, _ in result.suggestions])
            raise ServiceError(t.AGENCY_NOT_FOUND.format(name=name))
        if own is not None and result.agency_id != own:
            raise AccessDenied(t.OWN_AGENCY_ONLY)
        return result.agency_id, result.agency_name or name

    async def agency_items(self, actor: Actor, agency_id: int | None, page: int = 0) -> tuple[str, ItemPage]:
        """An agency's assignments, open ones first (`agency_id` None: the representative's own)."""
        own = scope_of(actor)
        if agency_id is None:
            if own is None:
                raise ServiceError(t.AGENCY_NOT_FOUND.format(name=""))
            agency_id = own
        if own is not None and agency_id != own:
            raise AccessDenied(t.OWN_AGENCY_ONLY)
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            names = await repo.agency_names([agency_id])
            if agency_id not in names:
                raise ServiceError(t.AGENCY_NOT_FOUND.format(name=agency_id))
            found = await _page(repo, ItemFilter(agency_id=agency_id), "agency", page)
        return names[agency_id], found

    async def meeting_items(self, actor: Actor, meeting: int, page: int = 0) -> tuple[MeetingRow, ItemPage]:
        own = scope_of(actor)
        async with self._db.read() as conn:
            row = await MeetingRepo(conn).get_by_number(meeting)
            if row is None:
                raise ServiceError(t.MEETING_NOT_FOUND.format(meeting=fa(meeting)))
            found = await _page(
                StatusRepo(conn), ItemFilter(agency_id=own, meeting_number=meeting), "meeting", page
            )
        return row, found

    async def overdue(self, actor: Actor, page: int = 0) -> tuple[str | None, ItemPage]:
        """Assignments past due and still owed, the longest overdue first (a representative: their own)."""
        own = scope_of(actor)
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            found = await _page(repo, ItemFilter(agency_id=own, overdue_on=self.today()), "overdue", page)
            name = (await repo.agency_names([own])).get(own) if own is not None else None
        return name, found

    async def resolution(self, actor: Actor, meeting: int, number: int) -> ResolutionStatus:
        """Each agency's status, percent and latest report on one resolution."""
        own = scope_of(actor)
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            rows = await repo.assignment_overview(
                ItemFilter(meeting_number=meeting, resolution_number=number)
            )
            if not rows:
                raise ServiceError(t.RESOLUTION_NOT_FOUND.format(meeting=fa(meeting), number=fa(number)))
            if own is not None:
                rows = [r for r in rows if r.agency_id == own]
                if not rows:
                    raise AccessDenied(t.RESOLUTION_NOT_YOURS)
            latest = await repo.latest_reports(r.assignment_id for r in rows)
        first = rows[0]
        return ResolutionStatus(meeting, number, first.resolution_text, first.resolution_items, rows, latest)

    async def ranking(self, actor: Actor, period: Period) -> Ranking:
        """Agencies by on-time completion, then by average delay, over the assignments due in `period`."""
        require(actor, Permission.READ_TRACKER)
        today = self.today()
        async with self._db.read() as conn:
            since = await self._period_start(conn, period, today)
            rows = await StatusRepo(conn).ranking(today, since)
            recent = await MeetingRepo(conn).latest_numbers(RANKING_MEETINGS)
        ranked = [
            RankedAgency(r.agency_name, r.decided, r.on_time, r.delay_days / r.decided, r.overdue)
            for r in rows
            if r.decided
        ]
        ranked.sort(key=lambda a: (-a.on_time / a.decided, a.average_delay, persian_sort_key(a.name)))
        return Ranking(period, since, today, ranked, recent)

    async def chart(self, actor: Actor, kind: ChartKind) -> bytes | None:
        """The PNG of done, open and overdue assignments per agency (the most first) or per meeting (the
        latest); None when there is nothing to draw. Drawn by the heavy runner (in the running bot a worker
        process); a worker that runs out of memory or time is refused with a short «could not draw it now»."""
        require(actor, Permission.READ_TRACKER)
        today = self.today()
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            if kind == "agency":
                bars = await _agency_bars(repo, today)
            else:
                bars = [
                    ChartBar(t.CHART_MEETING.format(meeting=fa(number)), done, still_open, overdue)
                    for number, done, still_open, overdue in await repo.meeting_tallies(today, CHART_MEETINGS)
                ]
        if not bars:
            return None
        try:
            return await self._heavy.run(render_chart, kind, bars, today, seconds=CHART_SECONDS)
        except HeavyWorkFailed as exc:
            raise ServiceError(t.CHART_FAILED) from exc

    async def _period_start(self, conn: AsyncConnection, period: Period, today: date) -> date | None:
        if period.kind == "month":
            year, month, _ = jalali_parts(today)
            return jalali_date(year, month, 1)
        if period.kind == "meeting" and period.meeting is not None:
            row = await MeetingRepo(conn).get_by_number(period.meeting)
            if row is None:
                raise ServiceError(t.MEETING_NOT_FOUND.format(meeting=fa(period.meeting)))
            return row.held_on
        return None


async def most_overdue(repo: StatusRepo, tallies: Sequence[StatusTally], limit: int) -> list[AgencyFigure]:
    """The agencies with overdue items, most first (ties in Persian order), at most `limit`."""
    counts: dict[int, int] = {}
    for row in tallies:
        if row.overdue:
            counts[row.agency_id] = counts.get(row.agency_id, 0) + row.overdue
    names = await repo.agency_names(counts)
    figures = [AgencyFigure(i, names.get(i, "?"), n) for i, n in counts.items()]
    figures.sort(key=lambda a: (-a.overdue, persian_sort_key(a.name)))
    return figures[:limit]


async def _agency_bars(repo: StatusRepo, today: date) -> list[ChartBar]:
    counts: dict[int, list[int]] = {}
    for row in await repo.tallies(today, today):
        done_open_overdue = counts.setdefault(row.agency_id, [0, 0, 0])
        if row.status in DONE_STATUSES:
            done_open_overdue[0] += row.count
        elif row.status in OWING_STATUSES:
            done_open_overdue[1] += row.count - row.overdue
            done_open_overdue[2] += row.overdue
    names = await repo.agency_names(counts)
    bars = [ChartBar(names.get(i, "?"), *c) for i, c in counts.items() if sum(c)]
    bars.sort(key=lambda b: (-b.overdue, -b.total, persian_sort_key(b.label)))
    return bars[:CHART_AGENCIES]


def scope_of(actor: Actor) -> int | None:
    """The agency a caller is limited to (None: every agency); refused for someone without a role."""
    require(actor, Permission.READ_STATUS)
    if actor.role == Role.AGENCY:
        if actor.agency_id is None:
            raise AccessDenied()
        return actor.agency_id
    return None


async def _page(repo: StatusRepo, where: ItemFilter, order: ItemOrder, page: int) -> ItemPage:
    total = await repo.count_items(where)
    chosen = page_of(total, page, PER_PAGE)
    items = await repo.items(where, order, offset=chosen.start, limit=PER_PAGE)
    return ItemPage(total, chosen.number, chosen.count, items)
