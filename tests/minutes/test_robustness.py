"""Whatever the input, the importer answers with a result or a MinutesError, never another exception."""

from __future__ import annotations

import contextlib
import io
import zipfile

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.workdays import WorkCalendar
from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_bytes, parse_minutes_text
from bot.texts import minutes as texts

CALENDAR = WorkCalendar(weekend=(4,))

#: Pieces that steer the parser into its corners: table syntax, markers, dates, deadlines, tags.
FRAGMENTS = [
    "|", "| ", " |", "|---|", "\t", "\n", "\n\n", "<p>", "</p>", "<br>", "<td>", "<tr>", "<table>",
    "</table>",
    "ردیف", "مصوبات", "اقدام کننده", "زمان اقدام", "تاریخ تشکیل:", "موضوع:", "مقرر گردید:", "مورخ",
    "الف -", "ب -", "پ)", "ج.", "د:", "۱", "۲.", "12", "٣", "(۴)", "۱۴۰۱/۰۶/۱۰", "۱۴۰۱/۱۳/۴۰", "1401-8-5",
    "۲ هفته", "یک ماه", "مستمر", "تا پایان آذر", "۳۰ اسفند", "نوزدهمین", "سی و یکمین", "صدمین", "جلسه",
    "صورتجلسه شماره ۹۹۹", "شهرداری", "آموزش و پرورش", "،", "-", "/", "(", ")", "«", "»", "\u200c", "\u200f",
    "&amp;", "&#0;", "\\|", "**", "# ", "ي", "ك", " ",
]  # fmt: skip


#: The fragments without any table syntax: what a Word cell may hold.
WORDS = [f for f in FRAGMENTS if not any(mark in f for mark in "|\t\n<&\\")]


def _check(text: str) -> None:
    try:
        parsed = parse_minutes_text(text, CALENDAR)
    except MinutesError as error:
        assert str(error)
        return
    assert isinstance(parsed, ParsedMinutes)
    assert parsed.resolutions
    parsed.to_json()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text(text: str) -> None:
    _check(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=80).map("".join))
def test_minutes_like_soup(text: str) -> None:
    _check(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.md", "a.html", "a.docx", "a", "a.pdf"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    with contextlib.suppress(MinutesError):
        parse_minutes_bytes(data, name, CALENDAR)


def _docx_with_cells(cells: list[str]) -> bytes:
    document = docx.Document()
    table = document.add_table(rows=len(cells) // 3 + 1, cols=3)
    for index, text in enumerate(cells):
        table.cell(index // 3, index % 3).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), max_size=12))
def test_word_tables_with_arbitrary_cells(cells: list[str]) -> None:
    with contextlib.suppress(MinutesError):
        parse_minutes_bytes(_docx_with_cells(cells), "a.docx", CALENDAR)


#: A whole minutes file in Word: the meeting's number and date, and one resolution.
WHOLE_MINUTES = [
    "ردیف", "مصوبات", "اقدام کننده", "زمان اقدام",
    "۱", "مقرر گردید: گزارش پیشرفت طرح ارائه شود.", "شهرداری کمالشهر", "۲ هفته",
]  # fmt: skip


def _whole_minutes_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("موضوع: سی و ششمین صورتجلسه قرارگاه اجتماعی استان")
    document.add_paragraph("تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲")
    table = document.add_table(rows=2, cols=4)
    for index, text in enumerate(WHOLE_MINUTES):
        table.cell(index // 4, index % 4).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _damage(data: bytes, part: str) -> bytes:
    """`data` (a zip package) with the compressed bytes of `part` zeroed; the zip directory stays intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        info = package.getinfo(part)
    # The local file header: 30 bytes, then the name and the extra field (their lengths at 26 and 28).
    header = data[info.header_offset : info.header_offset + 30]
    assert header[:4] == b"PK\x03\x04"
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little")
    start += int.from_bytes(header[28:30], "little")
    damaged = bytearray(data)
    damaged[start : start + info.compress_size] = bytes(info.compress_size)
    return bytes(damaged)


def test_a_damaged_word_document_is_refused_cleanly() -> None:
    data = _whole_minutes_docx()
    whole = parse_minutes_bytes(data, "a.docx", CALENDAR)  # undamaged, the same file is read
    assert whole.meeting.number == 36 and len(whole.resolutions) == 1
    with pytest.raises(MinutesError) as refusal:
        parse_minutes_bytes(_damage(data, "word/document.xml"), "a.docx", CALENDAR)
    assert str(refusal.value) == texts.DOCX_NOT_WORD
