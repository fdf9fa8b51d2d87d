"""The DOCX report, a letter to an agency and the XLSX list as a reader sees them: converted to PDF by
LibreOffice (one soffice call for every document, about 3 s) and read back per page with poppler. Every
page carries its table's header, no line of text is printed over another, and the XLSX's resolution texts
appear whole and in order. A fourth document proves the overprint check can fail: rows too short for
their wrapped text.

Skips, saying why, without soffice and pdftotext (.ci/run installs them)."""

from __future__ import annotations

import fcntl
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import groupby
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment

from bot.domain.statuses import AssignmentStatus
from bot.reports.cells import ReportData, text_with_items
from bot.reports.documents import Letter, Letterhead, LetterResolution
from bot.reports.docx_report import write_docx
from bot.reports.letters import write_letter
from bot.reports.xlsx import ALL_COLUMNS, write_xlsx
from bot.texts import letters as letter_texts
from bot.texts import status as t
from storage.rows import LatestReport, StatusItemRow
from tests.rendered import Box, overprinted, page_texts, soffice_or_skip, to_pdf
from tests.rendered import words as rendered_words
from tests.status_helpers import TEHRAN

pytestmark = pytest.mark.e2e  # a LibreOffice process

AGENCIES = (
    "شهرداری کمالشهر",
    "فرمانداری شهرستان کرج",
    "اداره کل بهزیستی استان البرز",
    "اداره کل آموزش و پرورش استان البرز",
    "اداره کل ورزش و جوانان",
    "دانشگاه علوم پزشکی البرز",
)
SUBJECTS = (
    "روشنایی معابر شهرک صنعتی",
    "ساماندهی کودکان کار در چهارراه‌های اصلی شهر",
    "تجهیز پایگاه‌های سلامت محله (۱۲ پایگاه)",
    "برگزاری کلاس‌های مهارت‌آموزی برای زنان سرپرست خانوار",
    "بازسازی فضای سبز پارک محله و نصب وسایل ورزشی",
    "شناسایی خانواده‌های نیازمند و تهیه سبد معیشتی",
)
ACTIONS = (
    "با همکاری دستگاه‌های عضو قرارگاه و تا پایان سال ۱۴۰۵ اقدام نماید",
    "ظرف یک ماه برنامه عملیاتی خود را تهیه و به دبیرخانه قرارگاه ارسال کند",
    "اعتبار لازم (۱۵٪ از محل درآمدهای استانی) را پیش‌بینی و گزارش پیشرفت را در جلسه آینده ارائه نماید",
)
ITEMS = (
    "فهرست محله‌های دارای اولویت تهیه شود",
    "مکان مناسب با هماهنگی شهرداری منطقه شناسایی شود",
    "گزارش ماهانه به دبیرخانه ارسال گردد",
)
REPORTS = (
    "۵۰٪ — مکان پایگاه شناسایی شد و قرارداد تجهیز در دست امضاست",
    "جلسه هماهنگی با دستگاه‌های عضو برگزار و صورتجلسه آن به دبیرخانه ارسال شد؛ منتظر تخصیص اعتبار هستیم",
    "انجام شد",
)
STATUSES = (
    AssignmentStatus.NEW,
    AssignmentStatus.IN_PROGRESS,
    AssignmentStatus.ACKNOWLEDGED,
    AssignmentStatus.DONE_REPORTED,
    AssignmentStatus.VERIFIED,
)
RESOLUTIONS = 42
TODAY = date(2026, 10, 8)
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_LETTERS = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]+")


