"""Word (.docx) to blocks, with python-docx for the package and the XML tree for the text.

Body paragraphs and tables come in document order (content controls are read through). Each table
row's cells are read with python-docx, which repeats a merged cell in every grid position and row it
covers; a horizontally merged cell (``w:gridSpan``) is kept once, and a vertically merged one
(``w:vMerge``) is repeated in the rows below, marked as merged there (``Row.merged``). A cell's
paragraphs are its lines. A paragraph with tabs (a Word file without a real table) is classified like a
line of a text file.

Word's automatic numbering is not in the text, so it is put back: an empty numbered paragraph (the usual
«ردیف» column) gets its list number, and two or more numbered paragraphs with text in one cell get
sub-item markers «الف -», «ب -» … in order. Tracked deletions, field codes and text boxes are skipped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Protocol, cast

import docx
from docx.document import Document
from docx.oxml.table import CT_Tbl
from docx.table import Table

from bot.domain.numerals import parse_int
from bot.minutes.blocks import Block, Cell, Paragraph, Row, make_cell
from bot.minutes.items import PERSIAN_ORDER
from bot.minutes.model import MinutesError
from bot.minutes.text_reader import line_block
from bot.texts import minutes as texts


class _Element(Protocol):
    """The part of lxml's element API used here (lxml ships no type information)."""

    tag: object
    text: str | None

    def __iter__(self) -> Iterator[_Element]: ...
    def get(self, key: str) -> str | None: ...
    def find(self, path: str) -> _Element | None: ...
    def findall(self, path: str) -> list[_Element]: ...
    def iter(self, tag: str) -> Iterator[_Element]: ...


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_VAL = _W + "val"

#: Elements whose text is not the paragraph's visible text.
_HIDDEN = frozenset(
    {
        _W + "pPr",
        _W + "rPr",
        _W + "del",
        _W + "delText",
        _W + "instrText",
        _W + "txbxContent",
        _MC + "Fallback",
    }
)

#: Containers read through when looking for paragraphs and tables (content controls, custom XML).
_TRANSPARENT = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml"})

#: A .docx whose parts unpack to more than this is refused (a zip bomb, not minutes).
_MAX_UNPACKED = 200 * 1024 * 1024


