"""Plain text and markdown (what a Word or PDF file becomes when pasted or converted) to blocks.

One line is one block:
- ``| a | b |`` — a markdown pipe row (the ``|---|`` line under a header row only marks that row as a
  table's first row);
- a line with tabs — a tab-separated row (a line merely indented with tabs is a paragraph);
- a line starting with ``<p>`` — a row of one cell (a page-break continuation that lost its tabs);
- ``# title`` — a heading; anything else — a paragraph.
Inside a cell ``<br>`` and ``<p>…</p>`` split lines.
"""

from __future__ import annotations

import re

from bot.minutes.blocks import Block, Cell, Paragraph, Row, clean_line, make_cell
from bot.minutes.html_reader import fragment_lines

#: Markdown's backslash escapes (pandoc writes «1\.», «\-», «\|»): the backslash goes, the mark stays.
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")

#: A pipe-table separator line holds only these characters, and at least one dash.
_MD_SEPARATOR_CHARS = frozenset("|-: \t")

#: A pipe that is not escaped with a backslash.
_PIPE = re.compile(r"(?<!\\)\|")

_MD_HEADING = re.compile(r"#{1,6}\s+(.*)")


def text_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and "-" in stripped and set(stripped) <= _MD_SEPARATOR_CHARS:
            _mark_table_start(blocks)
            continue
        blocks.append(line_block(line))
    return blocks


def line_block(line: str) -> Block:
    """Classify one line of text (also used for the paragraphs of a Word file without a table)."""
    stripped = line.strip()
    if stripped.startswith("|"):
        return Row(_pipe_cells(stripped))
    if "\t" in line.lstrip(" \t\u00a0"):  # tabs between cells, not mere indentation
        return Row(tuple(_cell(part) for part in line.split("\t")))
    if stripped.lower().startswith("<p"):
        return Row((_cell(stripped),))
    heading = _MD_HEADING.fullmatch(stripped)
    if heading:  # «## title ##»: the closing hashes are decoration
        return Paragraph(clean_line(_unescape(heading.group(1).rstrip("# "))), heading=True)
    return Paragraph(clean_line(" ".join(fragment_lines(_unescape(stripped)))))


def _mark_table_start(blocks: list[Block]) -> None:
    """The line above a ``|---|`` separator is a table's header row."""
    for index in range(len(blocks) - 1, -1, -1):
        block = blocks[index]
        if isinstance(block, Row):
            blocks[index] = Row(block.cells, starts_table=True)
            return
        if block.text:  # a non-empty paragraph: no header row to mark
            return


def _pipe_cells(line: str) -> tuple[Cell, ...]:
    inner = line[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return tuple(_cell(part) for part in _PIPE.split(inner))


def _cell(raw: str) -> Cell:
    return make_cell(fragment_lines(_unescape(raw)))


def _unescape(text: str) -> str:
    return _MD_ESCAPE.sub(r"\1", text)