def realistic_data() -> ReportData:
    """Six meetings of seven resolutions, one to three agencies each; long texts, some with sub-items,
    some ongoing; reports short and long: enough for several pages of each document."""
    rows: list[StatusItemRow] = []
    latest: dict[int, LatestReport] = {}
    for n in range(RESOLUTIONS):
        meeting = 40 + n // 7
        text = f"مقرر گردید {AGENCIES[n % 6]} در خصوص {SUBJECTS[n % 6]}، {ACTIONS[n % 3]}."
        if n % 4 == 1:
            text = f"مقرر گردید: {SUBJECTS[n % 6]}:"  # a lead-in, its sub-items below
        items = ITEMS[: n % 4] if n % 4 != 1 else ITEMS
        for k in range(1 + n % 3):
            number = len(rows) + 1
            status = STATUSES[number % 5]
            rows.append(
                StatusItemRow(
                    assignment_id=number,
                    meeting_number=meeting,
                    meeting_held_on=date(2026, 6, 4) + timedelta(days=14 * (meeting - 40)),
                    resolution_id=n + 1,
                    resolution_number=n % 7 + 1,
                    resolution_text=text,
                    resolution_items=items,
                    agency_id=(n + k) % 6 + 1,
                    agency_name=AGENCIES[(n + k) % 6],
                    status=status,
                    percent=100 if status == AssignmentStatus.VERIFIED else number * 7 % 100,
                    due_on=None if n % 5 == 2 else date(2026, 7, 1) + timedelta(days=5 * n),
                    ongoing=n % 5 == 2,
                    done_on=date(2026, 9, 1) if status == AssignmentStatus.DONE_REPORTED else None,
                    last_report_at=None,
                )
            )
            if number % 3:
                written = datetime(2026, 9, 20, 6, tzinfo=UTC) + timedelta(hours=number)
                latest[number] = LatestReport(number, REPORTS[number % 3], None, 0, written)
    return ReportData(TODAY, TEHRAN, None, RESOLUTIONS, rows, latest)


def long_letter(data: ReportData) -> bytes:
    """The first agency's letter for every resolution of the data it has a part in: two pages or more."""
    agency = AGENCIES[0]
    mine = [row for row in data.rows if row.agency_name == agency]
    resolutions = tuple(
        LetterResolution(
            row.resolution_number, row.resolution_text, row.resolution_items, row.due_on, row.ongoing
        )
        for row in mine
    )
    letter = Letter(
        agency=agency,
        meeting=40,
        held_on=date(2026, 6, 4),
        written_on=TODAY,
        resolutions=resolutions,
        letterhead=Letterhead(council="قرارگاه اجتماعی استان البرز", signatory="مریم رضایی"),
        bot_link="ble.ir/PeygirBot",
    )
    return write_letter(letter)


