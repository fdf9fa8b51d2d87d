"""The meeting from the text above the resolutions table: its number, date and title.

- Number: an ordinal in words next to «جلسه»/«صورتجلسه»/«نشست», before or after it («نوزدهمین
  صورتجلسه», «جلسه سی و پنجم», «جلسه‌ی بیست و هفتم»; number words may be joined without spaces,
  «سی‌وپنجمین»), or digits («جلسه شماره ۱۹», «شماره جلسه: ۱۹», «۱۹مین جلسه», «۱۹-امین جلسه», «جلسه ۱۹ام»;
  a bare «جلسه ۱۹» only in the title-like texts), or a cardinal in words after «شماره» («جلسه شماره
  نوزده»). Title-like texts are looked at first: the «موضوع:» line, headings, the line chosen as the
  title, the table's header row; then the running text. A number followed by a counted noun («جلسه ۲ هفته
  آتی») is no meeting number. A different number in the running text (the opening sentence) is reported.
- Date: a header field first: under or after «تاریخ تشکیل» (the next row, same column, or the same cell
  or line), else «تاریخ جلسه:», «تاریخ برگزاری:», «تاریخ:» or a line starting «مورخ(ه)» (on one line with
  other fields: «تاریخ: ۱۴۰۱/۱۰/۱۳  ساعت: ۱۰  محل: …»); else «مورخ(ه) ۱۴۰۱/۰۸/۰۵» in the running text
  (the opening sentence); else in the table's header row; else, said so, the letterhead's «تاریخ:»
  (beside «شماره:» or «پیوست:»: the day the minutes were sent). Other labels («تاریخ دعوتنامه») are not
  the meeting's date. A different date in the opening sentence or in the table's header row is
  reported. A line about another meeting («پیرو صورتجلسه مورخ …», «بررسی مصوبات جلسه قبل») gives no
  date or number.
- Title: the «موضوع:» line's text; else the first heading; else the first short line naming a «جلسه».
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.domain.jalali import DATE_PATTERN, format_jalali, parse_jalali_date
from bot.domain.numerals import parse_int
from bot.domain.numwords import AND, cardinal_at, cardinal_value, ordinal_word_value, ordinals_in, words
from bot.domain.persian import fa, no_space_key, normalize, strip_bidi, to_latin_digits, to_persian_digits
from bot.minutes.blocks import Block, Paragraph, Row, cell_text
from bot.minutes.model import ParsedMeeting
from bot.texts import minutes as texts

_MEETING_NOUNS = frozenset({"جلسه", "صورتجلسه", "نشست", "صورت"})
#: Nouns an ordinal may follow («جلسه سی و پنجم»); «صورت» alone is no meeting.
_NOUNS_BEFORE_ORDINAL = frozenset({"جلسه", "صورتجلسه", "نشست"})
#: The ezafe written apart after a noun («جلسه‌ی بیست و هفتم», «جلسه ی ۲۷»).
_EZAFE = "ی"
_NUMBER_WORD = "شماره"

#: Words after a number that make it an amount or a time, not the meeting's number («جلسه ۲ هفته آتی»,
#: «جلسه ۱۰ صبح»).
_COUNTED = (
    "هفته", "روز", "روزه", "ماه", "ماهه", "سال", "ساله", "ساعت", "ساعته", "دقیقه", "نفر", "نفره",
    "محله", "مورد", "بار", "درصد", "هزار", "میلیون", "میلیارد", "تومان", "ریال", "خانوار", "عدد", "تا",
    "صبح", "ظهر", "عصر", "شب",
)  # fmt: skip
_NOT_AN_AMOUNT = rf"(?!\s*(?:{'|'.join(_COUNTED)})(?!\w))"

# Digits forms, on normalised text (Latin digits, Persian letters).
_NOUN = rf"(?:صورت ?جلسه|جلسه|نشست)(?: ?{_EZAFE}(?!\w))?"
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
_SUBJECT = re.compile(r"^\s*موضوع(?:\s*جلسه)?\s*[:：]\s*(?P<title>.+)$")
_FORMED_KEY = no_space_key("تاریخ تشکیل")

# Where a date comes from, most authoritative first: the «تاریخ تشکیل» field, another header field
# («تاریخ جلسه:», «تاریخ:», a line starting «مورخ»), the running text («… مورخه ۱۴۰۵/۰۷/۱۶ به ریاست …»),
# the table's header row («مصوبات … جلسه مورخ ۱۴۰۱/۰۶/۱۰»), and last the letterhead's «تاریخ:» beside
# «شماره:» and «پیوست:» (the day the minutes were sent, not held).
_FORMED, _FIELD, _SENTENCE, _TABLE_HEADER, _LETTER = 0, 1, 2, 3, 4

#: Phrases (on normalised text) that make a line about another meeting or letter: «پیرو صورتجلسه مورخ …»,
#: «عطف به نامه …», «بازگشت به جلسه …», «بررسی مصوبات جلسه قبل» / «جلسات گذشته». Its date and number
#: are not this meeting's. The words alone are not enough («سال گذشته», «۱۰ قبل از ظهر»).
_ELSEWHERE = re.compile(
    r"(?<!\w)(?:پیرو|عطف|بازگشت)(?:\s+به)?\s+(?:صورت ?جلسه|جلسه|جلسات|نامه|نشست)(?!\w)"
    r"|(?<!\w)(?:صورت ?جلسه|جلسه|جلسات|نشست)(?: ?ی)?\s+(?:قبل|قبلی|گذشته|پیشین)(?!\w)"
)
#: A letterhead's other fields, on the date's line or a line next to it: «شماره: ۱۲۳/۴۵», «پیوست: ندارد».
_LETTERHEAD_FIELD = re.compile(r"(?<!\w)(?:پیوست|شماره)\s*:(?!\s*جلسه)")
_FIELD_LABEL = r"تاریخ\s*(?:برگزاری(?:\s*جلسه)?|جلسه)\s*:?|(?<!\w)تاریخ\s*:"
#: The label right before a date (on normalised text ending at the date), for each source.
_LABELS = (
    (_FORMED, re.compile(r"تاریخ\s*تشکیل(?:\s*جلسه)?\s*:?\s*$")),
    (_FIELD, re.compile(rf"(?:{_FIELD_LABEL}|^\s*مورخه?\s*:?)\s*$")),
    (_SENTENCE, re.compile(r"(?<!\w)مورخه?\s*:?\s*$")),
)
#: A cell that is only a field's label, its value in the next row («تاریخ:», «تاریخ جلسه»).
_FIELD_CELL = re.compile(r"\s*(?:تاریخ(?:\s*برگزاری)?(?:\s*جلسه)?|مورخه?)\s*:?\s*")

#: How far before a date its label may start; a longer text before it is cut, and marked so that it
#: is not taken as the line's start.
_LABEL_REACH = 40
_CUT = "x "

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


def _subject_match(line: str) -> re.Match[str] | None:
    return _SUBJECT.match(line.replace("**", ""))


def _subject(lines: list[str]) -> str | None:
    for line in lines:
        match = _subject_match(line)
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
    """The words of ``text``, number words split apart and an ezafe after a meeting noun left out."""
    tokens: list[str] = []
    for token in words(text):
        if token == _EZAFE and tokens and tokens[-1] in _MEETING_NOUNS:
            continue
        tokens += _joined_number_words(token) or [token]
    return tokens


def _is_amount(tokens: list[str], end: int) -> bool:
    """Whether the word at ``end`` makes the number before it an amount («جلسه دوم هفته آینده»)."""
    return end < len(tokens) and tokens[end] in _COUNTED


def _cardinal_after_number_word(tokens: list[str]) -> int | None:
    """A cardinal in words after «جلسه شماره» or «شماره جلسه» («جلسه شماره بیست و هفت»)."""
    for index, token in enumerate(tokens):
        if token != _NUMBER_WORD:
            continue
        start = index + 1
        if start < len(tokens) and tokens[start] in _NOUNS_BEFORE_ORDINAL:
            start += 1
        elif not (index > 0 and tokens[index - 1] in _MEETING_NOUNS):
            continue
        found = cardinal_at(tokens, start)
        if found is not None and not _is_amount(tokens, found[1]):
            return found[0]
    return None


def _number_in(text: str, bare_digits: bool) -> int | None:
    tokens = _tokens(text)
    for start, end, value in ordinals_in(tokens):
        if end < len(tokens) and tokens[end] in _MEETING_NOUNS:
            return value
        if start > 0 and tokens[start - 1] in _NOUNS_BEFORE_ORDINAL and not _is_amount(tokens, end):
            return value
    in_words = _cardinal_after_number_word(tokens)
    if in_words is not None:
        return in_words
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


@dataclass
class _Numbers:
    """The meeting's number in the title-like texts and in the running text (the opening sentence)."""

    title: int | None
    text: int | None


