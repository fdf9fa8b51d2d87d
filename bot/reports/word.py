"""Right-to-left Word documents with python-docx: the one set of helpers «گزارش پیگیری مصوبات»
(bot/reports/docx_report.py) and the letters to the agencies (bot/reports/letters.py) share.

Word needs right to left spelled out at every level (docs/dependencies.md, «Persian and right to left»):
``w:bidi`` on every paragraph; on every run ``w:rtl``, the font for every script with ``w:hint="cs"`` (so
that digits and punctuation take the complex-script font too), the complex script's size (``w:szCs``)
and weight (``w:bCs``), and the language ``w:lang w:bidi="fa-IR"``; ``w:bidiVisual`` on tables (the first
column on the right). The document's defaults carry the same font and language and no theme fonts (a
theme font would win over the named one: python-docx's template names Calibri and Times New Roman
through the theme). Word refuses elements out of the schema's order, so each one is inserted before the
elements that must follow it.

Tables are made for printing: the header row repeats on every page (``w:tblHeader``), no row breaks
across pages (``w:cantSplit``), and a column's cells can be merged downwards (``w:vMerge``).

Page numbers: «صفحه X از Y» in the footer, X and Y being the PAGE and NUMPAGES fields. A field's result
is a number the word processor computes and shows in the digits its own setting chooses, and no markup
in the file forces Persian ones: Word's field switches and ``w:pgNumType`` offer only Arabic-Indic digits
(``hindiNumbers``), and LibreOffice maps none of them (its importer leaves ``hindiNumbers`` out and
reads every PAGE field as Western digits; its own DOCX export turns Persian page numbers into
``PAGE \\* ARABIC``). So the field's runs say what they are: right to left, complex script (``w:cs``),
Persian (``fa-IR``). Word with the Numeral option «Context» (the usual one where Persian is typed) and
LibreOffice with Numerals «Context» then show ۱، ۲، ۳; the cached result is in Persian digits for readers
that do not compute fields. Every other number in the documents is written in Persian digits.

Every text is cleaned as it is written: a report stored with a control character or NUL (XML allows
neither) must not make the whole file fail."""

from __future__ import annotations

import io
import string
from collections.abc import Sequence
from typing import Any, Literal, cast

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt
from docx.table import Table, _Cell

from bot.domain.cleaning import clean_text
from bot.domain.persian import fa
from bot.texts import status as t

BODY = Pt(10)
SMALL = Pt(9)
SPACE_AFTER = Pt(4)  # between two paragraphs of the body
A4 = (Cm(21), Cm(29.7))
# Top, right, bottom, left: room for a binder's holes and the registry's stamp, and 18 cm of table.
MARGINS = (Cm(2), Cm(1.5), Cm(2), Cm(1.5))
FOOTER_DISTANCE = Cm(1)
LANGUAGE = "fa-IR"
HEADER_SHADE = "D9D9D9"  # the tables' header row, light grey (prints on any printer)

Align = Literal["center"]
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER}


