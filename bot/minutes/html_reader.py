"""HTML to blocks with the standard library's ``html.parser`` (no BeautifulSoup).

A small tree builder tolerates what Word and converters write: unclosed ``<p>``, ``<td>`` and ``<tr>``,
void tags, ``<br/>``. Tables become rows (``<br>`` and ``<p>`` inside a cell are separate lines, a
``colspan`` cell is one cell, a ``rowspan`` cell is repeated in the rows it spans and marked as merged
there); a table whose cells hold other tables is a layout table and is read through. Everything else
becomes paragraphs, one per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from bot.domain.numerals import DIGIT, parse_int
from bot.minutes.blocks import Block, Cell, Paragraph, Row, make_cell
from bot.minutes.model import MinutesError
from bot.texts import minutes as texts

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "wbr"}
)
_SKIPPED = frozenset({"head", "script", "style", "template", "noscript", "title"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div", "dl", "dt",
     "figure", "footer", "form", "header", "html", "li", "main", "nav", "ol", "p", "pre", "section",
     "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
    | _HEADINGS
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_ROW_GROUPS = frozenset({"thead", "tbody", "tfoot"})

#: Cheap test for "this string holds markup" before running the parser on a cell.
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")

#: Spans beyond this are treated as typos (a Word export never spans hundreds of rows).
_MAX_SPAN = 50

#: Elements open inside each other at once; deeper is no document a person wrote (Word nests a few dozen)
#: and would exhaust the stack of the recursive walk below.
_MAX_DEPTH = 200


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)
    has_table: bool = False


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self._stack: list[_Node] = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {name: value or "" for name, value in attrs})
        if tag in _VOID:
            self._stack[-1].children.append(node)
            return
        self._close_implied_by(tag)
        if len(self._stack) > _MAX_DEPTH:
            raise MinutesError(texts.HTML_TOO_DEEP)
        self._stack[-1].children.append(node)
        self._stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # «<br/>» or «<p/>»: an element with no content.
        self._stack[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # «</br>» is a line break in every browser
            self._stack[-1].children.append(_Node("br"))
            return
        # Close the nearest open element of that name, but never across a table boundary: a stray
        # «</div>» inside a cell must not close the cell's enclosing «<div>».
        for depth in range(len(self._stack) - 1, 0, -1):
            open_tag = self._stack[depth].tag
            if open_tag == tag:
                del self._stack[depth:]
                return
            if open_tag == "table" or (
                open_tag in _CELLS and tag not in _CELLS | {"tr", "table"} | _ROW_GROUPS
            ):
                return

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)

    def _close_implied_by(self, tag: str) -> None:
        """HTML's implied end tags: a new cell closes the open cell, a new row the open row, a new
        paragraph the open paragraph, a new list item the open item."""
        if tag in _CELLS:
            self._pop_to({"td", "th"}, stop={"tr", "table"})
        elif tag == "tr":
            self._pop_to({"tr"}, stop={"table"})
        elif tag in _ROW_GROUPS:
            self._pop_to(_ROW_GROUPS, stop={"table"})
        elif tag == "p" or tag in _HEADINGS or tag in {"div", "table", "ul", "ol"}:
            self._pop_to({"p"}, stop={"td", "th", "table", "li", "div"})
        elif tag == "li":
            self._pop_to({"li"}, stop={"ul", "ol", "table"})

    def _pop_to(self, tags: set[str] | frozenset[str], stop: set[str]) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            open_tag = self._stack[depth].tag
            if open_tag in tags:
                del self._stack[depth:]
                return
            if open_tag in stop:
                return


def _parse(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    _mark_tables(builder.root)
    return builder.root


def _mark_tables(node: _Node) -> bool:
    """Set ``has_table`` on every element with a table inside (iteratively: documents nest deeply)."""
    order: list[_Node] = []
    pending = [node]
    while pending:
        current = pending.pop()
        order.append(current)
        pending.extend(child for child in current.children if isinstance(child, _Node))
    for current in reversed(order):  # children before parents
        current.has_table = any(
            isinstance(child, _Node) and (child.tag == "table" or child.has_table)
            for child in current.children
        )
    return node.has_table


def _text_lines(node: _Node) -> list[str]:
    """The text under ``node``, split into lines at ``<br>`` and at block elements."""
    parts: list[str] = []
    pending: list[_Node | str] = [node]
    while pending:
        current = pending.pop()
        if isinstance(current, str):
            parts.append(current)
            continue
        if current.tag in _SKIPPED:
            continue
        if current.tag == "br":
            parts.append("\n")
            continue
        is_block = current.tag in _BLOCKS
        if is_block:
            parts.append("\n")
        # A stack reverses order: push the closing break first, then the children backwards.
        if is_block:
            pending.append("\n")
        pending.extend(reversed(current.children))
    return "".join(parts).split("\n")


def fragment_lines(text: str) -> list[str]:
    """A cell's raw text to its lines: ``<br>`` and ``<p>`` blocks split lines; entities decoded.

    Plain text (no tag) is returned as it is, in one line per new line.
    """
    if not _TAG.search(text):
        return text.split("\n")
    return _text_lines(_parse(text))


def html_blocks(html: str) -> list[Block]:
    """A whole HTML document to blocks."""
    out: list[Block] = []
    _emit_blocks(_parse(html), heading=False, out=out)
    return out


def _emit_blocks(node: _Node, heading: bool, out: list[Block]) -> None:
    inline: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, str):
            inline.append(child)
            continue
        if child.tag in _SKIPPED:
            continue
        if child.tag == "table":
            _flush(inline, heading, out)
            _emit_table(child, out)
        elif child.tag in _BLOCKS or child.has_table:
            _flush(inline, heading, out)
            _emit_blocks(child, heading or child.tag in _HEADINGS, out)
        else:
            inline.append(child)
    _flush(inline, heading, out)


def _flush(inline: list[_Node | str], heading: bool, out: list[Block]) -> None:
    if not inline:
        return
    holder = _Node("#inline", children=list(inline))
    inline.clear()
    out.extend(Paragraph(line, heading=heading) for line in make_cell(_text_lines(holder)))


def _table_rows(table: _Node) -> tuple[list[_Node], list[_Node]]:
    """The table's own rows (not those of nested tables) and its captions."""
    rows: list[_Node] = []
    captions: list[_Node] = []
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in _ROW_GROUPS:
            rows.extend(c for c in child.children if isinstance(c, _Node) and c.tag == "tr")
        elif child.tag == "caption":
            captions.append(child)
    return rows, captions