def _meeting_numbers(blocks: list[Block], lines: list[str], table_header: Row | None) -> _Numbers:
    subject = _subject(lines)
    headings = [b.text for b in blocks if isinstance(b, Paragraph) and b.heading]
    header_cells = [cell_text(cell) for cell in table_header.cells] if table_header else []
    title = _title_line(blocks, lines)
    title_like = [text for text in [subject, *headings, title, *header_cells] if text]
    title_number = _first_number(title_like, bare_digits=True)
    running = [
        line
        for line in lines
        if line not in title_like and _subject_match(line) is None and not _refers_elsewhere(line)
    ]
    return _Numbers(title_number, _first_number(running, bare_digits=False))


def _first_number(texts: list[str], bare_digits: bool) -> int | None:
    for text in texts:
        number = _number_in(text, bare_digits)
        if number is not None:
            return number
    return None


@dataclass
class _Dates:
    """The first meeting date found from each source (``_FORMED`` … ``_TABLE_HEADER``), and the first
    date-shaped text in such a place that is no valid date."""

    found: dict[int, date] = field(default_factory=dict)
    invalid: str | None = None

    def add(self, source: int, value: str) -> None:
        if source in self.found:
            return
        try:
            self.found[source] = parse_jalali_date(value)
        except ValueError:
            self.invalid = self.invalid or to_persian_digits(value)

    def first(self, *sources: int) -> date | None:
        """The date of the most authoritative of ``sources`` that has one."""
        return next((self.found[source] for source in sources if source in self.found), None)


