"""Decoding and the format readers: what reaches the table logic as paragraphs and rows."""

from __future__ import annotations

import pytest

from bot.domain.persian import normalize, to_latin_digits
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes, parse_minutes_text
from bot.minutes.blocks import Paragraph, Row, make_cell
from bot.minutes.decoding import decode_text
from bot.minutes.html_reader import fragment_lines, html_blocks
from bot.minutes.text_reader import text_blocks

MINUTES = (
    "موضوع: نوزدهمین صورتجلسه قرارگاه اجتماعی استان\n"
    "تاریخ تشکیل: ۱۴۰۱/۰۶/۱۰\n"
    "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام\n"
    "۱\tمقرر گردید: گزارش شود.\tشهرداری کرج\t۲ هفته\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1256"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends(encoding: str, newline: str, calendar: WorkCalendar) -> None:
    text = MINUTES.replace("\n", newline)
    if encoding == "cp1256":  # Windows-1256 has the Arabic yeh and Latin digits only
        text = to_latin_digits(text.replace("ی", "ي"))
    data = text.encode(encoding)
    parsed = parse_minutes_bytes(data, "minutes.txt", calendar)
    assert parsed.meeting.number == 19
    assert normalize(parsed.resolutions[0].parties[0]) == "شهرداری کرج"
    assert parsed.resolutions[0].deadline.amount == 2


def test_decode_keeps_text() -> None:
    assert decode_text("سلام\r\nدنیا\x0bخط".encode()) == "سلام\nدنیا\nخط"


def test_markdown_rows_and_separators() -> None:
    blocks = text_blocks("| a | b \\| c |\n|:---|---:|\n| ۱ | x<br>y<br/>z |\n\n- ۱- دستور کار\n")
    assert blocks[0] == Row((("a",), ("b | c",)), starts_table=True)
    assert blocks[1] == Row((("۱",), ("x", "y", "z")))
    assert blocks[2] == Paragraph("")
    assert blocks[3] == Paragraph("- ۱- دستور کار")


def test_tab_rows_and_indentation() -> None:
    blocks = text_blocks("\tفقط تورفتگی\nالف\t\tب\n<p>یک</p> <p>دو</p>\n")
    assert blocks[0] == Paragraph("فقط تورفتگی")
    assert blocks[1] == Row((("الف",), (), ("ب",)))
    assert blocks[2] == Row((("یک", "دو"),))


def test_bidi_marks_and_spaces_are_cleaned() -> None:
    blocks = text_blocks("\u200f۱\u200f\t  مقرر\u00a0 گردید  \n")
    assert blocks[0] == Row((("۱",), ("مقرر گردید",)))


def test_fragment_lines() -> None:
    assert make_cell(fragment_lines("<p>الف &amp; ب</p> <p>ج<br>د</p>")) == ("الف & ب", "ج", "د")
    assert fragment_lines("بدون برچسب") == ["بدون برچسب"]
    assert fragment_lines("a < b و c > d") == ["a < b و c > d"]


def test_html_layout_table_and_sloppy_markup() -> None:
    html = (
        "<html><body><table><tr><td><h2>عنوان</h2><p>پاراگراف<p>دوم"
        "<table><tr><td>۱<td>متن<br>خط دوم<td>شهرداری</table></td></tr></table>"
        "<script>var x = '<td>';</script></body></html>"
    )
    blocks = html_blocks(html)
    assert blocks == [
        Paragraph("عنوان", heading=True),
        Paragraph("پاراگراف"),
        Paragraph("دوم"),
        Row((("۱",), ("متن", "خط دوم"), ("شهرداری",)), starts_table=True),
    ]


def test_html_rowspan_and_colspan() -> None:
    html = (
        "<table><tr><td rowspan=2>الف</td><td colspan=2>ب</td><td rowspan='3'>ج</td></tr>"
        "<tr><td>د</td><td>ه</td></tr><tr><td>و</td><td>ز</td><td>ح</td></tr></table>"
    )
    rows = [block.cells for block in html_blocks(html) if isinstance(block, Row)]
    assert rows == [
        (("الف",), ("ب",), ("ج",)),
        (("الف",), ("د",), ("ه",), ("ج",)),
        (("و",), ("ز",), ("ح",), ("ج",)),
    ]


def test_html_pasted_into_a_text_file(calendar: WorkCalendar) -> None:
    html = (
        "<p>موضوع: نوزدهمین صورتجلسه</p><p>تاریخ تشکیل: ۱۴۰۱/۰۶/۱۰</p><table>"
        "<tr><td>ردیف</td><td>مصوبات</td><td>اقدام کننده</td><td>زمان اقدام</td></tr>"
        "<tr><td>۱</td><td>مقرر گردید: گزارش شود.</td><td>شهرداری</td><td>مستمر</td></tr></table>"
    )
    parsed = parse_minutes_text(html, calendar)
    assert parsed.meeting.number == 19
    assert parsed.resolutions[0].deadline.kind == "ongoing"


def test_upload_without_a_name_is_sniffed(calendar: WorkCalendar) -> None:
    parsed = parse_minutes_bytes(MINUTES.encode(), "", calendar)
    assert parsed.resolutions[0].number == 1


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_text_with_any_line_end(newline: str, calendar: WorkCalendar) -> None:
    parsed = parse_minutes_text(MINUTES.replace("\n", newline), calendar)
    assert [r.number for r in parsed.resolutions] == [1]
    assert parsed.meeting.number == 19
