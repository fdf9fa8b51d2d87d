"""The XLSX of every assignment, and a summary per agency: right-to-left sheets, a frozen header, filters
and sensible widths. openpyxl's write-only mode: 10,500 rows in about 3 s on a two-core machine, styling
every cell and sizing every row included (0.7 s of it; benchmarks/status_export.py).

Printable: A4 landscape, every column on one page width, the header row on every page. Texts wrap, and
each row is given the height its longest text needs (neither Excel nor LibreOffice fits the height of a
row that a program wrote; a row too short is printed with its lines over the next row's): the lines are
counted by wrapping the words into the column's width, a Persian letter counted as 0.85 of a digit's
width (measured in LibreOffice with DejaVu Sans, a wide Persian font; Excel's fonts are narrower).

Every text is cleaned as it is written (a report stored with a control character must not make the
whole file fail), and a text that starts with «=» stays text: what someone wrote is never a formula.
Text cells read right to left (`readingOrder=2`: «نرخ به‌موقع (٪)» is not mirrored); numbers stay numbers;
numbers and dates («مستمر» too) are centred."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cache
from typing import Any, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins

from bot.domain.assignment_rules import delay_days, is_decided, is_open, is_overdue, on_time
from bot.domain.cleaning import clean_text
from bot.domain.statuses import DONE_STATUSES, AssignmentStatus
from bot.reports.cells import (
    ReportData,
    due_of,
    jalali_or_blank,
    report_day,
    report_text,
    status_text,
    text_with_items,
)
from bot.texts import status as t
from storage.rows import StatusItemRow


class Kind(Enum):
    TEXT = "text"  # wrapped, right to left
    NUMBER = "number"  # a number cell, centred
    DATE = "date"  # a Jalali date (or «مستمر»), centred


@dataclass(frozen=True)
class Column:
    width: int  # in characters (a digit's width)
    kind: Kind


Value = str | int | None
T, N, D = Kind.TEXT, Kind.NUMBER, Kind.DATE
# In the order of t.XLSX_HEADERS: about 190 characters, printed at about 80 % on A4 landscape in Excel.
ALL_COLUMNS = tuple(
    Column(width, kind)
    for width, kind in (
        (6, N), (11, D), (5, N), (48, T), (20, T), (14, T), (8, N), (11, D), (11, D), (7, N), (11, D),
        (36, T),
    )
)  # fmt: skip
# In the order of t.XLSX_AGENCY_HEADERS.
AGENCY_COLUMNS = tuple(
    Column(width, kind)
    for width, kind in ((30, T), (9, N), (7, N), (7, N), (13, N), (9, N), (10, N), (11, N), (12, N))
)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
RIGHT_TO_LEFT = 2
HEADER_ALIGNMENT = Alignment(
    horizontal="center", vertical="center", wrap_text=True, readingOrder=RIGHT_TO_LEFT
)
ALIGNMENTS = {
    Kind.TEXT: Alignment(vertical="top", wrap_text=True, readingOrder=RIGHT_TO_LEFT),
    Kind.NUMBER: Alignment(horizontal="center", vertical="top"),
    Kind.DATE: Alignment(horizontal="center", vertical="top", readingOrder=RIGHT_TO_LEFT),
}
# A line of the default font (Calibri 11 in Excel: 15 points; DejaVu Sans 11 in LibreOffice: 12.8) and
# the room above and below the text.
LINE_POINTS = 15.0
ROW_PADDING_POINTS = 3.0
MAX_ROW_POINTS = 409.0  # the most a spreadsheet row can be
# A Persian letter is narrower than a digit, a space about half of one, a zero-width non-joiner nothing;
# a bold header is wider. A cell keeps about half a character of padding.
PERSIAN_LETTER = 0.85
SPACE = 0.5
BOLD = 1.1
CELL_PADDING = 0.5
_PERSIAN = re.compile("[\u0600-\u06ff]+")
_MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5, header=0.25, footer=0.25)  # inches
_A4 = 9


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
    everything = _Sheet(book, t.XLSX_SHEET_ALL, t.XLSX_HEADERS, ALL_COLUMNS, len(data.rows))
    totals: dict[str, _AgencyTotals] = {}
    # A day, or a due, read once: 10,000 rows hold a few hundred of them.
    day, due = cache(jalali_or_blank), cache(due_of)
    for row in data.rows:
        latest = data.latest.get(row.assignment_id)
        text = text_with_items(row.resolution_text, row.resolution_items)
        everything.append(
            row.meeting_number,
            day(row.meeting_held_on),
            row.resolution_number,
            text,
            row.agency_name,
            status_text(row),
            row.percent,
            due(row.due_on, row.ongoing),
            day(row.done_on),
            delay_days(row, data.today),
            report_day(latest, data.tz) if latest is not None else "",
            report_text(latest),
        )
        _count(totals.setdefault(row.agency_name, _AgencyTotals()), row, data.today)
    summary = _Sheet(book, t.XLSX_SHEET_AGENCIES, t.XLSX_AGENCY_HEADERS, AGENCY_COLUMNS, len(totals))
    for name, a in sorted(totals.items(), key=lambda item: (-item[1].overdue, -item[1].open)):
        summary.append(
            name,
            a.total,
            a.open,
            a.overdue,
            a.done,
            a.verified,
            a.on_time,
            round(100 * a.on_time / a.decided) if a.decided else None,
            round(sum(a.percents) / len(a.percents)) if a.percents else 0,
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


class _Sheet:
    """A write-only sheet set up for screen and paper. It appends rows of plain values, each cell styled
    by its column's kind and each row as tall as its texts need."""

    def __init__(
        self, book: Workbook, title: str, headers: Sequence[str], columns: Sequence[Column], rows: int
    ) -> None:
        self.sheet: WriteOnlyWorksheet = book.create_sheet(title)
        self.columns = columns
        self.widths = [column.width for column in columns]
        self.index = 0
        # Everything is set before the first row is written. Made by WriteOnlyWorksheet._setup at run
        # time, the dimensions, the filter and the page setup are not declared by types-openpyxl.
        layout: Any = self.sheet
        self.heights = layout.row_dimensions
        self.sheet.sheet_view.rightToLeft = True
        for index, column in enumerate(columns, start=1):
            layout.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        layout.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
        layout.page_setup.orientation = "landscape"
        layout.page_setup.paperSize = _A4
        layout.page_setup.fitToWidth = 1
        layout.page_setup.fitToHeight = 0  # as many pages down as it takes
        layout.sheet_properties.pageSetUpPr.fitToPage = True
        layout.page_margins = _MARGINS
        self.sheet.print_title_rows = "1:1"
        # Each kind's style is made once and shared by its cells (styling every cell anew costs a second
        # per 10,000 rows; the style of a written cell never changes).
        self.styles = {kind: self._style(alignment) for kind, alignment in ALIGNMENTS.items()}
        header = self._style(HEADER_ALIGNMENT, font=HEADER_FONT, fill=HEADER_FILL)
        texts = [clean_text(text) for text in headers]
        self._write([self._cell(text, header) for text in texts], texts, BOLD)

    def append(self, *values: Value) -> None:
        cells: list[Cell | None] = []
        texts = []
        for value, column in zip(values, self.columns, strict=True):
            if isinstance(value, str):
                value = clean_text(value)
            texts.append(value if column.kind is Kind.TEXT and isinstance(value, str) else "")
            cells.append(
                None if value is None or value == "" else self._cell(value, self.styles[column.kind])
            )
        self._write(cells, texts, 1.0)

    def _write(self, cells: list[Cell | None], texts: list[str], scale: float) -> None:
        """The row, its height set just before it is written (openpyxl reads it then; dropped after)."""
        self.index += 1
        lines = max(_line_count(text, width, scale) for text, width in zip(texts, self.widths, strict=True))
        self.heights[self.index].height = min(MAX_ROW_POINTS, lines * LINE_POINTS + ROW_PADDING_POINTS)
        self.sheet.append(cells)
        del self.heights[self.index]

    def _style(self, alignment: Alignment, font: Font | None = None, fill: PatternFill | None = None) -> Any:
        """A style registered with the workbook, as a cell holds it (openpyxl's StyleArray)."""
        cell = WriteOnlyCell(self.sheet)
        cell.alignment = alignment
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        return cast(Any, cell)._style

    def _cell(self, value: str | int, style: Any) -> Cell:
        cell: Any = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # «=…» too: never a formula
        cell._style = style
        return cast(Cell, cell)