def _dates_in(text: str) -> list[tuple[str, str]]:
    """(the normalised text before it, the date as written in Latin digits) for every date-shaped text."""
    latin = to_latin_digits(strip_bidi(text)).replace("*", "")
    return [
        (normalize(_before(latin, match.start())), match.group(0))
        for match in _DATE.finditer(latin)
        if int(match.group("year") or match.group("year2")) in _YEARS
    ]


def _before(text: str, position: int) -> str:
    """The text a date's label may be in: at most ``_LABEL_REACH`` characters before ``position``."""
    start = max(0, position - _LABEL_REACH)
    return (_CUT if start else "") + text[start:position]


def _refers_elsewhere(text: str) -> bool:
    """Whether the text is about another meeting («پیرو صورتجلسه مورخ …», «مصوبات جلسه قبل»)."""
    return _ELSEWHERE.search(normalize(text)) is not None


def _labelled_dates(text: str, dates: _Dates, letterhead: bool = False) -> None:
    """Add each date in ``text`` that comes right after a date label, with that label's source: a
    header field's on a letterhead line counts as the letter's; the running text's only when it is not
    about another meeting."""
    for before, value in _dates_in(text):
        source = next((source for source, label in _LABELS if label.search(before)), None)
        if source == _FIELD and letterhead:
            source = _LETTER
        if source == _SENTENCE and _refers_elsewhere(before):
            continue
        if source is not None:
            dates.add(source, value)


