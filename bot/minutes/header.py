"""The meeting from the text above the resolutions table: its number, date and title.

- Number: an ordinal in words next to «جلسه»/«صورتجلسه»/«نشست», before or after it («نوزدهمین
  صورتجلسه», «جلسه سی و پنجم»; number words may be joined without spaces, «سی‌وپنجمین»), or digits
  («جلسه شماره ۱۹», «شماره جلسه: ۱۹», «۱۹مین جلسه», «۱۹-امین جلسه», «جلسه ۱۹ام»; a bare «جلسه ۱۹» only
  in the title-like texts). Title-like texts are looked at first: the «موضوع:» line, headings, the line
  chosen as the title, the table's header row; then the running text. A number followed by a counted
  noun («جلسه ۲ هفته آتی») is no meeting number.
- Date: the cell under «تاریخ تشکیل» (the next row, same column) or a date after that label in the same
  cell or line; else «مورخ(ه) ۱۴۰۱/۰۸/۰۵» in the text; else in the table's header row. A different date
  in the table's header row is reported.
- Title: the «موضوع:» line's text; else the first heading; else the first short line naming a «جلسه».
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.domain.jalali import DATE_PATTERN, format_jalali, parse_jalali_date
from bot.domain.numerals import parse_int
from bot.domain.numwords import AND, cardinal_value, ordinal_word_value, ordinals_in, words
from bot.domain.persian import no_space_key, normalize, strip_bidi, to_latin_digits, to_persian_digits
from bot.minutes.blocks import Block, Paragraph, Row, cell_text
from bot.minutes.model import ParsedMeeting
from bot.texts import minutes as texts

_MEETING_NOUNS = frozenset({"جلسه", "صورتجلسه", "نشست", "صورت"})
#: Nouns an ordinal may follow («جلسه سی و پنجم»); «صورت» alone is no meeting.
_NOUNS_BEFORE_ORDINAL = frozenset({"جلسه", "صورتجلسه", "نشست"})

#: Words after a number that make it an amount or a time, not the meeting's number («جلسه ۲ هفته آتی»,
#: «جلسه ۱۰ صبح»).
_COUNTED = (
    "هفته", "روز", "روزه", "ماه", "ماهه", "سال", "ساله", "ساعت", "ساعته", "دقیقه", "نفر", "نفره",
    "محله", "مورد", "بار", "درصد", "هزار", "میلیون", "میلیارد", "تومان", "ریال", "خانوار", "عدد", "تا",
    "صبح", "ظهر", "عصر", "شب",
)  # fmt: skip
_NOT_AN_AMOUNT = rf"(?!\s*(?:{'|'.join(_COUNTED)})(?!\w))"

# Digits forms, on normalised text (Latin digits, Persian letters).
_NOUN = r"(?:صورت ?جلسه|جلسه|نشست)"
_ORDINAL_SUFFIX = r"\s*[-–]?\s*(?:امین|مین|ام|م)(?!\w)"
_NUMBER_AFTER_NOUN = re.compile(rf"{_NOUN}\s*شماره\s*:?\s*([0-9]{{1,3}})(?![0-9/])")
_NUMBER_AFTER_LABEL = re.compile(rf"شماره\s*{_NOUN}\s*:?\s*([0-9]{{1,3}})(?![0-9/:])")
_DIGIT_ORDINAL_AFTER_NOUN = re.compile(rf"{_NOUN}\s*:?\s*([0-9]{{1,3}}){_ORDINAL_SUFFIX}")
_BARE_NUMBER_AFTER_NOUN = re.compile(
    rf"{_NOUN}\s*:?\s*([0-9]{{1,3}})"
    # not a date or a time («جلسه ۱۴۰۱/…», «جلسه ۷:۳۰»), nor an amount («جلسه ۲ هفته بعد»)
    rf"(?![0-9/:]){_NOT_AN_AMOUNT}"
)
_DIGIT_ORDINAL = re.compile(rf"(?<![0-9/])([0-9]{{1,3}}){_ORDINAL_SUFFIX}\s*{_NOUN}")

#: A Jalali date: year first («۱۴۰۱/۰۸/۰۵») or, as bidi reordering sometimes leaves it, year last.
_DATE = re.compile(DATE_PATTERN)
#: The years a meeting's date may have: other four-digit numbers («2022/09/01») are no meeting date.
_YEARS = range(1300, 1500)
_DATED = re.compile(r"(?:مورخ|مورخه|تاریخ جلسه|تاریخ برگزاری|تاریخ تشکیل(?: جلسه)?)\s*:?\s*$")
_SUBJECT = re.compile(r"^\s*موضوع(?:\s*جلسه)?\s*[:：]\s*(?P<title>.+)$")
_FORMED_KEY = no_space_key("تاریخ تشکیل")

#: How far before a date its «مورخ»-like label may start.
_LABEL_REACH = 40

#: The longest line taken as a title when there is no «موضوع:» line or heading.
_MAX_TITLE = 120


@dataclass
class MeetingHeader:
    meeting: ParsedMeeting
    problems: list[str] = field(default_factory=list)


def _lines(blocks: list[Block]) -> list[str]:
    """Every text line of the blocks: paragraphs, and each cell line of rows."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines += [line for cell in block.cells for line in cell]
    return [line for line in lines if line]


