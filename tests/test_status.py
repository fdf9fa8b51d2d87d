"""The status report: overdue arithmetic, ranking, and the JSON shape of docs/interfaces.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.assignment_rules import overdue_days
from bot.domain.clock import FixedClock
from bot.domain.statuses import AssignmentStatus
from bot.services.minutes_import import MinutesImportService
from bot.services.status import StatusService, summarise
from storage.engine import Database
from storage.rows import StatusItemRow
from tests.tracker_helpers import parsed, register_samples

TEHRAN = ZoneInfo("Asia/Tehran")


def row(agency: str, status: AssignmentStatus, due: date | None, resolution: int = 1) -> StatusItemRow:
    return StatusItemRow(
        assignment_id=resolution * 100 + len(agency),
        meeting_number=19,
        meeting_held_on=date(2022, 9, 1),
        resolution_id=resolution,
        resolution_number=resolution,
        resolution_text="مقرر گردید: …",
        resolution_items=(),
        agency_id=len(agency),
        agency_name=agency,
        status=status,
        percent=0,
        due_on=due,
        ongoing=due is None,
        done_on=None,
        last_report_at=None,
    )


def test_overdue_days_counts_only_open_work_past_due() -> None:
    today = date(2022, 9, 20)
    assert overdue_days("new", date(2022, 9, 15), today) == 5
    assert overdue_days("in_progress", date(2022, 9, 19), today) == 1
    assert overdue_days("new", date(2022, 9, 20), today) == 0  # due today is not late yet
    assert overdue_days("done_reported", date(2022, 9, 1), today) == 0
    assert overdue_days("verified", date(2022, 9, 1), today) == 0
    assert overdue_days("new", None, today) == 0  # ongoing


def test_agencies_are_ranked_by_overdue_then_open() -> None:
    today = date(2022, 9, 20)
    report = summarise(
        [
            row("الف", AssignmentStatus.NEW, date(2022, 9, 30), 1),
            row("ب", AssignmentStatus.NEW, date(2022, 9, 10), 1),
            row("ب", AssignmentStatus.IN_PROGRESS, date(2022, 9, 11), 2),
            row("پ", AssignmentStatus.VERIFIED, date(2022, 9, 10), 1),
            row("پ", AssignmentStatus.NEW, date(2022, 9, 12), 2),
            row("ت", AssignmentStatus.NEW, None, 3),
        ],
        resolutions=3,
        today=today,
        tz=TEHRAN,
    )
    assert [(a.name, a.open, a.overdue, a.done) for a in report.agencies] == [
        ("ب", 2, 2, 0),
        ("پ", 1, 1, 1),
        ("الف", 1, 0, 0),
        ("ت", 1, 0, 0),
    ]
    assert report.overdue == 3
    assert report.by_status[AssignmentStatus.NEW] == 4
    assert report.by_status[AssignmentStatus.VERIFIED] == 1


async def test_status_json_after_import(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    await MinutesImportService(db, clock).commit(parsed("minutes_31.md"), actor="tester")
    # 1405/08/20 09:00 Tehran: row 1 («۲ هفته» from 1405/07/16) is overdue, row 2 («یک ماه») is due soon.
    clock.current = datetime(2026, 11, 11, 5, 30, tzinfo=UTC)
    data = (await StatusService(db, clock, TEHRAN).report()).to_json()

    totals = data["totals"]
    assert isinstance(totals, dict)
    assert totals["resolutions"] == 4
    assert totals["assignments"] == 16
    assert totals["by_status"] == {
        "new": 16,
        "acknowledged": 0,
        "in_progress": 0,
        "done_reported": 0,
        "verified": 0,
        "cancelled": 0,
    }
    assignments = data["assignments"]
    assert isinstance(assignments, list)
    welfare = next(a for a in assignments if a["resolution"] == 1)
    assert welfare == {
        "meeting": 31,
        "resolution": 1,
        "agency": "اداره کل بهزیستی استان",
        "status": "new",
        "percent": 0,
        "due": "1405/07/30",
        "ongoing": False,
        "overdue_days": 20,
        "last_report": None,
    }
    ongoing = [a for a in assignments if a["resolution"] == 4]
    assert len(ongoing) == 10
    assert all(a["due"] is None and a["ongoing"] and a["overdue_days"] == 0 for a in ongoing)
    agencies = data["agencies"]
    assert isinstance(agencies, list)
    # On 1405/08/20 rows 1 (due 07/30) and 3 (10 days, due 07/26) are overdue; row 2 (due 08/16) too.
    assert [(a["name"], a["open"], a["overdue"]) for a in agencies[:6]] == [
        ("اداره کل آموزش و پرورش استان", 2, 1),
        ("اداره کل بهزیستی استان", 2, 1),
        ("شرکت توزیع برق استان", 2, 1),
        ("شهرداری کمالشهر", 2, 1),
        ("فرمانداری شهرستان کرج", 2, 1),
        ("کمیته امداد امام خمینی (ره) استان", 2, 1),
    ]
    assert all(a["overdue"] == 0 and a["open"] == 1 for a in agencies[6:])
    assert len(agencies) == 10