def _is_letterhead(lines: list[str], index: int) -> bool:
    """Whether the line at ``index``, or the nearest line with text on either side, holds a letterhead's
    «شماره:» or «پیوست:»."""
    before = next((line for line in reversed(lines[:index]) if line), "")
    after = next((line for line in lines[index + 1 :] if line), "")
    return any(_LETTERHEAD_FIELD.search(normalize(line)) for line in (before, lines[index], after))


def _label_cell_source(text: str) -> int | None:
    """The source of a cell that is a date field's label, its value below («تاریخ تشکیل:»), else None."""
    if _FORMED_KEY in no_space_key(text):
        return _FORMED
    return _FIELD if _FIELD_CELL.fullmatch(normalize(text.replace("*", ""))) else None


def _meeting_dates(blocks: list[Block], table_header: Row | None) -> _Dates:
    """The dates after their labels in paragraphs and cells, under a label cell in the next row, and
    any in the table's header row."""
    dates = _Dates()
    if table_header is not None:
        for _label, value in _dates_in(" ".join(cell_text(cell) for cell in table_header.cells)):
            dates.add(_TABLE_HEADER, value)
    paragraphs = [block.text if isinstance(block, Paragraph) else "" for block in blocks]
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            _labelled_dates(block.text, dates, _is_letterhead(paragraphs, index))
            continue
        cells = [cell_text(cell) for cell in block.cells]
        for column, cell in enumerate(block.cells):
            _labelled_dates(cell_text(cell), dates, _is_letterhead(cells, column))
            source = _label_cell_source(cell_text(cell))
            if source is None:
                continue
            if source == _FIELD and _is_letterhead(cells, column):
                source = _LETTER
            below = _next_row(blocks, index)
            if below is not None and column < len(below.cells):
                for _label, value in _dates_in(cell_text(below.cells[column])):
                    dates.add(source, value)
    return dates


def _next_row(blocks: list[Block], index: int) -> Row | None:
    for block in blocks[index + 1 :]:
        if isinstance(block, Row):
            return block
        if block.text:
            return None
    return None


def _date_problems(held_on: date, others: list[tuple[date | None, str]]) -> list[str]:
    """A line for each other candidate that disagrees with the date taken."""
    return [
        template.format(held_on=format_jalali(held_on), other=format_jalali(other))
        for other, template in others
        if other is not None and other != held_on
    ]


def parse_header(blocks: list[Block], table_header: Row | None) -> MeetingHeader:
    """The meeting described by the blocks above the table (and the table's header row)."""
    lines = _lines(blocks)
    dates = _meeting_dates(blocks, table_header)
    field_date = dates.first(_FORMED, _FIELD)
    sentence_date = dates.first(_SENTENCE)
    header_date = dates.first(_TABLE_HEADER)
    held_on = field_date or sentence_date or header_date
    problems: list[str] = []
    letter_date = dates.first(_LETTER)
    if held_on is None and letter_date is not None:
        held_on = letter_date
        problems.append(texts.MEETING_DATE_FROM_LETTER.format(held_on=format_jalali(letter_date)))
    elif held_on is not None:
        problems += _date_problems(
            held_on,
            [
                (sentence_date if field_date else None, texts.MEETING_DATE_CONFLICT),
                (header_date, texts.MEETING_DATE_MISMATCH),
            ],
        )
    numbers = _meeting_numbers(blocks, lines, table_header)
    number = numbers.title if numbers.title is not None else numbers.text
    if number is None:
        problems.insert(0, texts.MEETING_NUMBER_MISSING)
    elif numbers.text is not None and numbers.text != number:
        problems.insert(0, texts.MEETING_NUMBER_CONFLICT.format(number=fa(number), other=fa(numbers.text)))
    if held_on is None:
        if dates.invalid:
            problems.append(texts.MEETING_DATE_INVALID.format(raw=dates.invalid))
        problems.append(texts.MEETING_DATE_MISSING)
    meeting = ParsedMeeting(number=number, held_on=held_on, title=_title_line(blocks, lines))
    return MeetingHeader(meeting, problems)
