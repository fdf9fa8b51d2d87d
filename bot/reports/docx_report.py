"""«گزارش پیگیری مصوبات» for the next meeting, as DOCX: for each meeting, each resolution with each
agency's status and latest report; open resolutions first (they carry forward), then the done ones.

Right to left throughout: ``w:bidi`` on every paragraph, ``w:rtl`` and a complex-script font (``w:cs``)
on every run, ``w:bidiVisual`` on tables (docs/dependencies.md, «Persian and right to left»).

Every text is cleaned as it is written: a report stored with a control character or NUL (XML allows
neither) must not make the whole file fail."""

from __future__ import annotations

import io
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from bot.domain.assignment_rules import delay_days, is_decided, is_open, is_overdue, on_time
from bot.domain.cleaning import clean_text
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa
from bot.reports.cells import ReportData, due_text, report_day, report_text, status_text
from bot.texts import status as t
from storage.rows import StatusItemRow

# A font with Persian glyphs on the secretariat's Windows machines; LibreOffice falls back to its own.
FONT = "Tahoma"
SIZE = Pt(10)
# Row, text, agency, status, due, latest report: 18 cm, an A4 page inside 1.5 cm margins.
WIDTHS = (Cm(1.5), Cm(5.1), Cm(2.9), Cm(2.3), Cm(2.2), Cm(4.0))
MARGIN = Cm(1.5)


def write_docx(data: ReportData) -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    _rtl_defaults(document)
    _paragraph(document.add_heading(level=0), t.DOCX_TITLE, size=Pt(20))
    _paragraph(document.add_paragraph(), t.DOCX_SUBTITLE.format(today=format_jalali(data.today)))
    if data.since_meeting is not None:
        _paragraph(document.add_paragraph(), t.DOCX_SCOPE.format(meeting=fa(data.since_meeting)))
    decided = [r for r in data.rows if is_decided(r, data.today)]
    rate = f"{fa(round(100 * sum(on_time(r) for r in decided) / len(decided)))}٪" if decided else "—"
    summary = t.DOCX_SUMMARY.format(
        resolutions=fa(data.resolutions),
        assignments=fa(len(data.rows)),
        open=fa(sum(is_open(r) for r in data.rows)),
        overdue=fa(sum(is_overdue(r, data.today) for r in data.rows)),
        rate=rate,
    )
    _paragraph(document.add_paragraph(), summary, bold=True)
    by_resolution = [list(rows) for _, rows in groupby(data.rows, key=lambda r: r.resolution_id)]
    still_open = [rows for rows in by_resolution if any(is_open(r) for r in rows)]
    done = [rows for rows in by_resolution if not any(is_open(r) for r in rows)]
    for title, part in ((t.DOCX_OPEN_PART, still_open), (t.DOCX_CLOSED_PART, done)):
        _paragraph(document.add_heading(level=1), title, size=Pt(14))
        if not part:
            _paragraph(document.add_paragraph(), t.DOCX_NONE)
        for meeting_rows in _by_meeting(part):
            first = meeting_rows[0][0]
            heading = t.DOCX_MEETING.format(
                meeting=fa(first.meeting_number), held_on=format_jalali(first.meeting_held_on)
            )
            _paragraph(document.add_heading(level=2), heading, size=Pt(12))
            _table(document, meeting_rows, data)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _by_meeting(resolutions: list[list[StatusItemRow]]) -> Iterable[list[list[StatusItemRow]]]:
    for _, group in groupby(resolutions, key=lambda rows: rows[0].meeting_number):
        yield list(group)


def _table(document: Any, resolutions: list[list[StatusItemRow]], data: ReportData) -> None:
    table = document.add_table(rows=1, cols=len(t.DOCX_HEADERS))
    table.style = "Table Grid"
    table.autofit = False
    table._tbl.tblPr.get_or_add_bidiVisual()
    for column, width in zip(table.columns, WIDTHS, strict=True):
        column.width = width
    for cell, header in zip(table.rows[0].cells, t.DOCX_HEADERS, strict=True):
        _paragraph(cell.paragraphs[0], header, bold=True)
    for rows in resolutions:
        for index, row in enumerate(rows):
            late = delay_days(row, data.today)
            status = t.DOCX_STATUS.format(status=status_text(row), percent=fa(row.percent))
            if late:
                status += t.DOCX_LATE.format(days=fa(late))
            latest = data.latest.get(row.assignment_id)
            report = ""
            if latest is not None:
                report = f"{report_day(latest, data.tz)}: {report_text(latest)}"
            text = ""
            if index == 0:
                text = row.resolution_text + "".join(f"\n- {item}" for item in row.resolution_items)
            values = (fa(row.resolution_number) if index == 0 else "", text, row.agency_name, status,
                      due_text(row), report)  # fmt: skip
            for cell, value, width in zip(table.add_row().cells, values, WIDTHS, strict=True):
                cell.width = width  # Word reads the cells' widths, LibreOffice the grid's
                _paragraph(cell.paragraphs[0], value)


def _rtl_defaults(document: Any) -> None:
    """The Normal style right to left, with the complex-script font and size."""
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = SIZE
    _set_run_properties(normal.element.get_or_add_rPr(), SIZE, False)
    _set_bidi(normal.element.get_or_add_pPr())


def _paragraph(paragraph: Any, text: str, *, bold: bool = False, size: Pt = SIZE) -> None:
    """`text` into an (empty) paragraph as one right-to-left run; new lines become line breaks. `size`
    applies to the complex script (a heading's Persian would otherwise take the body's size)."""
    _set_bidi(paragraph._p.get_or_add_pPr())
    run = paragraph.add_run()
    for index, line in enumerate(clean_text(text).split("\n")):
        if index:
            run.add_break()
        run.add_text(line)
    if bold:
        run.bold = True
    _set_run_properties(run._r.get_or_add_rPr(), size, bold)


# What may follow w:bidi in w:pPr, and w:szCs in w:rPr (the schema's order; Word refuses others).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_BCS = (
    "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss",
    "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w",
    "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
    "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)  # fmt: skip
_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip


def _set_bidi(ppr: Any) -> None:
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _set_run_properties(rpr: Any, size: Pt, bold: bool) -> None:
    """The font for every script, right to left, and the complex script's size and weight."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    if bold and rpr.find(qn("w:bCs")) is None:
        rpr.insert_element_before(OxmlElement("w:bCs"), *_AFTER_BCS)
    if rpr.find(qn("w:szCs")) is None:
        element = OxmlElement("w:szCs")
        element.set(qn("w:val"), str(int(size.pt * 2)))
        rpr.insert_element_before(element, *_AFTER_SZCS)
    rpr.get_or_add_rtl()
