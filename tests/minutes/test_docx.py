"""Word files built here with python-docx (no binary fixture is committed)."""

from __future__ import annotations

import io
from copy import deepcopy

import docx
from docx.document import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.table import _Cell

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, parse_minutes_bytes

HEADER = ["ردیف", "مصوبات سی و ششمین جلسه قرارگاه اجتماعی استان", "اقدام کننده", "زمان اقدام"]


def _bytes(document: Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _set_lines(cell: _Cell, lines: list[str]) -> None:
    """One paragraph per line (the first reuses the cell's empty paragraph)."""
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def _minutes(rows: list[list[list[str]]], number_paragraphs: bool = False) -> Document:
    document = docx.Document()
    document.add_paragraph("معاونت سیاسی، امنیتی و اجتماعی - اداره کل امور اجتماعی و فرهنگی")
    document.add_paragraph("موضوع: سی و ششمین صورتجلسه قرارگاه اجتماعی استان")
    info = document.add_table(rows=2, cols=3)
    for column, (label, value) in enumerate(
        [("تاریخ تشکیل:", "۱۴۰۲/۰۷/۱۲"), ("روز:", "چهارشنبه"), ("ساعت:", "۸ صبح")]
    ):
        info.cell(0, column).text = label
        info.cell(1, column).text = value
    document.add_paragraph("در پایان موارد ذیل مصوب گردید:")
    table = document.add_table(rows=1 + len(rows), cols=4)
    for column, label in enumerate(HEADER):
        table.cell(0, column).text = label
    for index, row in enumerate(rows, start=1):
        for column, lines in enumerate(row):
            if lines:
                _set_lines(table.cell(index, column), lines)
    return document


ROWS = [
    [
        ["۱"],
        [
            "مقرر گردید: اداره کل راه و شهرسازی استان :",
            "الف - طرح بازآفرینی محله حصار در کمیته فنی بررسی شود.",
            "ب - گزارش پیشرفت پروژه های نیمه تمام محله ارائه گردد.",
        ],
        ["اداره کل راه و شهرسازی استان"],
        ["۲ هفته"],
    ],
    [
        ["۲"],
        ["مقرر گردید: تسهیلات اشتغال خانگی به متقاضیان محلات هدف پرداخت شود."],
        ["کمیته امداد امام خمینی (ره)", "اداره کل تعاون، کار و رفاه اجتماعی"],
        ["مستمر"],
    ],
]


def test_docx_table(calendar: WorkCalendar) -> None:
    parsed = parse_minutes_bytes(_bytes(_minutes(ROWS)), "minutes.docx", calendar)
    assert parsed.meeting.number == 36
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1402/07/12"
    assert parsed.meeting.title == "سی و ششمین صورتجلسه قرارگاه اجتماعی استان"
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert parsed.all_problems() == []
    one, two = parsed.resolutions
    assert one.text == "مقرر گردید: اداره کل راه و شهرسازی استان :"
    assert one.items == [
        "طرح بازآفرینی محله حصار در کمیته فنی بررسی شود.",
        "گزارش پیشرفت پروژه های نیمه تمام محله ارائه گردد.",
    ]
    assert one.deadline.kind == "relative" and one.deadline.due is not None
    assert jalali_str(one.deadline.due) == "1402/07/26"
    # Two paragraphs in the party cell are two parties; «،» splits, «و» does not.
    assert two.parties == ["کمیته امداد امام خمینی (ره)", "اداره کل تعاون", "کار و رفاه اجتماعی"]
    assert two.deadline.kind == "ongoing"
    assert parsed.source_name == "minutes.docx"


def _number_paragraph(cell: _Cell, num_id: int = 1) -> None:
    """Give the cell's first paragraph Word's automatic numbering (as the «ردیف» column often has)."""
    p_pr = cell.paragraphs[0]._p.get_or_add_pPr()
    p_pr.append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_docx_automatic_row_numbers_and_list_items(calendar: WorkCalendar) -> None:
    rows = [[[], ["مقرر گردید: گزارش شود."], ["شهرداری"], ["۱ هفته"]] for _ in range(3)]
    document = _minutes(rows)
    table = document.tables[1]
    for index in range(1, 4):
        _number_paragraph(table.cell(index, 0))
    # Row 3's text: an opening line and two «List Number» paragraphs (numbered by their style).
    text_cell = table.cell(3, 1)
    text_cell.add_paragraph("نخستین بند.", style="List Number")
    text_cell.add_paragraph("دومین بند.", style="List Number")
    parsed = parse_minutes_bytes(_bytes(document), "auto.docx", calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2, 3]
    assert parsed.all_problems() == []
    assert parsed.resolutions[2].text == "مقرر گردید: گزارش شود."
    assert parsed.resolutions[2].items == ["نخستین بند.", "دومین بند."]


def test_docx_long_numbered_list_keeps_every_item(calendar: WorkCalendar) -> None:
    # Numbered paragraphs are lettered in Persian order; a list longer than 16 keeps all its items.
    rows = [[["۱"], ["مقرر گردید: شهرداری :"], ["شهرداری"], ["۱ هفته"]]]
    document = _minutes(rows)
    text_cell = document.tables[1].cell(1, 1)
    for index in range(1, 21):
        text_cell.add_paragraph(f"بند {index}.", style="List Number")
    parsed = parse_minutes_bytes(_bytes(document), "long.docx", calendar)
    assert parsed.resolutions[0].items == [f"بند {index}." for index in range(1, 21)]


def test_docx_merged_cells(calendar: WorkCalendar) -> None:
    document = _minutes(ROWS)
    table = document.tables[1]
    # One deadline for both rows (a vertical merge) and a title row spanning the whole width above them.
    table.cell(1, 3).merge(table.cell(2, 3)).text = "۲ هفته"
    table.rows[0]._tr.addprevious(deepcopy(table.rows[0]._tr))
    table.cell(0, 0).merge(table.cell(0, 3)).text = "مصوبات جلسه"
    parsed = parse_minutes_bytes(_bytes(document), "merged.docx", calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert [r.deadline.raw for r in parsed.resolutions] == ["۲ هفته", "۲ هفته"]
    assert parsed.all_problems() == []


def test_docx_tracked_changes(calendar: WorkCalendar) -> None:
    document = _minutes(ROWS)
    paragraph = document.tables[1].cell(2, 1).paragraphs[0]
    deleted = parse_xml(
        f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>حذف شده </w:delText></w:r></w:del>'
    )
    inserted = parse_xml(
        f'<w:ins {nsdecls("w")} w:id="2" w:author="a">'
        '<w:r><w:t xml:space="preserve"> فوری</w:t></w:r></w:ins>'
    )
    paragraph._p.insert(1, deleted)
    paragraph._p.append(inserted)
    parsed = parse_minutes_bytes(_bytes(document), "tracked.docx", calendar)
    text = parsed.resolutions[1].text
    assert "حذف شده" not in text
    assert text.endswith("پرداخت شود. فوری")


def test_docx_without_a_table_reads_tab_separated_paragraphs(calendar: WorkCalendar) -> None:
    document = docx.Document()
    document.add_paragraph("موضوع: سی و هفتمین صورتجلسه قرارگاه اجتماعی استان")
    document.add_paragraph("تاریخ تشکیل:\tروز:")
    document.add_paragraph("۱۴۰۲/۰۸/۰۳\tچهارشنبه")
    document.add_paragraph("ردیف\tمصوبات\tاقدام کننده\tزمان اقدام")
    document.add_paragraph("۱\tمقرر گردید: فهرست محلات هدف به روز شود.\tدبیرخانه قرارگاه\t۱ ماه")
    document.add_paragraph("۲\tمقرر گردید: بازدید از محله حصار انجام شود.\tفرمانداری شهرستان کرج\t۱۰ روز")
    parsed = parse_minutes_bytes(_bytes(document), "tabs.docx", calendar)
    assert parsed.meeting.number == 37
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert [r.parties for r in parsed.resolutions] == [["دبیرخانه قرارگاه"], ["فرمانداری شهرستان کرج"]]
    assert parsed.all_problems() == []


def test_docx_table_in_a_content_control(calendar: WorkCalendar) -> None:
    document = _minutes(ROWS)
    table = document.tables[1]._tbl
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtContent/></w:sdt>")
    table.addprevious(sdt)
    sdt.find(qn("w:sdtContent")).append(deepcopy(table))
    table.getparent().remove(table)
    parsed: ParsedMinutes = parse_minutes_bytes(_bytes(document), "sdt.docx", calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2]
