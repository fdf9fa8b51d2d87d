"""PDF to blocks with pdfplumber (pdfminer.six underneath): each glyph with its position, and the ruling
lines that draw a table's grid.

A PDF holds no paragraphs and no tables, only glyphs placed on the page, in visual order. Tables are
found from their ruling lines (pdfplumber's ``find_tables``, lines strategy); the table's cells are laid
on a grid of all their edges, so that a cell spanning several rows is repeated in the rows it covers and
marked as merged there (``Row.merged``), and a cell spanning several columns is kept once, as the Word
reader does. A frame with a single cell (a page border, a boxed paragraph) is no table. The glyphs
outside the tables are grouped into lines, one paragraph each; rows and paragraphs are put in order by
their position on the page, pages in order. In a cell, a line that was wrapped (the next line's first
word would not have fitted on it) is joined to the next, so that a cell's lines are its paragraphs, as
in Word: a party's name broken over two lines stays one party.

Each line's text is read by ``pdf_lines`` (right-to-left order restored, ligatures and half-spaces kept).
A PDF made of scanned images has no glyphs at all, and is refused: there is no OCR here.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfplumber.page import Page
from pdfplumber.pdf import PDF
from pdfplumber.table import Table

from bot.domain.persian import fa
from bot.minutes.blocks import Block, Cell, Paragraph, Row, make_cell
from bot.minutes.model import MinutesError
from bot.minutes.pdf_lines import Glyph, Line, clean_glyph, group_lines, is_rtl, make_line, paragraphs
from bot.texts import minutes as texts

#: Longer files are refused before reading any page (minutes run to a few pages).
MAX_PAGES = 40

#: A page with more ruling edges, or more places where rules could cross, is read as text only: a
#: drawing, not a form (a minutes table of 40 rows and 8 columns has some 400 crossings).
_MAX_STROKES = 5000
_MAX_CROSSINGS = 2500


#: Edges of a table's cells closer than this (points) are one grid line.
_GRID_TOLERANCE = 2.0

#: A cell's padding is guessed from its lines; more than this (points) is no padding but centred text.
_MAX_PADDING = 12.0


@dataclass(frozen=True)
class _Table:
    """A table as drawn on one page: its columns' edges and its rows."""

    columns: list[float]
    rows: list[Row]


_Item = Paragraph | _Table

_Box = tuple[float, float, float, float]


def pdf_blocks(data: bytes) -> list[Block]:
    """The blocks of a PDF file; ``MinutesError`` when it cannot be read or holds no text."""
    if not data.strip():
        raise MinutesError(texts.EMPTY_FILE)
    items: list[_Item] = []
    any_text = False
    try:
        with pdfplumber.open(io.BytesIO(data), raise_unicode_errors=False) as pdf:
            for page in _pages(pdf):
                glyphs = _glyphs(page)
                any_text = any_text or bool(glyphs)
                items += _page_items(page, glyphs)
                items.append(_PAGE_BREAK)
    except MinutesError:
        raise
    except Exception:  # pdfminer raises PSSyntaxError, PDFPasswordIncorrect, KeyError, TypeError …
        raise MinutesError(texts.PDF_UNREADABLE) from None
    if not any_text:
        raise MinutesError(texts.PDF_NO_TEXT)
    return _join_pages(items)


#: Marks the end of a page among the items.
_PAGE_BREAK = Paragraph("")


def _join_pages(items: list[_Item]) -> list[Block]:
    """The items' blocks. A table that ends a page and goes on at the top of the next one (same
    columns) is one table, as in the Word file: the rows repeated at the top of each page (Word's
    «repeat header rows») are dropped, and the continuation does not start a new table."""
    blocks: list[Block] = []
    open_table: _Table | None = None  # the first piece of a table that reached the end of a page
    for index, item in enumerate(items):
        if item is _PAGE_BREAK:
            continue
        if isinstance(item, Paragraph):
            blocks.append(item)
            open_table = None
            continue
        rows = item.rows
        after_break = index > 0 and items[index - 1] is _PAGE_BREAK
        if open_table is not None and after_break and _same_columns(open_table.columns, item.columns):
            rows = _without_repeated_head(open_table.rows, rows)
            if rows:
                rows[0] = Row(rows[0].cells, starts_table=False, merged=rows[0].merged)
        else:
            open_table = item
        blocks += rows
        ends_page = index + 1 < len(items) and items[index + 1] is _PAGE_BREAK
        if not ends_page:
            open_table = None
    return blocks


def _same_columns(first: list[float], second: list[float]) -> bool:
    return len(first) == len(second) and all(
        abs(a - b) <= _GRID_TOLERANCE for a, b in zip(first, second, strict=True)
    )


