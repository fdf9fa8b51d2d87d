"""The minutes importer: a minutes file (.docx, .txt/.md, .html) → the meeting and its resolutions.

Readers turn each format into blocks (paragraphs and table rows); ``locate`` finds the resolutions
table; ``header`` reads the meeting's number, date and title above it; ``table`` turns the rows into
resolutions (columns by content, page-break pieces joined, sub-items and parties split). A file that
cannot be read at all raises ``MinutesError``; anything doubtful in a file that can be read is kept and
reported in ``problems`` (Persian, for the secretariat), never dropped silently.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from bot.domain.workdays import WorkCalendar
from bot.minutes.blocks import Block
from bot.minutes.header import parse_header
from bot.minutes.locate import locate_table
from bot.minutes.model import MinutesError, ParsedMeeting, ParsedMinutes, ParsedResolution
from bot.minutes.readers import read_bytes, read_text
from bot.minutes.table import Columns, build_resolutions
from bot.texts import minutes as texts

__all__ = [
    "MinutesError",
    "ParsedMeeting",
    "ParsedMinutes",
    "ParsedResolution",
    "parse_minutes_bytes",
    "parse_minutes_file",
    "parse_minutes_text",
]


def parse_minutes_file(path: Path, calendar: WorkCalendar) -> ParsedMinutes:
    """Read and parse a minutes file; ``OSError`` if it cannot be opened, ``MinutesError`` if not minutes."""
    return parse_minutes_bytes(Path(path).read_bytes(), Path(path).name, calendar)


def parse_minutes_bytes(data: bytes, file_name: str, calendar: WorkCalendar) -> ParsedMinutes:
    """Parse an upload; the format comes from ``file_name``'s extension."""
    blocks = read_bytes(data, file_name)
    return _parse_blocks(blocks, calendar, file_name, hashlib.sha256(data).hexdigest())


def parse_minutes_text(text: str, calendar: WorkCalendar, source_name: str = "") -> ParsedMinutes:
    """Parse minutes already decoded to text (markdown, tab-separated, or HTML)."""
    blocks = read_text(text)
    return _parse_blocks(
        blocks, calendar, source_name, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    )


def _parse_blocks(
    blocks: list[Block], calendar: WorkCalendar, source_name: str, sha256: str
) -> ParsedMinutes:
    region = locate_table(blocks)
    if region is None:
        raise MinutesError(texts.NO_TABLE)
    header = parse_header(blocks[: region.start], region.header)
    columns = Columns.of_header(region.header, region.roles or {}) if region.header is not None else None
    resolutions, table_problems = build_resolutions(region.rows, header.meeting.held_on, calendar, columns)
    if not resolutions:
        raise MinutesError(texts.NO_TABLE)
    problems = header.problems + table_problems
    problems += [texts.STRAY_TEXT.format(text=texts.quote(text)) for text in region.stray]
    return ParsedMinutes(
        meeting=header.meeting,
        resolutions=resolutions,
        problems=problems,
        source_name=source_name,
        source_sha256=sha256,
    )
