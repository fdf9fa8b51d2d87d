"""The XLSX and DOCX reports read back with openpyxl and python-docx, the DOCX through LibreOffice when it
is installed, and the /status chart as a PNG."""

from __future__ import annotations

import asyncio
import io
import os
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
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
    assert sheet.column_dimensions["D"].width == 60 and sheet.column_dimensions["E"].width == 28
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
    assert first[5] == "انجام‌شده، منتظر تأیید" and first[6] == 100 and first[9] is None
    assert second_a[9] == 2 and second_a[11] is None  # two days late (due 10/03, today 10/05), no report
    assert (
        second_b[6] == 50 and second_b[10] == "۱۴۰۱/۱۰/۰۵" and second_b[11] == "۵۰٪ — مکان پایگاه شناسایی شد"
    )
    assert isinstance(second_a[3], str) and "- شناسایی مکان\n- تجهیز پایگاه" in second_a[3]
    assert ongoing[7] == "مستمر"
    summary = [[cell.value for cell in row] for row in book["خلاصه دستگاه‌ها"].iter_rows()]
    assert book["خلاصه دستگاه‌ها"].sheet_view.rightToLeft
    by_agency = {row[0]: row[1:] for row in summary[1:]}
    # total, open, overdue, done, verified, on time, on-time %, average percent
    assert by_agency[AGENCY_A] == [2, 2, 1, 1, 0, 1, 50, 50]
    assert by_agency[AGENCY_B] == [3, 3, 1, 0, 0, 0, 0, 17]


async def test_docx_is_right_to_left_with_open_resolutions_first(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    await AssignmentService(db, clock).verify(c.actors["secretariat"], c.ids[(1, "a")])
    content = await exports(db, clock).export(c.actors["secretariat"], "docx")
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "گزارش پیگیری مصوبات"
    assert texts.index("الف) مصوبات باز (به جلسه بعد منتقل می‌شوند)") < texts.index("ب) مصوبات انجام‌شده")
    open_table, done_table = document.tables
    assert [cell.text for cell in open_table.rows[0].cells] == [
        "ردیف", "متن مصوبه", "دستگاه", "وضعیت", "مهلت", "آخرین گزارش"
    ]  # fmt: skip
    assert [(row.cells[0].text, row.cells[2].text) for row in open_table.rows[1:]] == [
        ("۲", AGENCY_A),
        ("", AGENCY_B),
        ("۳", AGENCY_B),
        ("۴", AGENCY_B),
    ]
    assert "۲ روز تأخیر" in open_table.rows[1].cells[3].text
    assert "۵۰٪ — مکان پایگاه شناسایی شد" in open_table.rows[2].cells[5].text
    assert [(row.cells[0].text, row.cells[3].text) for row in done_table.rows[1:]] == [
        ("۱", "تأییدشده (۱۰۰٪)")
    ]
    for table in document.tables:
        assert table._tbl.tblPr.find(qn("w:bidiVisual")) is not None
    paragraphs = [
        *document.paragraphs,
        *(p for t in document.tables for cell in t._cells for p in cell.paragraphs),
    ]
    for paragraph in paragraphs:
        assert paragraph._p.pPr is not None and paragraph._p.pPr.find(qn("w:bidi")) is not None
        for run in paragraph.runs:
            fonts = run._r.rPr.find(qn("w:rFonts"))
            assert run._r.rPr.find(qn("w:rtl")) is not None and fonts.get(qn("w:cs")) == "Tahoma"


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
    for kind in ("agency", "meeting"):
        png = await status.chart(c.actors["governor"], kind)
        assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as image:
            assert image.format == "PNG" and image.width > 500 and image.height > 200
    with pytest.raises(AccessDenied):
        await status.chart(c.actors["agency"], "agency")


@pytest.mark.e2e  # a LibreOffice process
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed here")
async def test_libreoffice_converts_the_docx_to_pdf(
    sqlite_db: Database, clock: FixedClock, tmp_path: Path
) -> None:
    c = await council(sqlite_db, clock)
    source = tmp_path / "report.docx"
    source.write_bytes(await exports(sqlite_db, clock).export(c.actors["governor"], "docx"))
    profile = (tmp_path / "lo-profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
    process = await asyncio.create_subprocess_exec(
        *command,
        "--outdir",
        str(tmp_path),
        str(source),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    _, errors = await asyncio.wait_for(process.communicate(), timeout=120)
    pdf = tmp_path / "report.pdf"
    assert process.returncode == 0 and pdf.exists(), errors
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


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
    assert row[3].value == "مقرر گردید طرح اجرا شود.\n- بند یک"
    assert row[4].value == "شهرداری کمال\u200cشهر"  # the ZWNJ a Persian name needs is kept
    assert row[11].value == '=HYPERLINK("http://x.example","۵۰٪")' and row[11].data_type == "s"
    summary = load_workbook(io.BytesIO(write_xlsx(data)))["خلاصه دستگاه‌ها"]
    assert summary["A2"].value == "شهرداری کمال\u200cشهر"

    document = Document(io.BytesIO(write_docx(data)))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "مقرر گردید طرح اجرا شود.\n- بند یک" in cells
    assert "شهرداری کمال\u200cشهر" in cells