class RtlDocument:
    """An A4 Word document, right to left throughout, in one font, with page numbers in the footer."""

    def __init__(self, font: str) -> None:
        self.font = font
        self.document: Any = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = A4
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = MARGINS
        section.footer_distance = FOOTER_DISTANCE
        self._defaults()
        self._page_numbers(section.footer.paragraphs[0])

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    # --- paragraphs ---------------------------------------------------------------------------------

    def paragraph(
        self,
        text: str,
        *,
        bold: bool = False,
        size: Length = BODY,
        align: Align | None = None,
        keep_with_next: bool = False,
        after: Length = SPACE_AFTER,
    ) -> Any:
        """A paragraph of the body."""
        paragraph = self.document.add_paragraph()
        self.write(paragraph, text, bold=bold, size=size, align=align)
        paragraph.paragraph_format.space_after = after
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True
        return paragraph

    def write(
        self,
        paragraph: Any,
        text: str,
        *,
        bold: bool = False,
        size: Length = BODY,
        align: Align | None = None,
    ) -> None:
        """`text` into an (empty) paragraph as one right-to-left run; new lines become line breaks."""
        set_bidi(paragraph._p.get_or_add_pPr())
        if align is not None:
            paragraph.alignment = _ALIGN[align]
        run = paragraph.add_run()
        for index, line in enumerate(clean_text(text).split("\n")):
            if index:
                run.add_break()
            run.add_text(line)
        if bold:
            run.bold = True
        self.run_properties(run._r.get_or_add_rPr(), size, bold)

    def run_properties(self, rpr: Any, size: Length, bold: bool) -> None:
        """The font for every script (digits and punctuation as complex script), right to left, Persian,
        and the complex script's size and weight."""
        fonts = rpr.get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), self.font)
        fonts.set(qn("w:hint"), "cs")
        if bold and rpr.find(qn("w:bCs")) is None:
            rpr.insert_element_before(OxmlElement("w:bCs"), *_AFTER_BCS)
        half_points = str(int(size.pt * 2))
        for name, successors in (("w:sz", _AFTER_SZ), ("w:szCs", _AFTER_SZCS)):
            element = rpr.find(qn(name))
            if element is None:
                element = rpr.insert_element_before(OxmlElement(name), *successors)
            element.set(qn("w:val"), half_points)
        rpr.get_or_add_rtl()
        _set_language(rpr)

    # --- tables -------------------------------------------------------------------------------------

    def table(
        self,
        widths: Sequence[Length],
        headers: Sequence[str] | None,
        *,
        grid: bool = True,
        size: Length = BODY,
    ) -> Table:
        """A right-to-left table of fixed column widths (the first on the right); with `headers`, a grey
        header row, centred, that repeats on every page. Without `grid`, no borders (a letter's layout)."""
        table: Table = self.document.add_table(rows=0, cols=len(widths))
        table.style = "Table Grid" if grid else None
        table.autofit = False
        table._tbl.tblPr.get_or_add_bidiVisual()
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        if headers is not None:
            cells = self.row(
                table, [[header] for header in headers], widths, bold=True, size=size, align="center"
            )
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell in cells:
                _shade(cell, HEADER_SHADE)
        return table

    def row(
        self,
        table: Table,
        values: Sequence[Sequence[str]],
        widths: Sequence[Length],
        *,
        bold: bool = False,
        keep_with_next: bool = False,
        size: Length = BODY,
        align: Align | Sequence[Align | None] | None = None,
    ) -> list[_Cell]:
        """A row that never breaks across pages; each value is a cell's lines, one paragraph each, aligned
        by `align` (one for every cell, or one per cell). With `keep_with_next`, Word keeps the row on the
        page of the next one."""
        row = cast(Any, table).add_row()  # python-docx leaves it untyped
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        cells = list(row.cells)
        aligns = [align] * len(cells) if align is None or isinstance(align, str) else list(align)
        for cell, lines, width, where in zip(cells, values, widths, aligns, strict=True):
            cell.width = width  # Word reads the cells' widths, LibreOffice the grid's
            for index, line in enumerate(lines or [""]):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                self.write(paragraph, line, bold=bold, size=size, align=where)
                paragraph.paragraph_format.space_after = Pt(0)
                if keep_with_next:
                    paragraph.paragraph_format.keep_with_next = True
        return cells

    # --- the document's defaults and footer ---------------------------------------------------------

    def _defaults(self) -> None:
        """The document's defaults and the Normal style: this font (no theme fonts), Persian, right to
        left; Word's theme language for complex scripts Persian too."""
        styles = self.document.styles
        defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        fonts = defaults.get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        normal = styles["Normal"]
        normal.font.name = self.font
        for rpr in (defaults, normal.element.get_or_add_rPr()):
            self.run_properties(rpr, BODY, False)
        set_bidi(normal.element.get_or_add_pPr())
        theme = self.document.settings.element.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:bidi"), LANGUAGE)

    def _page_numbers(self, paragraph: Any) -> None:
        """«صفحه X از Y», centred, X and Y the PAGE and NUMPAGES fields (see the module's note on digits)."""
        set_bidi(paragraph._p.get_or_add_pPr())
        paragraph.alignment = _ALIGN["center"]
        fields = {"page": "PAGE", "pages": "NUMPAGES"}
        for text, name, _, _ in string.Formatter().parse(t.DOCX_PAGE):
            if text:
                self.run_properties(paragraph.add_run(text)._r.get_or_add_rPr(), SMALL, False)
            if name:
                self._field(paragraph, fields[name])

    def _field(self, paragraph: Any, instruction: str) -> None:
        """A field as Word writes it: begin, the instruction, separate, a cached result, end."""
        for kind in ("begin", "instruction", "separate", "result", "end"):
            run = paragraph.add_run()
            self.run_properties(run._r.get_or_add_rPr(), SMALL, False)
            run._r.get_or_add_rPr().get_or_add_cs()
            if kind == "instruction":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {instruction} "
                run._r.append(element)
            elif kind == "result":
                run.add_text(fa(1))
            else:
                mark = OxmlElement("w:fldChar")
                mark.set(qn("w:fldCharType"), kind)
                run._r.append(mark)


def merge_down(cells: Sequence[_Cell]) -> None:
    """One cell over these cells of a column (top to bottom): the first keeps its text, the others are
    empty continuations (``w:vMerge``)."""
    if len(cells) < 2:
        return
    cells[0]._tc.vMerge = "restart"
    for cell in cells[1:]:
        cell._tc.vMerge = "continue"


def set_bidi(ppr: Any) -> None:
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)


def _set_language(rpr: Any) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:bidi"), LANGUAGE)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shade, *_AFTER_SHD)


# What may follow an element in its parent (the schema's order; Word refuses others).
_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_SZ = ("w:szCs", *_AFTER_SZCS)
_AFTER_BCS = (
    "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss",
    "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w",
    "w:kern", "w:position", "w:sz", *_AFTER_SZ,
)  # fmt: skip
_AFTER_SHD = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark", "w:headers",
    "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip
