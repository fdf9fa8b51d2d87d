"""How one assignment reads in a report's cell: status, due, done, latest report (shared by the XLSX and
DOCX writers; the counting rules are in bot.domain.assignment_rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.jalali import format_jalali
from bot.domain.persian import shorten
from bot.texts import status as t
from storage.rows import LatestReport, StatusItemRow

# A report's text is cut to this many characters in a cell.
REPORT_CUT = 500


@dataclass(frozen=True)
class ReportData:
    """What a report covers: the assignments (by meeting and row), their latest reports, and the day."""

    today: date
    tz: ZoneInfo  # the council's: a report's day is counted there
    since_meeting: int | None
    resolutions: int
    rows: list[StatusItemRow]
    latest: dict[int, LatestReport]


def status_text(row: StatusItemRow) -> str:
    return t.STATUS_NAMES.get(row.status, row.status)


def due_text(row: StatusItemRow) -> str:
    if row.ongoing:
        return t.DUE_ONGOING
    return format_jalali(row.due_on) if row.due_on is not None else t.DUE_UNKNOWN


def jalali_or_blank(day: date | None) -> str:
    return format_jalali(day) if day is not None else ""


def report_day(report: LatestReport, tz: ZoneInfo) -> str:
    """The Jalali day a report came, in the council's zone (late evening in Tehran is already tomorrow in
    UTC's terms, and the other way round)."""
    return format_jalali(report.created_at.astimezone(tz).date())


def report_text(report: LatestReport | None) -> str:
    if report is None:
        return ""
    return shorten(report.text, REPORT_CUT)
