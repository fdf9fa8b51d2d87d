"""How one assignment reads in a report's cell: status, due, done, delay, latest report (shared by the
XLSX and DOCX writers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.jalali import format_jalali
from bot.persian import to_persian_digits
from bot.texts import status as t
from storage.rows import LatestReport, StatusItemRow

OWING = frozenset({"new", "acknowledged", "in_progress"})
CLOSED = frozenset({"verified", "cancelled"})
# A report's text is cut to this many characters in a cell.
REPORT_CUT = 500


@dataclass(frozen=True)
class ReportData:
    """What a report covers: the assignments (by meeting and row), their latest reports, and the day."""

    today: date
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


def delay_days(row: StatusItemRow, today: date) -> int | None:
    """Days late: to the done day for a done item, to today for one still owed past due; None when it is
    not (yet) late or has no due date."""
    if row.ongoing or row.due_on is None or row.status == "cancelled":
        return None
    if row.done_on is not None:
        late = (row.done_on - row.due_on).days
    elif row.status in OWING:
        late = (today - row.due_on).days
    else:
        return None
    return late if late > 0 else None


def report_text(report: LatestReport | None) -> str:
    if report is None:
        return ""
    text = report.text if len(report.text) <= REPORT_CUT else report.text[: REPORT_CUT - 1] + "…"
    return text


def fa(value: int) -> str:
    return to_persian_digits(str(value))


def is_open(row: StatusItemRow) -> bool:
    return row.status not in CLOSED


def is_overdue(row: StatusItemRow, today: date) -> bool:
    """Still owed by the agency and past its due date (as the overview counts it)."""
    return row.status in OWING and row.due_on is not None and row.due_on < today


def is_decided(row: StatusItemRow, today: date) -> bool:
    """Dated, not cancelled, and done or past due: whether it was on time is known (as the overview)."""
    return (
        row.due_on is not None
        and row.status != "cancelled"
        and (row.done_on is not None or row.due_on < today)
    )


def on_time(row: StatusItemRow) -> bool:
    return row.done_on is not None and row.due_on is not None and row.done_on <= row.due_on
