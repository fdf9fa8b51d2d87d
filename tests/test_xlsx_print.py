"""The XLSX as printed: the page setup of both sheets, rows as tall as their texts, headers wrapped, and
each kind of cell styled alike (read back with openpyxl; tests/test_rendered_documents.py prints it)."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from bot.domain.statuses import AssignmentStatus
from bot.reports.cells import ReportData
from bot.reports.xlsx import (
    AGENCY_COLUMNS,
    ALL_COLUMNS,
    LINE_POINTS,
    ROW_PADDING_POINTS,
    Kind,
    _line_count,
    write_xlsx,
)
from bot.texts import status as t
from storage.rows import LatestReport
from tests.status_helpers import TEHRAN
from tests.test_rendered_documents import realistic_data

LONG = (
    "مقرر گردید، با توجه به گزارش ارائه‌شده در جلسه، به‌منظور ساماندهی حاشیه شهر و کاهش آسیب‌های اجتماعی، "
    "ظرف یک ماه برنامه عملیاتی خود را تهیه و به دبیرخانه قرارگاه ارسال نماید، با همکاری دستگاه‌های عضو "
    "(۱۵٪ اعتبار)، نسبت به تجهیز پایگاه‌های سلامت محله اقدام کند، و نتیجه را در جلسه آینده گزارش نماید"
)
DIGITS = "گزارش ۵۰٪ — ۱۴۰۵/۰۷/۱۶ تا ۱۴۰۵/۰۸/۳۰ مبلغ ۱۲۰٬۰۰۰٬۰۰۰ ریال برای ۳۴ پایگاه (۱۲ محله)"
LATIN = "Project ABC-123 report www.example.com final"
AGENCY = "اداره کل بهزیستی استان البرز"
HEADER = "انجام‌شده (اعلام یا تأیید)"


def sheets(data: ReportData) -> tuple[Worksheet, Worksheet]:
    book = load_workbook(io.BytesIO(write_xlsx(data)))
    return book[t.XLSX_SHEET_ALL], book[t.XLSX_SHEET_AGENCIES]


@pytest.fixture(scope="module")
def realistic() -> tuple[ReportData, Worksheet, Worksheet]:
    data = realistic_data()
    return data, *sheets(data)


def test_both_sheets_print_on_a4_landscape_one_page_wide_with_the_header_on_each_page(
    realistic: tuple[ReportData, Worksheet, Worksheet],
) -> None:
    for sheet in realistic[1:]:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9  # A4
        assert setup.fitToWidth == 1 and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr is not None and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"
        margins = sheet.page_margins
        assert 0.3 <= margins.left <= 0.75 and 0.3 <= margins.right <= 0.75 and margins.top >= 0.4
        assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2" and sheet.auto_filter.ref


def test_each_row_is_as_tall_as_its_longest_text(realistic: tuple[ReportData, Worksheet, Worksheet]) -> None:
    data, everything, _ = realistic
    heights = []
    for index, row in enumerate(data.rows, start=2):
        text = row.resolution_text + "".join(f"\n- {item}" for item in row.resolution_items)
        lines = _line_count(text, ALL_COLUMNS[3].width)
        height = everything.row_dimensions[index].height
        assert height is not None and height >= lines * LINE_POINTS, (index, lines, height)
        heights.append(height)
        for cell in everything[index]:
            if cell.value is not None and ALL_COLUMNS[cell.column - 1].kind is Kind.TEXT:
                assert cell.alignment.wrap_text
    assert len(set(heights)) >= 3  # they differ with the texts


@pytest.mark.parametrize(
    ("text", "libreoffice"),  # lines at widths 11, 16, 28 and 60, measured in LibreOffice (DejaVu Sans 11)
    [(LONG, (25, 16, 8, 4)), (DIGITS, (7, 5, 3, 2)), (LATIN, (4, 4, 2, 1)), (AGENCY, (3, 2, 1, 1))],
)
def test_lines_are_counted_as_a_spreadsheet_wraps_them(text: str, libreoffice: tuple[int, ...]) -> None:
    for width, lines in zip((11, 16, 28, 60), libreoffice, strict=True):
        # Never fewer (the text would be printed over the next row); a few more at most (blank space).
        assert lines <= _line_count(text, width) <= lines * 1.3 + 1, width
    assert _line_count(f"{AGENCY}\n\n- {AGENCY}", 60) == 3  # each paragraph, even an empty one, a line
    assert _line_count("", 10) == 1 and _line_count("x" * 90, 10) == 10  # a long word is broken


def test_headers_wrap_and_their_row_fits_the_longest(
    realistic: tuple[ReportData, Worksheet, Worksheet],
) -> None:
    for sheet, columns in zip(realistic[1:], (ALL_COLUMNS, AGENCY_COLUMNS), strict=True):
        cells = list(sheet[1])
        assert all(cell.alignment.wrap_text and cell.alignment.horizontal == "center" for cell in cells)
        assert all(cell.font.bold for cell in cells)
        lines = max(_line_count(str(cell.value), columns[i].width, 1.1) for i, cell in enumerate(cells))
        assert sheet.row_dimensions[1].height == lines * LINE_POINTS + ROW_PADDING_POINTS
    assert t.XLSX_AGENCY_HEADERS[4] == HEADER and _line_count(HEADER, AGENCY_COLUMNS[4].width, 1.1) >= 2
    assert realistic[2].row_dimensions[1].height >= 2 * LINE_POINTS  # so that header's row is taller


def test_texts_read_right_to_left_numbers_stay_numbers_and_dates_are_centred() -> None:
    ongoing = replace(
        realistic_data().rows[0],
        resolution_number=3,
        resolution_text="=SUM(A1:A2) مقرر گردید\x07",
        resolution_items=(),
        agency_name=AGENCY,
        status=AssignmentStatus.IN_PROGRESS,
        percent=40,
        due_on=None,
        ongoing=True,
    )
    late = replace(ongoing, assignment_id=2, ongoing=False, due_on=date(2026, 10, 1))
    report = LatestReport(2, "۵۰٪ — مکان پایگاه شناسایی شد", 50, 0, datetime(2026, 10, 7, 8, tzinfo=UTC))
    everything, summary = sheets(ReportData(date(2026, 10, 8), TEHRAN, None, 1, [ongoing, late], {2: report}))
    first, second = everything[2], everything[3]
    assert first[3].value == "=SUM(A1:A2) مقرر گردید" and first[3].data_type == "s"  # text, cleaned
    assert [first[i].value for i in (0, 2, 6)] == [40, 3, 40] and second[9].value == 7  # days late
    assert first[9].value is None and first[11].value is None  # nothing, not an empty text
    assert first[7].value == t.DUE_ONGOING and second[7].value == "۱۴۰۵/۰۷/۰۹"
    for row in (first, second):
        for cell in row:
            if cell.value is None:
                continue
            kind = ALL_COLUMNS[cell.column - 1].kind
            if kind is Kind.NUMBER:
                assert isinstance(cell.value, int) and cell.data_type == "n"
            if kind is Kind.TEXT:
                assert cell.alignment.readingOrder == 2 and cell.alignment.vertical == "top"
            else:  # numbers, dates and «مستمر» alike
                assert cell.alignment.horizontal == "center", cell.coordinate
    totals = summary[2]
    assert totals[0].alignment.readingOrder == 2
    assert [cell.value for cell in totals[1:]] == [2, 2, 1, 0, 0, 0, 0, 40]
    assert all(cell.alignment.horizontal == "center" for cell in totals[1:] if cell.value is not None)
    assert summary["H1"].value == "نرخ به‌موقع (٪)" and summary["H1"].alignment.readingOrder == 2
