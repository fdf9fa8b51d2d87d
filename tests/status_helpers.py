"""A small council for the status, ranking, chart and report tests: minutes 40 with four rows, two agencies,
a done report, a progress report and overdue items, seen on Monday 1401/10/05."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.services.access import Actor, Role
from bot.services.assignments import AssignmentService
from bot.services.minutes_import import MinutesImportService
from storage.engine import Database
from tests.minutes_40 import ROW_1, minutes_40
from tests.people_helpers import AGENCY_B, enrol, people

TEHRAN = ZoneInfo("Asia/Tehran")

# Thursday 1401/09/24. Row 1: the municipality, due 10/07. Row 2: both agencies, due 10/03. Row 3: the
# governorate, ongoing. Row 4: the governorate, due 10/08.
MINUTES = minutes_40(
    ROW_1,
    "| ۲ | مقرر گردید: پایگاه: الف) شناسایی مکان ب) تجهیز پایگاه"
    " | شهرداری کمالشهر، فرمانداری کرج | ۱۴۰۱/۱۰/۰۳ |",
    "| ۳ | مقرر گردید: فرمانداری گزارش شورای تأمین را در هر جلسه ارائه نماید."
    " | فرمانداری شهرستان کرج | مستمر |",
    "| ۴ | مقرر گردید: فهرست نیازمندان محله تهیه شود. | فرمانداری شهرستان کرج | ۱۴۰۱/۱۰/۰۸ |",
)


def tehran(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime.combine(jalali_date(year, month, day), time(hour, 0), TEHRAN)


@dataclass(frozen=True)
class Council:
    actors: dict[str, Actor]
    # (row, agency) → assignment id; agencies as "a" (the municipality) and "b" (the governorate).
    ids: dict[tuple[int, str], int]


async def council(db: Database, clock: FixedClock) -> Council:
    """The minutes imported on the meeting day; on 10/05 the municipality reports row 1 done and the
    governorate reports 50 % on row 2 (governorate's representative: enrolled here)."""
    clock.advance(tehran(1401, 9, 24).astimezone(UTC) - clock.now())
    actors = await people(db, clock)
    actors["agency_b"] = Actor.of_member(await enrol(db, clock, 2002, Role.AGENCY, AGENCY_B, "زهرا"))
    parsed = parse_minutes_bytes(MINUTES.encode(), "minutes_40.md", WorkCalendar())
    report = await MinutesImportService(db, clock).commit(parsed, actor="test")
    row1_a, row2_a, row2_b, row3_b, row4_b = report.new_assignment_ids
    clock.advance(tehran(1401, 10, 5).astimezone(UTC) - clock.now())
    service = AssignmentService(db, clock)
    await service.report_done(actors["agency"], row1_a)
    clock.advance(timedelta(minutes=5))
    await service.report(actors["agency_b"], row2_b, "۵۰٪ — مکان پایگاه شناسایی شد")
    return Council(
        actors,
        {(1, "a"): row1_a, (2, "a"): row2_a, (2, "b"): row2_b, (3, "b"): row3_b, (4, "b"): row4_b},
    )
