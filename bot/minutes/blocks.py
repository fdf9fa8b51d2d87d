"""What every reader produces: a flat list of blocks, each a paragraph or a table row.

A row keeps all its cells, empty ones included (their positions help to place a continuation row); a
cell is the tuple of its lines, each line already cleaned (control characters and bidi marks gone,
whitespace squashed) and never empty. Every reader makes its text through ``clean_line()``, so this is the
one place where a file's text is cleaned. Everything after the readers works on blocks only, whatever the
file format was.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.cleaning import clean_text
from bot.domain.persian import squash_spaces, strip_bidi

Cell = tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    """A line of running text outside any table; ``heading`` when the source marked it as a heading."""

    text: str
    heading: bool = False


@dataclass(frozen=True)
class Row:
    """One table row. ``starts_table`` marks the first row of a table the source delimited itself
    (an HTML or Word table, or a markdown table's header row). ``merged`` holds the indices of the cells
    that continue a cell merged down from the row above (Word's ``w:vMerge``, HTML's ``rowspan``): their
    value is the merged cell's, repeated."""

    cells: tuple[Cell, ...]
    starts_table: bool = False
    merged: frozenset[int] = field(default=frozenset())

    @property
    def filled(self) -> list[Cell]:
        """The cells that hold any text."""
        return [cell for cell in self.cells if cell]

    def plain_text(self) -> str:
        """All cells on one line."""
        return " ".join(cell_text(cell) for cell in self.cells)


Block = Paragraph | Row


def clean_line(line: str) -> str:
    """Control characters (NUL …) and bidi marks dropped, markdown bold markers dropped, whitespace (NBSP,
    tabs …) squashed: what is kept in the database and written into the reports is XML-safe."""
    return squash_spaces(strip_bidi(clean_text(line)).replace("**", ""))


def make_cell(lines: list[str] | tuple[str, ...]) -> Cell:
    """A cell from raw lines: each line cleaned, empty lines dropped. A line holding new lines is split."""
    cleaned = (clean_line(part) for line in lines for part in line.split("\n"))
    return tuple(line for line in cleaned if line)


def cell_text(cell: Cell) -> str:
    """The cell's lines on one line."""
    return " ".join(cell)