def _cells(row: _Node) -> list[_Node]:
    return [child for child in row.children if isinstance(child, _Node) and child.tag in _CELLS]


def _span(node: _Node, name: str) -> int:
    digits = re.match(rf"\s*({DIGIT}+)", node.attrs.get(name, ""))
    if digits is None:
        return 1
    number = parse_int(digits.group(1))  # None: beyond any table
    return _MAX_SPAN if number is None else min(max(number, 1), _MAX_SPAN)


@dataclass
class _Spanned:
    """A cell with ``rowspan`` still owed to the rows below it."""

    cell: Cell
    width: int
    rows_left: int


class _Grid:
    """Lays out rows on the table's grid so that a ``rowspan`` cell is repeated where it belongs."""

    def __init__(self) -> None:
        self._owed: dict[int, _Spanned] = {}

    def row(self, nodes: list[_Node]) -> tuple[tuple[Cell, ...], frozenset[int]]:
        """The row's cells, and the indices of those a ``rowspan`` above repeats here."""
        cells: list[Cell] = []
        merged: set[int] = set()
        column = 0
        for node in nodes:
            column = self._pay(column, cells, merged)
            cell = make_cell(_text_lines(node))
            width = _span(node, "colspan")
            height = _span(node, "rowspan")
            cells.append(cell)
            if height > 1:
                self._owed[column] = _Spanned(cell, width, height - 1)
            column += width
        for start in sorted(c for c in self._owed if c >= column):  # spans owed after the last own cell
            if start >= column:
                column = self._pay(start, cells, merged)
        return tuple(cells), frozenset(merged)

    def _pay(self, column: int, cells: list[Cell], merged: set[int]) -> int:
        while column in self._owed:
            owed = self._owed[column]
            merged.add(len(cells))
            cells.append(owed.cell)
            owed.rows_left -= 1
            if owed.rows_left == 0:
                del self._owed[column]
            column += owed.width
        return column


def _emit_table(table: _Node, out: list[Block]) -> None:
    rows, captions = _table_rows(table)
    for caption in captions:
        out.extend(Paragraph(line) for line in make_cell(_text_lines(caption)))
    if any(cell.has_table for row in rows for cell in _cells(row)):
        # A layout table (the whole page in a table): read its cells as running content.
        for row in rows:
            for cell in _cells(row):
                _emit_blocks(cell, heading=False, out=out)
        return
    grid = _Grid()
    for index, row in enumerate(rows):
        cells, merged = grid.row(_cells(row))
        if cells:
            out.append(Row(cells, starts_table=index == 0, merged=merged))
