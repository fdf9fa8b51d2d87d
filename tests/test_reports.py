"""The XLSX and DOCX reports read back with openpyxl and python-docx, and the /status chart as a PNG (both
reports through LibreOffice: tests/test_rendered_documents.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm
from openpyxl import load_workbook
from PIL import Image

from bot.domain.clock import FixedClock
from bot.reports.cells import ReportData
from bot.services.access import AccessDenied
from bot.services.assignments import AssignmentService
from bot.services.errors import ServiceError
from bot.services.exports import ExportService
from bot.services.status import StatusService
from storage.engine import Database
from tests.people_helpers import AGENCY_A, AGENCY_B
from tests.status_helpers import TEHRAN, council


def exports(db: Database, clock: FixedClock) -> ExportService:
    return ExportService(db, clock, TEHRAN)


async def test_xlsx_has_every_assignment_and_a_summary_per_agency(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    content = await exports(db, clock).export(c.actors["governor"], "xlsx")
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["تکالیف", "خلاصه دستگاه‌ها"]
    sheet = book["تکالیف"]
    assert sheet.sheet_view.rightToLeft and sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:L6"
    assert sheet.column_dimensions["D"].width == 48 and sheet.column_dimensions["E"].width == 20
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:6] == ["جلسه", "تاریخ جلسه", "ردیف", "متن مصوبه", "دستگاه", "وضعیت"]
    assert [(r[0], r[2], r[4]) for r in rows[1:]] == [
        (40, 1, AGENCY_A),
        (40, 2, AGENCY_A),
        (40, 2, AGENCY_B),
        (40, 3, AGENCY_B),
        (40, 4, AGENCY_B),
    ]
    first, second_a, second_b, ongoing, _ = rows[1:]
    assert first[1] == "۱۴۰۱/۰۹/۲۴" and first[7] == "۱۴۰۱/۱۰/۰۷" and first[8] == "۱۴۰۱/۱۰/۰۵"
    from bot.domain.statuses import AssignmentStatus
    from bot.texts.status import STATUS_NAMES

    assert first[5] == STATUS_NAMES[AssignmentStatus.DONE_REPORTED] and first[6] == 100 and first[9] is None
    assert second_a[9] == 2 and second_a[11] is None  # two days late (due 10/03, today 10/05), no report
    assert (
        second_b[6] == 50 and second_b[10] == "۱۴۰۱/۱۰/۰۵" and second_b[11] == "۵۰٪ — مکان پایگاه شناسایی شد"
    )
    assert isinstance(second_a[3], str) and "الف) شناسایی مکان\nب) تجهیز پایگاه" in second_a[3]
    assert ongoing[7] == "مستمر"
    summary = [[cell.value for cell in row] for row in book["خلاصه دستگاه‌ها"].iter_rows()]
    assert book["خلاصه دستگاه‌ها"].sheet_view.rightToLeft
    by_agency = {row[0]: row[1:] for row in summary[1:]}
    # total, open, overdue, done, verified, on time, on-time %, average percent
    assert by_agency[AGENCY_A] == [2, 2, 1, 1, 0, 1, 50, 50]
    assert by_agency[AGENCY_B] == [3, 3, 1, 0, 0, 0, 0, 17]


def _on(element: Any, name: str) -> Any:
    return element.find(qn(name))


async def test_docx_is_right_to_left_with_open_resolutions_first(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    await AssignmentService(db, clock).verify(c.actors["secretariat"], c.ids[(1, "a")])
    content = await exports(db, clock).export(c.actors["secretariat"], "docx")
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    # The title block: the report, the council (the setting's default), the meetings, the day.
    assert texts[:4] == ["گزارش پیگیری مصوبات", "قرارگاه اجتماعی استان", "جلسه ۴۰", "تهیه‌شده در ۱۴۰۱/۱۰/۰۵"]
    assert texts.index("الف) مصوبات باز (به جلسه بعد منتقل می‌شوند)") < texts.index("ب) مصوبات انجام‌شده")
    open_table, done_table = document.tables
    assert [cell.text for cell in open_table.rows[0].cells] == [
        "ردیف", "متن مصوبه", "دستگاه", "وضعیت", "مهلت", "آخرین گزارش"
    ]  # fmt: skip
    assert [row.cells[2].text for row in open_table.rows[1:]] == [AGENCY_A, AGENCY_B, AGENCY_B, AGENCY_B]
    # Row 2 names both agencies: its number and text stand once, over both of its rows.
    second, second_b = open_table.rows[1:3]
    assert second.cells[0].text == "۲" and second_b.cells[0].text == "۲"  # python-docx reads the merge
    for column in (0, 1):
        assert second._tr.tc_lst[column].vMerge == "restart"
        assert second_b._tr.tc_lst[column].vMerge == "continue"
        assert second_b._tr.tc_lst[column].xpath("string(.)") == ""  # no second copy of the text
        assert open_table.rows[3]._tr.tc_lst[column].vMerge is None  # row 3: one agency, nothing merged
    # Sub-items as in the minutes, each on its own line; the text above them.
    assert [p.text for p in second.cells[1].paragraphs] == [
        "مقرر گردید: پایگاه:",
        "الف) شناسایی مکان",
        "ب) تجهیز پایگاه",
    ]
    assert "۲ روز تأخیر" in second.cells[3].text
    # The latest report with its day; none yet says so.
    assert second_b.cells[5].text == "۱۴۰۱/۱۰/۰۵: ۵۰٪ — مکان پایگاه شناسایی شد"
    assert second.cells[5].text == "گزارشی نرسیده است"
    assert open_table.rows[3].cells[4].text == "مستمر"
    assert [(row.cells[0].text, row.cells[3].text) for row in done_table.rows[1:]] == [
        ("۱", "تأییدشده (۱۰۰٪)")
    ]
    assert done_table.rows[1].cells[5].text == "انجام را در ۱۴۰۱/۱۰/۰۵ اعلام کرد"
    for table in document.tables:
        assert _on(table._tbl.tblPr, "w:bidiVisual") is not None
        header, *body = table.rows
        assert _on(header._tr.trPr, "w:tblHeader") is not None  # repeats on every page
        assert all(_on(row._tr.trPr, "w:tblHeader") is None for row in body)
        assert all(_on(row._tr.trPr, "w:cantSplit") is not None for row in table.rows)
    assert_right_to_left_in(document, "Tahoma")


def assert_right_to_left_in(document: Any, font: str) -> None:
    """Every paragraph right to left; every run right to left, Persian, in `font` for every script (digits
    and punctuation as complex script); the document's defaults name the font, no theme font."""
    paragraphs = [
        *document.paragraphs,
        *(p for t in document.tables for cell in t._cells for p in cell.paragraphs),
        *document.sections[0].footer.paragraphs,
    ]
    for paragraph in paragraphs:
        assert paragraph._p.pPr is not None and _on(paragraph._p.pPr, "w:bidi") is not None
        for run in paragraph._p.r_lst:
            fonts = _on(run.rPr, "w:rFonts")
            assert fonts.get(qn("w:cs")) == font and fonts.get(qn("w:ascii")) == font
            assert fonts.get(qn("w:hint")) == "cs"
            assert _on(run.rPr, "w:rtl") is not None and _on(run.rPr, "w:szCs") is not None
            assert _on(run.rPr, "w:lang").get(qn("w:bidi")) == "fa-IR"
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = _on(defaults, "w:rFonts")
    assert fonts.get(qn("w:cs")) == font and fonts.get(qn("w:cstheme")) is None
    assert fonts.get(qn("w:asciiTheme")) is None