def cramped_xlsx() -> bytes:
    """Long wrapped texts in rows fixed at one line's height: printed, the lines run over the next rows."""
    book = Workbook()
    sheet = book.create_sheet("cramped", 0)
    sheet.column_dimensions["A"].width = 30
    for index in range(1, 11):
        sheet.cell(index, 1, " ".join(SUBJECTS)).alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[index].height = 15
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Rendered:
    data: ReportData
    docx: list[str]  # the text of each page
    letter: list[str]
    xlsx: list[str]
    pdfs: dict[str, Path]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The documents converted once per run: with xdist, the first worker converts them (each worker
    asks for this fixture) and the others wait for it, then read its PDFs."""
    soffice_or_skip()
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "rendered-documents"
    data = realistic_data()
    files = {
        "report.docx": write_docx(data),
        "letter.docx": long_letter(data),
        "list.xlsx": write_xlsx(data),
        "cramped.xlsx": cramped_xlsx(),
    }
    with open(folder.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "pdf").is_dir():
            folder.mkdir(exist_ok=True)
            for name, content in files.items():
                (folder / name).write_bytes(content)
            to_pdf([folder / name for name in files], folder / "pdf")
    pdfs = {Path(name).stem: folder / "pdf" / f"{Path(name).stem}.pdf" for name in files}
    return Rendered(
        data, page_texts(pdfs["report"]), page_texts(pdfs["letter"]), page_texts(pdfs["list"]), pdfs
    )


def words(text: str) -> list[str]:
    """The Persian words of a text, in order: what survives the PDF's bidi controls, its digits and
    punctuation placed by the display order, and lam-alef drawn as one glyph (read back as «ال»)."""
    return _LETTERS.findall(_BIDI_CONTROLS.sub("", text).replace("لا", "ال"))


def test_libreoffice_converts_every_document_to_pdf(rendered: Rendered) -> None:
    for name in ("report", "letter", "list"):
        assert rendered.pdfs[name].read_bytes().startswith(b"%PDF")
    assert len(rendered.docx) >= 3 and len(rendered.xlsx) >= 3 and len(rendered.letter) >= 2


@pytest.mark.parametrize("document", ["docx", "letter"])
def test_every_page_of_a_word_documents_table_carries_the_header_row(
    rendered: Rendered, document: str
) -> None:
    starts = {" ".join(words(row.resolution_text)[:5]) for row in rendered.data.rows}
    headers = t.DOCX_HEADERS if document == "docx" else letter_texts.LETTER_HEADERS
    table_pages = [
        page
        for page in getattr(rendered, document)
        if any(start in " ".join(words(page)) for start in starts)
    ]
    assert len(table_pages) >= 2
    for number, page in enumerate(table_pages, start=1):
        assert _shows(page, headers), f"{document} page {number} of the table lacks the header row"


def test_every_page_of_the_xlsx_carries_its_sheets_header_row(rendered: Rendered) -> None:
    assert sum(_shows(page, t.XLSX_HEADERS) for page in rendered.xlsx) >= 2
    for number, page in enumerate(rendered.xlsx, start=1):
        assert _shows(page, t.XLSX_HEADERS) or _shows(page, t.XLSX_AGENCY_HEADERS), (
            f"XLSX page {number} lacks its header row"
        )


def test_no_line_is_printed_over_another(rendered: Rendered) -> None:
    for name in ("report", "letter", "list"):
        assert overprinted(rendered.pdfs[name]) == [], name
    # The check sees rows too short for their text.
    assert len(overprinted(rendered.pdfs["cramped"])) >= 5


def test_the_xlsx_shows_every_resolution_text_whole_and_in_order(rendered: Rendered) -> None:
    found = words(" ".join(_text_column(rendered.pdfs["list"])))
    at = 0
    for row in rendered.data.rows:
        expected = words(text_with_items(row.resolution_text, row.resolution_items))
        where = _find(found, expected, at)
        assert where >= 0, f"the text of assignment {row.assignment_id} is not whole, or out of order"
        at = where + len(expected)


def _text_column(pdf: Path) -> list[str]:
    """The words printed in the XLSX's text column, page by page, line by line, right to left (poppler's
    own lines run on into the next cell). The column is found by its header («متن مصوبه», centred over
    it), its neighbour's («دستگاه») and the columns' widths; the summary's pages have neither."""
    text_header, agency_header = words(t.XLSX_HEADERS[3]), words(t.XLSX_HEADERS[4])
    text_column, agency_column = ALL_COLUMNS[3:5]
    found: list[str] = []
    for _, boxes in groupby(rendered_words(pdf), key=lambda box: box.page):
        on_page = sorted(boxes, key=lambda box: box.top)
        first: dict[str, Box] = {}  # each word's first box from the top: the header's
        for box in on_page:
            first.setdefault(box.text[::-1], box)
        if not all(word in first for word in text_header + agency_header):
            continue
        text, agency = (_centre([first[word] for word in header]) for header in (text_header, agency_header))
        unit = (text - agency) / ((text_column.width + agency_column.width) / 2)  # points per character
        left, right = text - unit * text_column.width / 2, text + unit * text_column.width / 2
        inside = [box for box in on_page if left < (box.left + box.right) / 2 < right]
        found += [box.text[::-1] for box in sorted(inside, key=lambda box: (round(box.top), -box.right))]
    return found


def _centre(boxes: list[Box]) -> float:
    return (min(box.left for box in boxes) + max(box.right for box in boxes)) / 2


def _shows(page: str, headers: tuple[str, ...]) -> bool:
    """Every word of the headers is on the page (a header wrapped in two lines is read back with its
    neighbour's words between them, so the words are counted, not matched in a row)."""
    return not Counter(words(" ".join(headers))) - Counter(words(page))


def _find(haystack: list[str], needle: list[str], start: int) -> int:
    for index in range(start, len(haystack) - len(needle) + 1):
        if haystack[index : index + len(needle)] == needle:
            return index
    return -1
