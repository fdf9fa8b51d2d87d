"""The XLSX of every assignment, and a summary per agency: right-to-left sheets, a frozen header, filters
and sensible widths (openpyxl's write-only mode: 10,000 rows in about a second).

Every text is cleaned as it is written (a report stored with a control character must not make the
whole file fail), and a text that starts with «=» stays text: what someone wrote is never a formula."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bot.domain.assignment_rules import delay_days, is_decided, is_open, is_overdue, on_time
from bot.domain.cleaning import clean_text
from bot.domain.jalali import format_jalali
from bot.domain.statuses import DONE_STATUSES, AssignmentStatus
from bot.reports.cells import ReportData, due_text, jalali_or_blank, report_day, report_text, status_text
from bot.texts import status as t
from storage.rows import StatusItemRow

# Column widths in characters, in the order of the headers.
ALL_WIDTHS = (8, 12, 7, 60, 28, 20, 12, 12, 12, 11, 16, 60)
AGENCY_WIDTHS = (32, 11, 8, 8, 16, 11, 13, 14, 16)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")


@dataclass
class _AgencyTotals:
    total: int = 0
    open: int = 0
    overdue: int = 0
    done: int = 0
    verified: int = 0
    on_time: int = 0
    decided: int = 0
    percents: list[int] = field(default_factory=list)


def write_xlsx(data: ReportData) -> bytes:
    book = Workbook(write_only=True)
    everything = book.create_sheet(t.XLSX_SHEET_ALL)
    _prepare(everything, t.XLSX_HEADERS, ALL_WIDTHS, len(data.rows))
    totals: dict[str, _AgencyTotals] = {}
    for row in data.rows:
        latest = data.latest.get(row.assignment_id)
        late = delay_days(row, data.today)
        text = row.resolution_text + "".join(f"\n- {item}" for item in row.resolution_items)
        _append(
            everything,
            [
                row.meeting_number,
                format_jalali(row.meeting_held_on),
                row.resolution_number,
                _wrapped(everything, text),
                row.agency_name,
                status_text(row),
                row.percent,
                due_text(row),
                jalali_or_blank(row.done_on),
                late if late is not None else "",
                report_day(latest, data.tz) if latest is not None else "",
                _wrapped(everything, report_text(latest)),
            ],
        )
        _count(totals.setdefault(row.agency_name, _AgencyTotals()), row, data.today)
    summary = book.create_sheet(t.XLSX_SHEET_AGENCIES)
    _prepare(summary, t.XLSX_AGENCY_HEADERS, AGENCY_WIDTHS, len(totals))
    for name, a in sorted(totals.items(), key=lambda item: (-item[1].overdue, -item[1].open)):
        _append(
            summary,
            [
                name,
                a.total,
                a.open,
                a.overdue,
                a.done,
                a.verified,
                a.on_time,
                round(100 * a.on_time / a.decided) if a.decided else "",
                round(sum(a.percents) / len(a.percents)) if a.percents else 0,
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _count(a: _AgencyTotals, row: StatusItemRow, today: date) -> None:
    a.total += 1
    a.percents.append(row.percent)
    a.open += is_open(row)
    a.overdue += is_overdue(row, today)
    a.done += row.status in DONE_STATUSES
    a.verified += row.status == AssignmentStatus.VERIFIED
    if is_decided(row, today):
        a.decided += 1
        a.on_time += on_time(row)


def _prepare(sheet: WriteOnlyWorksheet, headers: Sequence[str], widths: Iterable[int], rows: int) -> None:
    """Right to left, widths, the header frozen and filtered (set before any row is written)."""
    sheet.sheet_view.rightToLeft = True
    # Made by WriteOnlyWorksheet._setup at run time; types-openpyxl does not declare them.
    layout: Any = sheet
    for index, width in enumerate(widths, start=1):
        layout.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    layout.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
    cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cells.append(cell)
    sheet.append(cells)


def _append(sheet: WriteOnlyWorksheet, values: list[object]) -> None:
    sheet.append([_value(sheet, value) for value in values])


def _value(sheet: WriteOnlyWorksheet, value: object) -> object:
    """A text cleaned of what XML refuses; a text that would read as a formula made a text cell."""
    if not isinstance(value, str):
        return value
    text = clean_text(value)
    return _text_cell(sheet, text) if text.startswith("=") else text


def _text_cell(sheet: WriteOnlyWorksheet, text: str) -> Cell:
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    return cell


def _wrapped(sheet: WriteOnlyWorksheet, value: str) -> Cell:
    cell = _text_cell(sheet, clean_text(value))
    cell.alignment = WRAP
    return cell
