"""Merged cells: a resolution whose row number and text are merged down over a row per responsible agency
(Word's ``w:vMerge``, HTML's ``rowspan``) is one resolution; ``w:gridSpan`` / ``colspan`` is one cell.

The Word documents are built here with python-docx (``cell.merge()`` writes vMerge and gridSpan).
"""

from __future__ import annotations

import io
from datetime import date

import docx
from docx.table import Table, _Cell

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, ParsedResolution, parse_minutes_bytes
from bot.minutes.blocks import Row
from bot.minutes.docx_reader import docx_blocks
from bot.minutes.html_reader import html_blocks

HEADER = ["ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت اجرا"]
TEXT_1 = "مقرر گردید طرح بازآفرینی محله حصار با همکاری دستگاه‌های زیر تهیه شود."
TEXT_2 = "مقرر گردید گزارش پیشرفت طرح روشنایی معابر ارائه شود."
TEXT_3 = "مقرر گردید فضای سبز پارک محله بازسازی گردد."

#: Five table rows: resolution 1 over two agency rows (one deadline each, the same), resolution 2 on one
#: row, resolution 3 over two agency rows with different deadlines. None: the cell is merged from above.
ROWS: list[list[str | None]] = [
    ["۱", TEXT_1, "شهرداری کمالشهر", "۲ هفته"],
    [None, None, "اداره کل راه و شهرسازی استان", "۲ هفته"],
    ["۲", TEXT_2, "شرکت توزیع برق استان", "مستمر"],
    ["۳", TEXT_3, "شهرداری کمالشهر", "۱ ماه"],
    [None, None, "اداره کل آموزش و پرورش استان", "۲ هفته"],
]


def _set(cell: _Cell, text: str) -> None:
    cell.paragraphs[0].text = text


def _merge_down(table: Table, row: int, column: int) -> None:
    """Merge the cell with the one below, keeping the upper cell's text only (merge() joins both)."""
    text = table.cell(row, column).text
    merged = table.cell(row, column).merge(table.cell(row + 1, column))
    for paragraph in merged.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    _set(merged, text)


def _docx(rows: list[list[str | None]], title_row: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("موضوع: بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان")
    document.add_paragraph("تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲")
    offset = 2 if title_row else 1
    table = document.add_table(rows=offset + len(rows), cols=4)
    if title_row:  # a title spanning the whole width (gridSpan) above the header
        table.cell(0, 0).merge(table.cell(0, 3))
        _set(table.cell(0, 0), "مصوبات جلسه")
    for column, label in enumerate(HEADER):
        _set(table.cell(offset - 1, column), label)
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is not None:
                _set(table.cell(offset + index, column), value)
    for index, row in enumerate(rows):
        for column, value in enumerate(row):
            if value is None:
                _merge_down(table, offset + index - 1, column)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _html(rows: list[list[str | None]]) -> bytes:
    """The same table in HTML: a merged cell is a ``rowspan`` cell, its continuations are left out."""
    lines = ["<p>موضوع: بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان</p><p>تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲</p>"]
    lines.append("<table><tr>" + "".join(f"<th>{label}</th>" for label in HEADER) + "</tr>")
    for index, row in enumerate(rows):
        cells = []
        for column, value in enumerate(row):
            if value is None:
                continue
            span = 1
            while index + span < len(rows) and rows[index + span][column] is None:
                span += 1
            attribute = f' rowspan="{span}"' if span > 1 else ""
            cells.append(f"<td{attribute}>{value}</td>")
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines).encode()


def _due(resolution: ParsedResolution) -> tuple[str, str | None]:
    due = resolution.deadline.due
    return resolution.deadline.raw, jalali_str(due) if due is not None else None


