"""Files made to break the readers: each is read cleanly or refused with the usual one-line reason."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from bot.domain.workdays import WorkCalendar
from bot.minutes import MinutesError, parse_minutes_bytes, parse_minutes_text
from bot.texts import minutes as texts

MINUTES_MD = (
    "موضوع: سی و ششمین صورتجلسه قرارگاه اجتماعی استان\n"
    "تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲\n\n"
    "| ردیف | مصوبات | اقدام کننده | زمان اقدام |\n"
    "|---|---|---|---|\n"
    "| ۱ | {text} | شهرداری کمالشهر | ۲ هفته |\n"
)


def _rewritten(data: bytes, part: str, content: str) -> bytes:
    """A copy of the package `data` with `part` replaced by `content`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content.encode() if info.filename == part else source.read(info.filename))
    return out.getvalue()


def _word(numbered: bool = False) -> bytes:
    document = docx.Document()
    document.add_paragraph("موضوع: سی و ششمین صورتجلسه قرارگاه اجتماعی استان")
    document.add_paragraph("تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲")
    table = document.add_table(rows=2, cols=4)
    for index, text in enumerate(["ردیف", "مصوبات", "اقدام کننده", "زمان اقدام"]):
        table.cell(0, index).text = text
    if numbered:  # the row's number comes from Word's list numbering
        table.cell(1, 0).paragraphs[0].style = "List Number"
    else:
        table.cell(1, 0).text = "۱"
    table.cell(1, 1).text = "مقرر گردید: گزارش پیشرفت طرح ارائه شود."
    table.cell(1, 2).text = "شهرداری کمالشهر"
    table.cell(1, 3).text = "۲ هفته"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_document_without_a_body_is_not_minutes(calendar: WorkCalendar) -> None:
    bodiless = _rewritten(
        _word(),
        "word/document.xml",
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>',
    )
    with pytest.raises(MinutesError) as refusal:
        parse_minutes_bytes(bodiless, "minutes.docx", calendar)
    assert str(refusal.value) == texts.DOCX_NOT_WORD


@pytest.mark.parametrize("start", ["²", "9" * 5000, "-3"])
def test_a_list_start_that_is_not_a_number_counts_from_one(start: str, calendar: WorkCalendar) -> None:
    data = _word(numbered=True)
    assert parse_minutes_bytes(data, "a.docx", calendar).resolutions[0].number == 1
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        numbering = package.read("word/numbering.xml").decode()
    assert '<w:start w:val="1"/>' in numbering
    damaged = _rewritten(
        data, "word/numbering.xml", numbering.replace('w:start w:val="1"', f'w:start w:val="{start}"')
    )
    assert parse_minutes_bytes(damaged, "a.docx", calendar).resolutions[0].number == 1


@pytest.mark.parametrize("name", ["minutes.html", "minutes.txt"])
def test_html_nested_thousands_deep_is_not_minutes(name: str, calendar: WorkCalendar) -> None:
    deep = "<div>" * 2000 + "<table><tr><td>۱</td></tr></table>" + "</div>" * 2000
    with pytest.raises(MinutesError) as refusal:
        parse_minutes_bytes(deep.encode(), name, calendar)
    assert str(refusal.value) == texts.HTML_TOO_DEEP
    with pytest.raises(MinutesError):
        parse_minutes_text(MINUTES_MD.format(text="<b>" * 2000 + "متن"), calendar)


def test_html_nested_as_deep_as_real_documents_is_read(calendar: WorkCalendar) -> None:
    table = (
        "<table><tr><th>ردیف</th><th>مصوبات</th><th>اقدام کننده</th><th>زمان اقدام</th></tr>"
        "<tr><td>۱</td><td>مقرر گردید: گزارش پیشرفت طرح ارائه شود.</td><td>شهرداری کمالشهر</td>"
        "<td>۲ هفته</td></tr></table>"
    )
    html = "<p>موضوع: سی و ششمین صورتجلسه</p><p>تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲</p>" + "<div>" * 100 + table
    parsed = parse_minutes_bytes(html.encode(), "minutes.html", calendar)
    assert [r.parties for r in parsed.resolutions] == [["شهرداری کمالشهر"]]


@pytest.mark.parametrize("span", ["9" * 5000, "²", "۳"])
def test_a_hostile_rowspan_is_read_as_a_span(span: str, calendar: WorkCalendar) -> None:
    html = (
        "<p>تاریخ تشکیل: ۱۴۰۲/۰۷/۱۲</p><table>"
        "<tr><th>ردیف</th><th>مصوبات</th><th>اقدام کننده</th><th>زمان اقدام</th></tr>"
        "<tr><td>۱</td><td>مقرر گردید: طرح اجرا شود.</td><td>شهرداری کمالشهر</td>"
        f'<td rowspan="{span}">۲ هفته</td></tr>'
        "</table>"
    )
    parsed = parse_minutes_bytes(html.encode(), "minutes.html", calendar)
    assert parsed.resolutions[0].deadline.raw == "۲ هفته"


def test_control_characters_in_a_text_file_never_reach_the_resolutions(calendar: WorkCalendar) -> None:
    text = "مقرر گردید:\x01 گزارش\x0e پیشرفت\x1f طرح\x7f ارائه\u0085 شود. " + "متن " * 100
    parsed = parse_minutes_bytes(MINUTES_MD.format(text=text).encode(), "minutes.md", calendar)
    stored = parsed.resolutions[0].text
    assert stored.startswith("مقرر گردید: گزارش پیشرفت طرح ارائه شود.")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in stored)


def test_zwnj_and_bidi_free_persian_survives_the_cleaning(calendar: WorkCalendar) -> None:
    text = "مقرر گردید: می\u200cخواهیم گزارش\u200cها ارائه شود."
    parsed = parse_minutes_bytes(MINUTES_MD.format(text=text).encode(), "minutes.md", calendar)
    assert parsed.resolutions[0].text == text
