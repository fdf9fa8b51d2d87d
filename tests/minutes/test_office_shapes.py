"""The minutes of ``office_shapes`` read field by field the same from Word, HTML and PDF.

Word and HTML hold the same table with its merged cells; the PDF is the Word file saved by LibreOffice,
read from its text layer. Each file must give the meeting, every resolution's text, sub-items, parties,
deadline (each agency's own where they differ), note, and no problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, ParsedResolution, parse_minutes_file
from bot.minutes.blocks import Row
from bot.minutes.docx_reader import docx_blocks
from bot.minutes.pdf_reader import pdf_blocks
from tests.minutes import office_shapes

FILES = [office_shapes.DOCX, office_shapes.HTML, office_shapes.PDF]

EDUCATION = "اداره کل آموزش و پرورش استان"
RELIEF = "کمیته امداد امام خمینی (ره) استان"

#: (number, text, items, parties, deadline as (raw, kind, due), agencies' own deadlines, note)
EXPECTED = [
    (
        1,
        "مقرر گردید شهرداری کمالشهر برای ساماندهی محلات حاشیه‌نشین:",
        ["فهرست ۱۲ معبر بدون روشنایی را تهیه کند.", "نتیجه را به دبیرخانه قرارگاه اطلاع‌رسانی نماید."],
        ["شهرداری کمالشهر"],
        ("۲ هفته", "relative", "1401/10/27"),
        [],
        "با هماهنگی دادستانی",
    ),
    (
        2,
        "مقرر گردید برنامه جبرانی دانش‌آموزان بازمانده از تحصیل در مدارس محلات هدف اجرا شود.",
        [],
        [EDUCATION, RELIEF],
        ("یک ماه", "relative", "1401/11/13"),
        [
            ([EDUCATION], ("یک ماه", "relative", "1401/11/13")),
            ([RELIEF], ("۲ هفته", "relative", "1401/10/27")),
        ],
        "گزارش در جلسه بعد ارائه شود",
    ),
    (
        3,
        "مقرر گردید روشنایی معابر شهرک استقلال تأمین و نگهداری شود.",
        [],
        ["فرمانداری شهرستان کرج", "شرکت توزیع برق استان"],
        ("مستمر", "ongoing", None),
        [],  # both agency rows say «مستمر»: one deadline
        "",
    ),
    (
        4,
        "مقرر گردید اداره کل بهزیستی استان پوشش حمایتی خانوارهای محلات هدف را گزارش کند.",
        [],
        ["اداره کل بهزیستی استان"],
        ("تا پایان دی", "date", "1401/11/01"),  # 1401/10/30 is a Friday
        [],
        "نتیجه در جلسه ۱۴۰۱/۱۱/۱۰ بررسی شود",  # a date in the remarks is not the meeting's
    ),
]


def _fields(r: ParsedResolution) -> tuple[object, ...]:
    def deadline(d: dict[str, object]) -> tuple[object, ...]:
        return d["raw"], d["kind"], d["due"]

    data = r.to_json()
    shares = [(s.parties, deadline(s.deadline.to_json())) for s in r.agency_deadlines]
    return (r.number, r.text, r.items, r.parties, deadline(data["deadline"]), shares, r.note)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.suffix[1:])
def parsed(request: pytest.FixtureRequest) -> ParsedMinutes:
    path: Path = request.param
    return parse_minutes_file(path, WorkCalendar(weekend=(4,)))


def test_the_meeting(parsed: ParsedMinutes) -> None:
    """The date after «تاریخ:» on a line with the hour and the place; the number from the title."""
    assert parsed.meeting.to_json() == {
        "number": 27,
        "date": "1401/10/13",
        "title": "بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان",
    }
    assert parsed.all_problems() == []


@pytest.mark.parametrize("index", range(len(EXPECTED)), ids=lambda i: f"row{i + 1}")
def test_each_resolution_field_by_field(parsed: ParsedMinutes, index: int) -> None:
    assert len(parsed.resolutions) == len(EXPECTED)
    assert _fields(parsed.resolutions[index]) == EXPECTED[index]


def test_an_agency_row_s_own_deadline_is_found_by_its_party(parsed: ParsedMinutes) -> None:
    second = parsed.resolutions[1]
    assert second.deadline_for(RELIEF).raw == "۲ هفته"
    assert second.deadline_for(EDUCATION).raw == "یک ماه"
    assert second.deadline_for("شهرداری کمالشهر") is second.deadline  # not one of its rows: the row's


def test_the_three_files_read_the_same() -> None:
    calendar = WorkCalendar(weekend=(4,))
    docx, *others = (parse_minutes_file(path, calendar).to_json() for path in FILES)
    assert all(other == docx for other in others)


def test_the_pdf_gives_the_word_file_s_blocks() -> None:
    """Before any parsing: each paragraph (wrapped lines joined), each row and cell line, the merged
    cells marked, half-spaces and «لا» kept, the page number in the footer left out."""
    pdf = pdf_blocks(office_shapes.PDF.read_bytes())
    assert pdf == docx_blocks(office_shapes.DOCX.read_bytes())
    assert any(
        "اطلاع\u200cرسانی" in line
        for block in pdf
        if isinstance(block, Row)
        for cell in block.cells
        for line in cell
    )