def assert_page_numbers_in(document: Any) -> None:
    """«صفحه X از Y» in the footer: the PAGE and NUMPAGES fields, complex script (see bot/reports/word.py)."""
    footer = document.sections[0].footer.paragraphs[0]._p
    instructions = [i.text.strip() for i in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert [f.get(qn("w:fldCharType")) for f in footer.iter(qn("w:fldChar"))] == [
        "begin",
        "separate",
        "end",
    ] * 2
    assert footer.xpath("string(.)").startswith("صفحه ")
    for run in footer.r_lst:
        if run.find(qn("w:instrText")) is not None:
            assert _on(run.rPr, "w:cs") is not None  # the number shaped as complex script


async def test_the_docx_reads_the_settings_and_numbers_its_pages(db: Database, clock: FixedClock) -> None:
    from bot.reports.documents import Letterhead

    c = await council(db, clock)
    letterhead = Letterhead(council="قرارگاه اجتماعی استان البرز", font="B Nazanin")
    content = await exports(db, clock).export(c.actors["governor"], "docx", 40, letterhead)
    document = Document(io.BytesIO(content))
    assert document.paragraphs[1].text == "قرارگاه اجتماعی استان البرز"
    assert_right_to_left_in(document, "B Nazanin")
    assert_page_numbers_in(document)
    section = document.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    # A4; 2 cm above and below, 1.5 cm beside (the file holds twips).
    assert [size.twips if size is not None else None for size in sizes] == [
        Cm(21).twips, Cm(29.7).twips, Cm(2).twips, Cm(1.5).twips
    ]  # fmt: skip


async def test_reports_refuse_an_agency_and_an_unknown_meeting(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    with pytest.raises(AccessDenied):
        await exports(db, clock).export(c.actors["agency"], "xlsx")
    with pytest.raises(ServiceError, match="جلسه ۴۱ ثبت نشده"):
        await exports(db, clock).export(c.actors["governor"], "docx", since_meeting=41)
    book = load_workbook(io.BytesIO(await exports(db, clock).export(c.actors["governor"], "xlsx", 40)))
    assert book["تکالیف"].max_row == 6


async def test_nothing_to_report_is_said(db: Database, clock: FixedClock) -> None:
    from bot.services.access import Actor

    with pytest.raises(ServiceError, match="هنوز مصوبه‌ای"):
        await exports(db, clock).export(Actor.system("test"), "xlsx")
    assert await StatusService(db, clock, TEHRAN).chart(Actor.system("test"), "agency") is None


async def test_the_chart_is_a_png_per_agency_and_per_meeting(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    status = StatusService(db, clock, TEHRAN)
    sizes = {}
    for kind in ("agency", "meeting"):
        png = await status.chart(c.actors["governor"], kind)
        assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG"
            sizes[kind] = image.size
    # Two agencies: one line each; one meeting: a narrower figure that its column fills.
    assert sizes["agency"][0] > 900 and 250 < sizes["agency"][1] < 500
    assert 400 < sizes["meeting"][0] < sizes["agency"][0] and sizes["meeting"][1] > 400
    with pytest.raises(AccessDenied):
        await status.chart(c.actors["agency"], "agency")


def test_a_reports_day_is_the_councils() -> None:
    from datetime import UTC, datetime

    from bot.reports.cells import report_day
    from storage.rows import LatestReport

    # 21:00 UTC on 2022-12-26 is 00:30 on 1401/10/06 in Tehran.
    late = LatestReport(1, "گزارش", None, 0, datetime(2022, 12, 26, 21, 0, tzinfo=UTC))
    assert report_day(late, TEHRAN) == "۱۴۰۱/۱۰/۰۶"


def _hostile_data() -> ReportData:
    """One assignment whose stored texts hold what XML refuses (rows written before anything cleaned them)."""
    from datetime import UTC, date, datetime

    from bot.domain.statuses import AssignmentStatus
    from storage.rows import LatestReport, StatusItemRow

    row = StatusItemRow(
        assignment_id=1,
        meeting_number=40,
        meeting_held_on=date(2022, 12, 15),
        resolution_id=1,
        resolution_number=1,
        resolution_text="مقرر گردید\x00 طرح\x07 اجرا شود\ud800.",
        resolution_items=("بند\x1b یک",),
        agency_id=1,
        agency_name="شهرداری\x0b کمال\u200cشهر",
        status=AssignmentStatus.IN_PROGRESS,
        percent=50,
        due_on=date(2023, 1, 1),
        ongoing=False,
        done_on=None,
        last_report_at=datetime(2022, 12, 25, 8, 0, tzinfo=UTC),
    )
    assert row.last_report_at is not None
    report = LatestReport(1, '=HYPERLINK("http://x.example","۵۰٪")\x00', 50, 0, row.last_report_at)
    return ReportData(date(2022, 12, 26), TEHRAN, None, 1, [row], {1: report})


def test_the_writers_clean_stored_texts_that_xml_refuses() -> None:
    from bot.reports.docx_report import write_docx
    from bot.reports.xlsx import write_xlsx

    data = _hostile_data()
    sheet = load_workbook(io.BytesIO(write_xlsx(data)))["تکالیف"]
    row = [cell for cell in sheet[2]]
    assert row[3].value == "مقرر گردید طرح اجرا شود.\nالف) بند یک"
    assert row[4].value == "شهرداری کمال\u200cشهر"  # the ZWNJ a Persian name needs is kept
    assert row[11].value == '=HYPERLINK("http://x.example","۵۰٪")' and row[11].data_type == "s"
    summary = load_workbook(io.BytesIO(write_xlsx(data)))["خلاصه دستگاه‌ها"]
    assert summary["A2"].value == "شهرداری کمال\u200cشهر"

    document = Document(io.BytesIO(write_docx(data)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "مقرر گردید طرح اجرا شود.\nالف) بند یک" in cells
    assert "شهرداری کمال\u200cشهر" in cells
    assert '۱۴۰۱/۱۰/۰۴: =HYPERLINK("http://x.example","۵۰٪")' in cells
