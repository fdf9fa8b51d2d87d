"""The tracker's status: totals, agencies ranked by what they owe, and every assignment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock, local_today
from bot.jalali import jalali_str
from bot.persian import persian_sort_key
from storage.engine import Database
from storage.repositories.status import StatusRepo
from storage.rows import AssignmentOverviewRow

STATUSES = ("new", "acknowledged", "in_progress", "done_reported", "verified", "cancelled")
# The agency still owes work (and can be overdue) in these; done_reported waits for the secretariat.
OWING_STATUSES = frozenset({"new", "acknowledged", "in_progress"})
# Nothing more is expected; every other status counts as open in the per-agency figures.
CLOSED_STATUSES = frozenset({"verified", "cancelled"})


@dataclass(frozen=True)
class AssignmentStatus:
    meeting: int
    resolution: int
    agency: str
    status: str
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
    by_status: dict[str, int]
    agencies: list[AgencyStatus]
    assignments: list[AssignmentStatus]

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


def overdue_days(status: str, due: date | None, today: date) -> int:
    """Days past due for an assignment that still owes work; 0 otherwise."""
    if due is None or status not in OWING_STATUSES or today <= due:
        return 0
    return (today - due).days


def _local_date(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return moment.astimezone(tz).date() if moment is not None else None


def summarise(rows: list[AssignmentOverviewRow], resolutions: int, today: date, tz: ZoneInfo) -> StatusReport:
    """Pure computation of the report from the overview rows (kept apart from I/O for testing)."""
    assignments = [
        AssignmentStatus(
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
    per_agency: dict[str, list[AssignmentStatus]] = {}
    for a in assignments:
        by_status[a.status] = by_status.get(a.status, 0) + 1
        per_agency.setdefault(a.agency, []).append(a)
    agencies = [
        AgencyStatus(
            name=name,
            open=sum(1 for a in items if a.status not in CLOSED_STATUSES),
            overdue=sum(1 for a in items if a.overdue_days > 0),
            done=sum(1 for a in items if a.status == "verified"),
        )
        for name, items in per_agency.items()
    ]
    # Ranked: most overdue first, then most open, then in Persian alphabetical order.
    agencies.sort(key=lambda a: (-a.overdue, -a.open, persian_sort_key(a.name)))
    return StatusReport(
        today=today, resolutions=resolutions, by_status=by_status, agencies=agencies, assignments=assignments
    )


class StatusService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._tz = tz

    async def report(self) -> StatusReport:
        async with self._db.read() as conn:
            repo = StatusRepo(conn)
            rows = await repo.assignment_overview()
            resolutions = await repo.resolution_count()
        return summarise(rows, resolutions, local_today(self._clock, self._tz), self._tz)