def docx_blocks(data: bytes) -> list[Block]:
    _check_package(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors … on a broken package
        raise MinutesError(texts.DOCX_NOT_WORD) from None
    body = document.element.body
    if body is None:  # a document part without «w:body»: nothing of a Word document to read
        raise MinutesError(texts.DOCX_NOT_WORD)
    reader = _Reader(document)
    blocks: list[Block] = []
    for element in _header_elements(document):
        blocks += reader.blocks(element)
    for element in _block_elements(body):
        blocks += reader.blocks(element)
    return blocks


def _check_package(data: bytes) -> None:
    if not data.strip():
        raise MinutesError(texts.EMPTY_FILE)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise MinutesError(texts.DOCX_NOT_ZIP) from None
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or not any(name.startswith("word/") for name in names):
        raise MinutesError(texts.DOCX_NOT_WORD)
    if sum(info.file_size for info in infos) > _MAX_UNPACKED:
        raise MinutesError(texts.DOCX_TOO_LARGE)


def _header_elements(document: Document) -> Iterator[_Element]:
    """The first page header's paragraphs and tables (some templates put the meeting table there)."""
    try:
        header = document.sections[0].header
        if header.is_linked_to_previous:
            return
        yield from _block_elements(header._element)
    except (IndexError, KeyError, AttributeError, ValueError, NotImplementedError):
        return


def _block_elements(container: _Element) -> Iterator[_Element]:
    """``w:p`` and ``w:tbl`` children in order, looking inside content controls."""
    for child in container:
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag in _TRANSPARENT:
            yield from _block_elements(child)


def paragraph_text(paragraph: _Element) -> str:
    """The visible text of a ``w:p``: runs, hyperlinks, fields' results; tabs and line breaks kept."""
    parts: list[str] = []
    _collect_text(paragraph, parts)
    return "".join(parts)


def _collect_text(node: _Element, parts: list[str]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _HIDDEN:  # comments and processing instructions too
            continue
        if tag == _W + "t":
            parts.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        else:
            _collect_text(child, parts)


class _Reader:
    def __init__(self, document: Document) -> None:
        self._document = document
        self._numbering = _Numbering(document)

    def blocks(self, element: _Element) -> list[Block]:
        if element.tag == _W + "tbl":
            return self._table_blocks(Table(cast(CT_Tbl, element), self._document._body))
        text = paragraph_text(element)
        self._numbering.advance(element)  # Word numbers every list paragraph, empty or not
        heading = self._is_heading(element)
        blocks: list[Block] = []
        for line in text.split("\n"):
            block = line_block(line)
            if heading and isinstance(block, Paragraph):
                block = Paragraph(block.text, heading=True)
            blocks.append(block)
        return blocks

    def _is_heading(self, paragraph: _Element) -> bool:
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(_VAL) if style is not None else None
        if not style_id:
            return False
        try:
            name = str(self._document.styles[style_id].name or style_id)
        except (KeyError, AttributeError, ValueError):
            name = style_id
        return name.lower().replace(" ", "").startswith(("heading", "title"))

    def _table_blocks(self, table: Table) -> list[Block]:
        rows: list[Block] = []
        # A merged cell is read once, however many rows it covers. The element is kept with its lines:
        # lxml makes a new proxy object for a node nobody holds, so a bare id() could be reused.
        seen: dict[int, tuple[_Element, Cell]] = {}
        for index, row in enumerate(table.rows):
            cells: list[Cell] = []
            merged: set[int] = set()
            previous: object = None
            for cell in row.cells:
                tc = cell._tc
                if tc is previous:
                    continue  # the same cell again: a horizontal merge
                previous = tc
                if id(tc) in seen:  # a cell of a row above: a vertical merge continues here
                    merged.add(len(cells))
                else:
                    seen[id(tc)] = (tc, self._cell_lines(tc))
                cells.append(seen[id(tc)][1])
            rows.append(Row(tuple(cells), starts_table=index == 0, merged=frozenset(merged)))
        return rows

    def _cell_lines(self, tc: _Element) -> Cell:
        elements = list(_block_elements(tc))
        numbered_with_text = sum(
            1
            for element in elements
            if element.tag == _W + "p" and self._numbering.key(element) and paragraph_text(element).strip()
        )
        letters = iter(PERSIAN_ORDER if numbered_with_text >= 2 else ())
        lines: list[str] = []
        for element in elements:
            if element.tag == _W + "tbl":  # a table inside a cell: its paragraphs, in order
                lines += [paragraph_text(nested) for nested in element.iter(_W + "p")]
                continue
            text = paragraph_text(element)
            number = self._numbering.advance(element)
            if number is None:
                lines.append(text)
            elif not text.strip():
                lines.append(str(number))
            else:
                letter = next(letters, None)
                lines.append(f"{letter} - {text}" if letter else text)
        return make_cell(lines)


class _Numbering:
    """Counters of Word's automatic list numbering, per list (``numId``) and level, in document order.

    A paragraph is numbered by its own ``w:numPr`` or by its style's («List Number»).
    """

    def __init__(self, document: Document) -> None:
        self._counters: dict[tuple[str, str], int] = {}
        self._root: _Element | None
        try:
            self._root = document.part.numbering_part.element
        except Exception:  # no numbering part, and python-docx cannot make one
            self._root = None
        self._by_style: dict[str, tuple[str, str] | None] = {}
        try:
            styles: _Element = document.styles.element
        except (AttributeError, KeyError, ValueError):
            return
        for style in styles.findall(_W + "style"):
            style_id = style.get(_W + "styleId")
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if style_id and num_pr is not None:
                self._by_style[style_id] = _num_key(num_pr)

    def key(self, paragraph: _Element) -> tuple[str, str] | None:
        """(numId, level) of a numbered paragraph, else None."""
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is not None and num_pr.find(_W + "numId") is not None:
            return _num_key(num_pr)
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        style_id = style.get(_VAL) if style is not None else None
        return self._by_style.get(style_id) if style_id else None

    def advance(self, paragraph: _Element) -> int | None:
        """The paragraph's list number (counting it), or None when it is not numbered."""
        key = self.key(paragraph)
        if key is None:
            return None
        previous = self._counters.get(key)
        value = self._start(*key) if previous is None else previous + 1
        self._counters[key] = value
        return value

    def _start(self, num_id: str, level: str) -> int:
        if self._root is None:
            return 1
        for num in self._root.findall(_W + "num"):
            if num.get(_W + "numId") != num_id:
                continue
            for override in num.findall(_W + "lvlOverride"):
                start = override.find(_W + "startOverride")
                if override.get(_W + "ilvl") == level and start is not None:
                    return _int(start.get(_VAL))
            abstract = num.find(_W + "abstractNumId")
            abstract_id = abstract.get(_VAL) if abstract is not None else None
            for definition in self._root.findall(_W + "abstractNum"):
                if definition.get(_W + "abstractNumId") != abstract_id:
                    continue
                for lvl in definition.findall(_W + "lvl"):
                    start = lvl.find(_W + "start")
                    if lvl.get(_W + "ilvl") == level and start is not None:
                        return _int(start.get(_VAL))
        return 1


def _num_key(num_pr: _Element) -> tuple[str, str] | None:
    num_id = num_pr.find(_W + "numId")
    value = num_id.get(_VAL) if num_id is not None else None
    if not value or value == "0":  # numId 0 switches numbering off
        return None
    level = num_pr.find(_W + "ilvl")
    return value, (level.get(_VAL) or "0") if level is not None else "0"


def _int(value: str | None) -> int:
    """A list's start number; 1 when it is missing or not a number (a superscript «²», a huge run)."""
    number = parse_int(value or "")
    return 1 if number is None else number
