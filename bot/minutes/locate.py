"""Find the resolutions table among the blocks.

Rows come in runs: consecutive rows, broken by a non-empty paragraph or by the start of another table
(blank lines do not break a run: seed 002 has them between rows). The table starts at the first header
row naming its columns («ردیف»، «مصوبات»، «اقدام کننده»، «زمان اقدام»), or, when no run has one, at the
first numbered row of the first run that holds a row that looks like a resolution. Later runs belong to
the table when they repeat the header or hold resolution-like rows (a page break, a table split in two);
text found between the table's parts is returned so that it can be reported, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.minutes.blocks import Block, Paragraph, Row
from bot.minutes.cells import header_roles, looks_like_resolution, row_number


@dataclass
class TableRegion:
    start: int  # index in the blocks of the header row (or the first row when there is none)
    header: Row | None
    roles: dict[int, str] | None
    rows: list[Row] = field(default_factory=list)
    stray: list[str] = field(default_factory=list)


def _runs(blocks: list[Block]) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if block.text and current:
                runs.append(current)
                current = []
            continue
        if block.starts_table and current:
            runs.append(current)
            current = []
        current.append(index)
    if current:
        runs.append(current)
    return runs


def _is_header(block: Block) -> bool:
    return isinstance(block, Row) and header_roles(block) is not None


def _row(blocks: list[Block], index: int) -> Row:
    block = blocks[index]
    assert isinstance(block, Row)
    return block


def _belongs(blocks: list[Block], run: list[int]) -> bool:
    return any(_is_header(blocks[i]) or looks_like_resolution(_row(blocks, i)) for i in run)


def _candidates(blocks: list[Block], runs: list[list[int]]) -> list[tuple[int, int, bool]]:
    """(run, position in run, has header) where the table may start, best first."""
    found: list[tuple[int, int, bool]] = []
    for r, run in enumerate(runs):
        found += [(r, p, True) for p, index in enumerate(run) if _is_header(blocks[index])]
    for r, run in enumerate(runs):
        if any(looks_like_resolution(_row(blocks, index)) for index in run):
            numbered = [
                p
                for p, index in enumerate(run)
                if any(row_number(c) is not None for c in _row(blocks, index).filled)
            ]
            found.append((r, numbered[0] if numbered else 0, False))
    return found


def locate_table(blocks: list[Block]) -> TableRegion | None:
    runs = _runs(blocks)
    for r, position, has_header in _candidates(blocks, runs):
        region = _region(blocks, runs, r, position, has_header)
        if region.rows:
            return region
    return None


def _region(
    blocks: list[Block], runs: list[list[int]], first: int, position: int, has_header: bool
) -> TableRegion:
    start = runs[first][position]
    header = _row(blocks, start) if has_header else None
    region = TableRegion(start=start, header=header, roles=header_roles(header) if header else None)
    included = [first] + [r for r in range(first + 1, len(runs)) if _belongs(blocks, runs[r])]
    used: set[int] = set()
    for r in included:
        for index in runs[r][position:] if r == first else runs[r]:
            used.add(index)
            if not _is_header(blocks[index]):
                region.rows.append(_row(blocks, index))
    # Whatever else lies between the table's first and last row is reported, in document order; so are
    # the rows above the first numbered one in a table without a header.
    before = runs[first][:position] if not has_header else []
    for index in [*before, *range(start, runs[included[-1]][-1] + 1)]:
        if index in used:
            continue
        block = blocks[index]
        text = block.text if isinstance(block, Paragraph) else block.plain_text()
        if text.strip():
            region.stray.append(text)
    return region