def _without_repeated_head(head: list[Row], rows: list[Row]) -> list[Row]:
    """``rows`` without the leading ones that repeat the first rows of ``head``."""
    repeated = 0
    while repeated < min(len(head), len(rows)) and rows[repeated].cells == head[repeated].cells:
        repeated += 1
    return list(rows[repeated:])


def _pages(pdf: PDF) -> Iterator[Page]:
    """The pages in order, refusing a file with too many before reading any (``pdf.pages`` would make
    an object for every page of the file first)."""
    sources = list(itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if len(sources) > MAX_PAGES:
        raise MinutesError(texts.PDF_TOO_MANY_PAGES.format(limit=fa(MAX_PAGES)))
    if not sources:  # no page tree: nothing to read, not a scan
        raise MinutesError(texts.PDF_UNREADABLE)
    doctop = 0.0
    for number, source in enumerate(sources, start=1):
        page = Page(pdf, source, page_number=number, initial_doctop=doctop)
        doctop += float(page.height)
        yield page
        page.close()  # drop the page's parsed objects before the next page


def _glyphs(page: Page) -> list[Glyph]:
    """The page's glyphs, bidi controls left out."""
    glyphs: list[Glyph] = []
    for char in page.chars:
        text = clean_glyph(str(char.get("text") or ""))
        if not text:
            continue
        glyphs.append(
            Glyph(
                text=text,
                x0=float(char["x0"]),
                x1=float(char["x1"]),
                top=float(char["top"]),
                bottom=float(char["bottom"]),
                size=max(float(char.get("size") or 0.0), 1.0),
            )
        )
    return _deduplicated(glyphs)


def _deduplicated(glyphs: list[Glyph]) -> list[Glyph]:
    """Without the glyphs drawn again over themselves, within a point (a fake bold, a shadow)."""
    seen: dict[tuple[str, int, int], list[Glyph]] = {}
    kept: list[Glyph] = []
    for glyph in glyphs:
        column, line = int(glyph.x0), int(glyph.top)
        near = (
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((glyph.text, column + dx, line + dy), ())
        )
        if any(abs(other.x0 - glyph.x0) <= 1 and abs(other.top - glyph.top) <= 1 for other in near):
            continue
        seen.setdefault((glyph.text, column, line), []).append(glyph)
        kept.append(glyph)
    return kept


# --- page layout --------------------------------------------------------------------------------------


def _page_items(page: Page, glyphs: list[Glyph]) -> list[_Item]:
    """The page's lines and tables, top to bottom; a page number above or below everything is left out."""
    if not glyphs:
        return []
    tables = [table for table in _find_tables(page) if len(table.cells) > 1]
    boxes = [_box(table.bbox) for table in tables]
    owned: list[list[Glyph]] = [[] for _ in tables]
    loose: list[Glyph] = []
    for glyph in glyphs:
        index = _smallest_box(glyph, boxes)
        (loose if index is None else owned[index]).append(glyph)
    rtl = is_rtl(glyphs)
    lines = [line for line in (make_line(group, rtl) for group in group_lines(loose)) if line.text]
    width = max((line.x1 for line in lines), default=0.0) - min((line.x0 for line in lines), default=0.0)
    placed: list[tuple[float, _Item]] = [
        (line.top, Paragraph(text)) for line, text in paragraphs(lines, width)
    ]
    for box, table, inside in zip(boxes, tables, owned, strict=True):
        placed.append((box[1], _read_table(table, inside)))
    placed.sort(key=lambda pair: pair[0])
    height = float(page.height)
    while placed and _is_page_number(placed[-1], height, bottom=True):
        placed.pop()
    while placed and _is_page_number(placed[0], height, bottom=False):
        placed.pop(0)
    return [item for _, item in placed]


def _find_tables(page: Page) -> list[Table]:
    """The tables drawn with ruling lines; none on a page ruled too finely to be a form (the search
    compares every crossing of two rules with every other)."""
    edges = page.edges
    columns = {round(float(edge["x0"]) / _GRID_TOLERANCE) for edge in edges if edge["orientation"] == "v"}
    rows = {round(float(edge["top"]) / _GRID_TOLERANCE) for edge in edges if edge["orientation"] == "h"}
    if len(edges) > _MAX_STROKES or len(columns) * len(rows) > _MAX_CROSSINGS:
        return []
    return list(page.find_tables())


#: A page number as footers write it: «۳»، «- 3 -»، «صفحه ۲ از ۵»، «Page 2 of 5»، «2/5».
_PAGE_NUMBER = re.compile(
    r"[-–—\s]*(?:(?:صفحه|page)\s*:?\s*)?[0-9۰-۹٠-٩]{1,3}(?:\s*(?:از|of|/)\s*[0-9۰-۹٠-٩]{1,3})?[-–—\s]*",
    re.IGNORECASE,
)

#: Page furniture stands within this fraction of the page's height from its top or bottom edge.
_MARGIN = 0.15


def _is_page_number(placed: tuple[float, _Item], height: float, bottom: bool) -> bool:
    top, item = placed
    in_margin = top > height * (1 - _MARGIN) if bottom else top < height * _MARGIN
    return in_margin and isinstance(item, Paragraph) and bool(_PAGE_NUMBER.fullmatch(item.text))


def _box(bbox: Sequence[float]) -> _Box:
    x0, top, x1, bottom = (float(value) for value in bbox)
    return x0, top, x1, bottom


def _smallest_box(glyph: Glyph, boxes: list[_Box]) -> int | None:
    """The smallest box holding the glyph's centre (a table drawn inside another's cell wins)."""
    best: int | None = None
    best_area = 0.0
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        if x0 <= glyph.centre <= x1 and top <= glyph.middle <= bottom:
            area = (x1 - x0) * (bottom - top)
            if best is None or area < best_area:
                best, best_area = index, area
    return best


# --- lines --------------------------------------------------------------------------------------------


# --- tables -------------------------------------------------------------------------------------------


def _read_table(table: Table, glyphs: list[Glyph]) -> _Table:
    """The table's rows on the grid of its cells' edges, columns in reading order."""
    boxes = [_box(cell) for cell in table.cells]
    xs = _grid_lines([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _grid_lines([b[1] for b in boxes] + [b[3] for b in boxes])
    owner: dict[tuple[int, int], int] = {}
    first_row: list[int] = []
    for index, (x0, top, x1, bottom) in enumerate(boxes):
        left, right = _grid_index(xs, x0), _grid_index(xs, x1)
        upper, lower = _grid_index(ys, top), _grid_index(ys, bottom)
        first_row.append(upper)
        for row in range(upper, max(lower, upper + 1)):
            for column in range(left, max(right, left + 1)):
                owner.setdefault((row, column), index)
    rtl = is_rtl(glyphs)
    contents = _cell_contents(boxes, glyphs, rtl)
    order = range(len(xs) - 2, -1, -1) if rtl else range(len(xs) - 1)
    rows: list[Row] = []
    for row in range(len(ys) - 1):
        here = [owner.get((row, column)) for column in order]
        if not any(cell is not None and first_row[cell] == row for cell in here):
            continue  # only cells continued from above, or holes: no row of its own
        cells: list[Cell] = []
        merged: set[int] = set()
        previous: int | None = None
        for cell in here:
            if cell is not None and cell == previous:
                continue  # the same cell again: a horizontal merge
            previous = cell
            if cell is not None and first_row[cell] < row:
                merged.add(len(cells))  # a cell of a row above: a vertical merge continues here
            cells.append(contents[cell] if cell is not None else ())
        rows.append(Row(tuple(cells), starts_table=not rows, merged=frozenset(merged)))
    return _Table(xs, rows)


def _grid_lines(values: list[float]) -> list[float]:
    """Distinct positions, those within the tolerance of each other taken as one."""
    lines: list[float] = []
    for value in sorted(values):
        if not lines or value - lines[-1] > _GRID_TOLERANCE:
            lines.append(value)
    return lines


def _grid_index(lines: list[float], value: float) -> int:
    return min(range(len(lines)), key=lambda index: abs(lines[index] - value))


def _cell_contents(boxes: list[_Box], glyphs: list[Glyph], rtl: bool) -> list[Cell]:
    """Each cell's paragraphs; a glyph belongs to the smallest cell holding its centre."""
    inside: list[list[Glyph]] = [[] for _ in boxes]
    for glyph in glyphs:
        index = _smallest_box(glyph, boxes)
        if index is not None:
            inside[index].append(glyph)
    lines = [[make_line(group, rtl) for group in group_lines(cell)] for cell in inside]
    padding = _padding(boxes, lines)
    return [
        make_cell([text for _, text in paragraphs(cell_lines, box[2] - box[0] - 2 * padding)])
        for box, cell_lines in zip(boxes, lines, strict=True)
    ]


def _padding(boxes: list[_Box], lines: list[list[Line]]) -> float:
    """The table's cell padding: the narrowest margin between a line and its cell's side."""
    margins = [
        min(line.x0 - box[0], box[2] - line.x1)
        for box, cell_lines in zip(boxes, lines, strict=True)
        for line in cell_lines
    ]
    return min([max(margin, 0.0) for margin in margins if margin <= _MAX_PADDING], default=0.0)


# --- visual to logical order --------------------------------------------------------------------------