def _subject(lines: list[str]) -> str | None:
    for line in lines:
        match = _SUBJECT.match(line.replace("**", ""))
        if match:
            return match.group("title").strip()
    return None


def _title_line(blocks: list[Block], lines: list[str]) -> str:
    """The title: the «موضوع:» line's text, else the first heading, else a short line naming a «جلسه»."""
    subject = _subject(lines)
    if subject:
        return subject
    for block in blocks:
        if isinstance(block, Paragraph) and block.heading and block.text:
            return block.text
    for line in lines:
        if len(line) <= _MAX_TITLE and "جلسه" in normalize(line):
            return line
    return ""


def _is_number_word(token: str) -> bool:
    return cardinal_value(token) is not None or ordinal_word_value(token) is not None


def _joined_number_words(token: str) -> list[str] | None:
    """Number words written without spaces («سیوپنجمین», or «وپنجمین» after a ZWNJ) as separate words
    («سی», «و», «پنجمین»); None when the token is not wholly number words."""
    if _is_number_word(token):
        return [token]
    for index, letter in enumerate(token):
        head, tail = token[:index], token[index + 1 :]
        if letter != AND or not tail or (head and cardinal_value(head) is None):
            continue
        rest = _joined_number_words(tail)
        if rest is not None:
            return [*([head] if head else []), AND, *rest]
    return None


def _tokens(text: str) -> list[str]:
    return [part for token in words(text) for part in _joined_number_words(token) or [token]]


def _is_amount(tokens: list[str], end: int) -> bool:
    """Whether the word at ``end`` makes the number before it an amount («جلسه دوم هفته آینده»)."""
    return end < len(tokens) and tokens[end] in _COUNTED


def _number_in(text: str, bare_digits: bool) -> int | None:
    tokens = _tokens(text)
    for start, end, value in ordinals_in(tokens):
        if end < len(tokens) and tokens[end] in _MEETING_NOUNS:
            return value
        if start > 0 and tokens[start - 1] in _NOUNS_BEFORE_ORDINAL and not _is_amount(tokens, end):
            return value
    normal = normalize(text)
    patterns = [_NUMBER_AFTER_NOUN, _NUMBER_AFTER_LABEL, _DIGIT_ORDINAL, _DIGIT_ORDINAL_AFTER_NOUN]
    if bare_digits:
        patterns.append(_BARE_NUMBER_AFTER_NOUN)
    for pattern in patterns:
        match = pattern.search(normal)
        number = parse_int(match.group(1), low=1) if match else None
        if number is not None:
            return number
    return None


