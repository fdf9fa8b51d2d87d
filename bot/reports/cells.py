"""How one assignment reads in a report's cell: status, due, done, latest report (shared by the XLSX and
DOCX writers; the counting rules are in bot.domain.assignment_rules)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from zoneinfo import ZoneInfo

from bot.domain.jalali import format_jalali
from bot.domain.persian import item_letter, shorten
from bot.reports.documents import Letterhead
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
    # The council's name and the font (the settings; the defaults when not given).
    letterhead: Letterhead = field(default_factory=Letterhead)


def text_lines(text: str, items: Sequence[str]) -> list[str]:
    """A resolution's text, then «الف) …», «ب) …»: each sub-item on its own line, lettered as in the
    minutes (``item_letter``)."""
    lettered = (t.SUB_ITEM_LINE.format(letter=item_letter(i), item=item) for i, item in enumerate(items))
    return [text, *lettered]


def text_with_items(text: str, items: Sequence[str]) -> str:
    """A resolution's text and its lettered sub-items, one a line (a cell of the XLSX)."""
    return "\n".join(text_lines(text, items))


def status_text(row: StatusItemRow) -> str:
    return t.STATUS_NAMES.get(row.status, row.status)


def due_text(row: StatusItemRow) -> str:
    return due_of(row.due_on, row.ongoing)


def due_of(due_on: date | None, ongoing: bool) -> str:
    """A due date as people read it: Jalali, «مستمر», or «نامشخص»."""
    if ongoing:
        return t.DUE_ONGOING
    return format_jalali(due_on) if due_on is not None else t.DUE_UNKNOWN


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


def latest_line(row: StatusItemRow, report: LatestReport | None, tz: ZoneInfo) -> str:
    """The report column: the latest report's day and text (cut); else the day the agency reported it
    done; else that no report has come."""
    if report is not None:
        return t.DOCX_REPORT.format(date=report_day(report, tz), text=report_text(report))
    if row.done_on is not None:
        return t.DOCX_DONE_ONLY.format(date=format_jalali(row.done_on))
    return t.DOCX_NO_REPORT