def _check_table(parsed: ParsedMinutes) -> None:
    """Field by field, the same for the Word and the HTML table."""
    assert parsed.problems == []
    assert [r.number for r in parsed.resolutions] == [1, 2, 3]
    one, two, three = parsed.resolutions
    assert (one.text, one.items) == (TEXT_1, [])
    assert one.parties == ["شهرداری کمالشهر", "اداره کل راه و شهرسازی استان"]
    assert _due(one) == ("۲ هفته", "1402/07/26")
    assert one.problems == []
    assert (two.text, two.items, two.parties) == (TEXT_2, [], ["شرکت توزیع برق استان"])
    assert _due(two) == ("مستمر", None)
    assert two.problems == []
    assert (three.text, three.items) == (TEXT_3, [])
    assert three.parties == ["شهرداری کمالشهر", "اداره کل آموزش و پرورش استان"]
    assert _due(three) == ("۱ ماه", "1402/08/13")  # the first row's (08/12 is a Friday)
    # Each agency keeps its own row's deadline (its assignment is due then); the problems say nothing.
    assert three.problems == []
    assert [
        (share.parties, share.deadline.raw, jalali_str(share.deadline.due or date.min))
        for share in three.agency_deadlines
    ] == [
        (["شهرداری کمالشهر"], "۱ ماه", "1402/08/13"),
        (["اداره کل آموزش و پرورش استان"], "۲ هفته", "1402/07/26"),
    ]
    assert three.deadline_for("اداره کل آموزش و پرورش استان").raw == "۲ هفته"
    assert three.deadline_for("شهرداری کمالشهر") is three.agency_deadlines[0].deadline
    assert one.agency_deadlines == []  # both rows say «۲ هفته»: one deadline


def test_word_rows_merged_over_two_agencies_are_one_resolution(calendar: WorkCalendar) -> None:
    _check_table(parse_minutes_bytes(_docx(ROWS), "merged.docx", calendar))


def test_html_rowspan_over_two_agencies_is_one_resolution(calendar: WorkCalendar) -> None:
    _check_table(parse_minutes_bytes(_html(ROWS), "merged.html", calendar))


def test_word_reader_repeats_a_merged_cell_and_marks_it() -> None:
    rows = [block for block in docx_blocks(_docx(ROWS[:2], title_row=True)) if isinstance(block, Row)]
    title, header, first, second = rows
    assert (title.cells, title.merged) == ((("مصوبات جلسه",),), frozenset())  # gridSpan: one cell
    assert header.merged == first.merged == frozenset()
    assert second.cells == (("۱",), (TEXT_1,), ("اداره کل راه و شهرسازی استان",), ("۲ هفته",))
    assert second.merged == {0, 1}


def test_html_reader_marks_the_cells_a_rowspan_repeats() -> None:
    html = _html(ROWS[:2]).decode()
    second = [block for block in html_blocks(html) if isinstance(block, Row)][-1]
    assert second.cells == (("۱",), (TEXT_1,), ("اداره کل راه و شهرسازی استان",), ("۲ هفته",))
    assert second.merged == {0, 1}


def test_merged_deadline_is_the_common_one(calendar: WorkCalendar) -> None:
    rows: list[list[str | None]] = [
        ["۱", TEXT_1, "شهرداری کمالشهر", "۳ هفته"],
        [None, None, "فرمانداری شهرستان کرج", None],
    ]
    for parsed in (
        parse_minutes_bytes(_docx(rows), "merged.docx", calendar),
        parse_minutes_bytes(_html(rows), "merged.html", calendar),
    ):
        (resolution,) = parsed.resolutions
        assert resolution.parties == ["شهرداری کمالشهر", "فرمانداری شهرستان کرج"]
        assert _due(resolution) == ("۳ هفته", "1402/08/03")
        assert parsed.all_problems() == []


def test_same_deadline_written_two_ways_is_one(calendar: WorkCalendar) -> None:
    rows: list[list[str | None]] = [
        ["۱", TEXT_1, "شهرداری کمالشهر", "۲ هفته"],
        [None, None, "فرمانداری شهرستان کرج", "دو هفته"],
    ]
    parsed = parse_minutes_bytes(_docx(rows), "merged.docx", calendar)
    assert _due(parsed.resolutions[0]) == ("۲ هفته", "1402/07/26")
    assert parsed.all_problems() == []