def _meeting_number(blocks: list[Block], lines: list[str], table_header: Row | None) -> int | None:
    subject = _subject(lines)
    headings = [b.text for b in blocks if isinstance(b, Paragraph) and b.heading]
    header_cells = [cell_text(cell) for cell in table_header.cells] if table_header else []
    title = _title_line(blocks, lines)
    for text in [*([subject] if subject else []), *headings, *([title] if title else []), *header_cells]:
        number = _number_in(text, bare_digits=True)
        if number is not None:
            return number
    for text in lines:
        number = _number_in(text, bare_digits=False)
        if number is not None:
            return number
    return None


@dataclass
class _DateSearch:
    """What the date search saw besides its answer: the first date-shaped text that is no valid date."""

    invalid: str | None = None


def _dates_in(text: str) -> list[tuple[int, str]]:
    """(position, the date as written in Latin digits) for every date-shaped text."""
    latin = to_latin_digits(strip_bidi(text))
    return [
        (match.start(), match.group(0))
        for match in _DATE.finditer(latin)
        if int(match.group("year") or match.group("year2")) in _YEARS
    ]


def _first_date(text: str, search: _DateSearch, after_label: bool = False) -> date | None:
    """The first valid date in ``text`` (with ``after_label``, only one right after «مورخ»-like words)."""
    latin = to_latin_digits(strip_bidi(text))
    for position, value in _dates_in(text):
        if after_label and not _DATED.search(normalize(latin[max(0, position - _LABEL_REACH) : position])):
            continue
        try:
            return parse_jalali_date(value)
        except ValueError:
            search.invalid = search.invalid or to_persian_digits(value)
    return None


def _formed_date(blocks: list[Block], search: _DateSearch) -> date | None:
    """The date under (or right after) the «تاریخ تشکیل» label."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            if _FORMED_KEY in no_space_key(block.text):
                found = _first_date(block.text, search, after_label=True)
                if found:
                    return found
            continue
        for column, cell in enumerate(block.cells):
            if _FORMED_KEY not in no_space_key(cell_text(cell)):
                continue
            found = _first_date(cell_text(cell), search, after_label=True)
            if found:
                return found
            below = _next_row(blocks, index)
            if below is not None and column < len(below.cells):
                found = _first_date(cell_text(below.cells[column]), search)
                if found:
                    return found
    return None


def _next_row(blocks: list[Block], index: int) -> Row | None:
    for block in blocks[index + 1 :]:
        if isinstance(block, Row):
            return block
        if block.text:
            return None
    return None


def parse_header(blocks: list[Block], table_header: Row | None) -> MeetingHeader:
    """The meeting described by the blocks above the table (and the table's header row)."""
    lines = _lines(blocks)
    search = _DateSearch()
    held_on = _formed_date(blocks, search)
    if held_on is None:
        for line in lines:
            held_on = _first_date(line, search, after_label=True)
            if held_on:
                break
    header_date = None
    if table_header is not None:
        header_date = _first_date(" ".join(cell_text(cell) for cell in table_header.cells), search)
    problems: list[str] = []
    if held_on is None:
        held_on = header_date
    elif header_date is not None and header_date != held_on:
        problems.append(
            texts.MEETING_DATE_MISMATCH.format(
                held_on=format_jalali(held_on), other=format_jalali(header_date)
            )
        )
    number = _meeting_number(blocks, lines, table_header)
    if number is None:
        problems.insert(0, texts.MEETING_NUMBER_MISSING)
    if held_on is None:
        if search.invalid:
            problems.append(texts.MEETING_DATE_INVALID.format(raw=search.invalid))
        problems.append(texts.MEETING_DATE_MISSING)
    meeting = ParsedMeeting(number=number, held_on=held_on, title=_title_line(blocks, lines))
    return MeetingHeader(meeting, problems)