def _line_count(text: str, width: int, scale: float = 1.0) -> int:
    """How many lines `text` wraps to in a column `width` characters wide: each paragraph's words laid
    into lines of as many characters as fit, at the paragraph's mean character width (a regular
    expression does the laying, so 10,000 rows cost little; a word longer than a line is broken)."""
    room = width - CELL_PADDING
    if len(text) * scale <= room and "\n" not in text:
        return 1  # _units counts no character wider than a digit
    lines = 0
    for paragraph in text.split("\n"):
        size = _units(paragraph, scale)
        if size <= room:
            lines += 1
        else:
            lines += len(_wrap_pattern(max(1, int(room * len(paragraph) / size))).findall(paragraph))
    return lines


@cache
def _wrap_pattern(characters: int) -> re.Pattern[str]:
    """A line: up to `characters` characters before a space or the end, or else that many of a word."""
    return re.compile(f"(?:.{{1,{characters}}}(?= |$)|[^ ]{{{characters}}}) *")


def _units(text: str, scale: float) -> float:
    """The width of `text` in digits' widths."""
    persian = len(text) - len(_PERSIAN.sub("", text))
    spaces = text.count(" ")
    other = len(text) - persian - spaces - text.count("\u200c")
    return scale * (PERSIAN_LETTER * persian + SPACE * spaces + other)