def test_a_merged_party_or_deadline_alone_keeps_rows_apart(calendar: WorkCalendar) -> None:
    # Two resolutions for the same agency and deadline: each row keeps its number and its text.
    rows: list[list[str | None]] = [
        ["۱", TEXT_1, "شهرداری کمالشهر", "۲ هفته"],
        ["۲", TEXT_2, None, None],
    ]
    parsed = parse_minutes_bytes(_docx(rows), "merged.docx", calendar)
    assert [(r.number, r.text, r.parties, r.deadline.raw) for r in parsed.resolutions] == [
        (1, TEXT_1, ["شهرداری کمالشهر"], "۲ هفته"),
        (2, TEXT_2, ["شهرداری کمالشهر"], "۲ هفته"),
    ]
    assert parsed.all_problems() == []


def test_merged_text_under_own_number_cells_left_empty(calendar: WorkCalendar) -> None:
    # Only the text is merged; the second row's number cell is empty (not merged): still one resolution.
    rows: list[list[str | None]] = [
        ["۱", TEXT_1, "شهرداری کمالشهر", "۲ هفته"],
        ["", None, "فرمانداری شهرستان کرج", "۲ هفته"],
    ]
    parsed = parse_minutes_bytes(_docx(rows), "merged.docx", calendar)
    (resolution,) = parsed.resolutions
    assert (resolution.number, resolution.text) == (1, TEXT_1)
    assert resolution.parties == ["شهرداری کمالشهر", "فرمانداری شهرستان کرج"]
    assert parsed.all_problems() == []


def test_merged_number_over_rows_with_their_own_sub_items(calendar: WorkCalendar) -> None:
    # The number is merged; each agency's row writes its own sub-item: the lines join one resolution.
    rows: list[list[str | None]] = [
        ["۱", "الف - طرح بازآفرینی محله حصار تهیه شود.", "شهرداری کمالشهر", "۲ هفته"],
        [None, "ب - روشنایی کوچه‌های شهرک تکمیل شود.", "شرکت توزیع برق استان", "۲ هفته"],
    ]
    parsed = parse_minutes_bytes(_docx(rows), "merged.docx", calendar)
    (resolution,) = parsed.resolutions
    assert (resolution.number, resolution.text) == (1, "")
    assert resolution.items == ["طرح بازآفرینی محله حصار تهیه شود.", "روشنایی کوچه‌های شهرک تکمیل شود."]
    assert resolution.parties == ["شهرداری کمالشهر", "شرکت توزیع برق استان"]
    assert _due(resolution) == ("۲ هفته", "1402/07/26")
    assert parsed.all_problems() == []


def test_a_block_whose_first_row_names_no_agency_still_asks_its_deadline(calendar: WorkCalendar) -> None:
    """Every agency row is kept in table order, the first the resolution's own: a deadline not
    understood there is reported, not lost behind the others."""
    html = (
        "<h1>بیست و هفتمین صورتجلسه قرارگاه</h1><p>تاریخ: ۱۴۰۱/۱۰/۱۳</p><table>"
        "<tr><td>ردیف</td><td>مصوبات</td><td>اقدام کننده</td><td>زمان اقدام</td></tr>"
        '<tr><td rowspan="3">۱</td><td rowspan="3">مقرر گردید اقدام شود.</td><td></td><td>به زودی</td></tr>'
        "<tr><td>فرمانداری</td><td>۲ هفته</td></tr><tr><td>شهرداری</td><td>یک ماه</td></tr></table>"
    )
    r = parse_minutes_bytes(html.encode(), "block.html", calendar).resolutions[0]
    assert (r.deadline.raw, r.deadline.kind) == ("به زودی", "unknown")
    assert [(s.parties, s.deadline.raw) for s in r.agency_deadlines] == [
        ([], "به زودی"),
        (["فرمانداری"], "۲ هفته"),
        (["شهرداری"], "یک ماه"),
    ]
    assert r.problems == ['ردیف ۱: زمان اقدام خوانده نشد: "به زودی"']
