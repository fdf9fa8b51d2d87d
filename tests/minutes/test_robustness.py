"""Whatever the input, the importer answers with a result or a MinutesError, never another exception."""

from __future__ import annotations

import contextlib
import io
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_bytes, parse_minutes_text
from bot.workdays import WorkCalendar

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


def test_a_damaged_word_document_is_refused_cleanly() -> None:
    data = bytearray(_docx_with_cells(["ردیف", "مصوبات", "اقدام کننده"]))
    buffer = io.BytesIO(bytes(data))
    with zipfile.ZipFile(buffer) as package:
        names = package.namelist()
    assert "word/document.xml" in names
    data[len(data) // 2 : len(data) // 2 + 40] = b"\x00" * 40
    with contextlib.suppress(MinutesError):
        parse_minutes_bytes(bytes(data), "a.docx", CALENDAR)
