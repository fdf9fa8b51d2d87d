"""Deadlines in minutes («۲ هفته», «تا پایان آذر», «مستمر» …) → due dates (docs/domain.md, «Deadlines»).

The grammar works on ``normalize()``d tokens. A cell is a deadline only when every token is consumed
by the grammar once filler words (ظرف، حداکثر، طی، آتی، آینده، مدت، تا …) are set aside; anything else
is ``unknown`` and the importer asks the secretariat instead of guessing.

Relative deadlines count from the meeting date: «N روز» = N days, «N هفته» = 7·N days, «N ماه» = N
Jalali calendar months (clamped). Every due date then moves to the next working day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from bot.domain.jalali import (
    DATE_PATTERN,
    add_jalali_months,
    days_in_month,
    jalali_date,
    jalali_month_last_day,
    jalali_parts,
    jalali_str,
    month_from_name,
    parse_jalali_date,
)
from bot.domain.numwords import CARDINALS, cardinal_at
from bot.domain.persian import normalize, squash_spaces
from bot.domain.workdays import WorkCalendar

__all__ = [
    "MAX_AMOUNT",
    "Deadline",
    "DeadlineKind",
    "DeadlineUnit",
    "looks_like_deadline",
    "parse_deadline",
]

DeadlineKind = Literal["relative", "date", "ongoing", "unknown"]
DeadlineUnit = Literal["day", "week", "month"]

#: Relative amounts above this are treated as a typo (or a year) rather than a deadline.
MAX_AMOUNT = 999


@dataclass(frozen=True)
class Deadline:
    raw: str
    kind: DeadlineKind
    amount: int | None = None
    unit: DeadlineUnit | None = None
    due: date | None = None
    raw_due: date | None = None  # before the working-day rule
    #: An explicit date earlier than the meeting («تا ۱۵ آذر ۱۴۰۱» in a 1403 meeting): likely a typo in the
    #: year; the importer should ask. Not part of ``to_json()``.
    before_meeting: bool = False

    def to_json(self) -> dict[str, object]:
        """``{"raw", "kind", "amount", "unit", "due"}`` (docs/interfaces.md); due as «1401/06/24» or None."""
        return {
            "raw": self.raw,
            "kind": self.kind,
            "amount": self.amount,
            "unit": self.unit,
            "due": jalali_str(self.due) if self.due is not None else None,
        }


# --- vocabulary (all keys are already normalize()d: آ→ا, ي→ی, digits Latin) ------------------------

_FILLERS = frozenset(
    normalize(word)
    for word in (
        "ظرف",
        "حداکثر",
        "حد",
        "اکثر",
        "طی",
        "آتی",
        "آینده",
        "مدت",
        "تا",
        "به",
        "در",
        "تاریخ",
        "مورخ",
        "مورخه",
        "مهلت",
    )
)
# «به صورت مستمر», «بطور دائم»: only meaningful next to an ongoing word.
_ONGOING_FILLERS = frozenset(normalize(word) for word in ("صورت", "بصورت", "طور", "بطور"))
_ONGOING_WORDS = frozenset(normalize(word) for word in ("مستمر", "مستمراً", "دائمی", "دایمی", "دائم", "مداوم"))

_UNITS: dict[str, DeadlineUnit] = {
    "روز": "day",
    "روزه": "day",
    "هفته": "week",
    "ماه": "month",
    "ماهه": "month",
}
# «یکماه», «دوهفته»: a number word glued to its unit.
_GLUED: dict[str, tuple[int, DeadlineUnit]] = {
    word + unit_word: (value, unit) for word, value in CARDINALS.items() for unit_word, unit in _UNITS.items()
}
_END_WORDS = frozenset(normalize(word) for word in ("پایان", "آخر", "انتهای", "انتها"))
_MONTH_WORD = normalize("ماه")
_YEAR_WORD = normalize("سال")
_CURRENT = normalize("جاری")
_THIS_YEAR = normalize("امسال")
# «… از جلسه», «… پس از جلسه»: relative to the meeting, which is the default anyway.
_MEETING_TAILS: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize(word) for word in phrase.split())
    for phrase in (
        "پس از تشکیل جلسه",
        "بعد از تشکیل جلسه",
        "از تشکیل جلسه",
        "پس از جلسه",
        "بعد از جلسه",
        "از جلسه",
    )
)  # longest first

# A numeric date is one token («۱۴۰۱/۰۹/۱۵», «۱۵/۹/۱۴۰۱»); then digit runs and words.
_TOKEN_RE = re.compile(rf"{DATE_PATTERN}|[0-9]+|[^\W\d_]+")
_DATE_TOKEN_RE = re.compile(DATE_PATTERN)


# --- grammar ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Relative:
    amount: int
    unit: DeadlineUnit


@dataclass(frozen=True)
class _Target:
    """A calendar target. ``year`` None = the meeting's year (or the next if already past);
    ``month`` None = the meeting's month; ``day`` None = the month's last day."""

    year: int | None
    month: int | None
    day: int | None


@dataclass(frozen=True)
class _Ongoing:
    pass


_Parsed = _Relative | _Target | _Ongoing


def _tokens(text: str) -> list[str]:
    return [match.group(0) for match in _TOKEN_RE.finditer(normalize(text))]


def _number(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A number at ``tokens[i]``: digits, a word, or «بیست و پنج». Returns (value, next index)."""
    if i >= len(tokens):
        return None
    token = tokens[i]
    if token.isascii() and token.isdigit():
        # Longer runs are never a day count or a year (and int() refuses thousands of digits).
        return (int(token), i + 1) if len(token) <= 6 else None
    return cardinal_at(tokens, i)


def _month(tokens: list[str], i: int) -> tuple[int, int] | None:
    """A month name at ``tokens[i]`` («آذر», «آذرماه», «آذر ماه»). Returns (month, next index)."""
    if i >= len(tokens):
        return None
    month = month_from_name(tokens[i])
    if month is None:
        return None
    i += 1
    if i < len(tokens) and tokens[i] == _MONTH_WORD:
        i += 1
    return month, i


def _year(tokens: list[str], i: int) -> tuple[int, int] | None:
    """An optional «سال» then a four-digit year at ``tokens[i]``. Returns (year, next index)."""
    if i < len(tokens) and tokens[i] == _YEAR_WORD:
        i += 1
    if i < len(tokens) and len(tokens[i]) == 4 and tokens[i].isascii() and tokens[i].isdigit():
        return int(tokens[i]), i + 1
    return None


def _relative(tokens: list[str]) -> _Relative | None:
    for tail in _MEETING_TAILS:
        if len(tokens) > len(tail) and tuple(tokens[-len(tail) :]) == tail:
            tokens = tokens[: -len(tail)]
            break
    if len(tokens) == 1 and tokens[0] in _GLUED:
        amount, unit = _GLUED[tokens[0]]
        return _Relative(amount, unit)
    if len(tokens) == 2 and tokens[0] in _UNITS and tokens[1].isascii() and tokens[1].isdigit():
        # «هفته ۱»: the digits after the unit, as text taken from a PDF in visual order may read.
        tokens = [tokens[1], tokens[0]]
    number = _number(tokens, 0)
    if number is None:
        return None
    amount, i = number
    if i + 1 != len(tokens) or tokens[i] not in _UNITS or not 1 <= amount <= MAX_AMOUNT:
        return None
    return _Relative(amount, _UNITS[tokens[i]])


def _explicit(tokens: list[str]) -> _Target | None:
    if len(tokens) == 1 and _DATE_TOKEN_RE.fullmatch(tokens[0]):
        try:
            return _Target(*jalali_parts(parse_jalali_date(tokens[0])))
        except ValueError:
            return None

    day: int | None = None  # None: the month's last day
    if tokens and tokens[0] in _END_WORDS:
        # «پایان آذر [ماه] [۱۴۰۱]», «پایان سال [جاری|۱۴۰۱]», «پایان ماه [جاری]»
        rest = tokens[1:]
        if rest == [_THIS_YEAR] or rest == [_YEAR_WORD] or rest == [_YEAR_WORD, _CURRENT]:
            return _Target(None, 12, None)
        if rest and rest[0] == _YEAR_WORD:
            year = _year(rest, 0)
            return _Target(year[0], 12, None) if year is not None and year[1] == len(rest) else None
        if rest == [_MONTH_WORD] or rest == [_MONTH_WORD, _CURRENT]:
            return _Target(None, None, None)
        month: tuple[int, int] | None = _month(tokens, 1)
    else:
        # «۱۵ آذر [ماه] [سال] [۱۴۰۱]»
        number = _number(tokens, 0)
        if number is None:
            return None
        day = number[0]
        month = _month(tokens, number[1])
        if month is not None and not 1 <= day <= days_in_month(None, month[0]):
            return None
    if month is None:
        return None

    month_number, i = month
    if i == len(tokens):
        return _Target(None, month_number, day)
    year = _year(tokens, i)
    if year is None or year[1] != len(tokens):
        return None
    try:
        _resolve_explicit(year[0], month_number, day)
    except ValueError:
        return None  # «۳۰ اسفند ۱۴۰۱»: 1401 is not a leap year
    return _Target(year[0], month_number, day)


def _parse(text: str) -> _Parsed | None:
    tokens = [token for token in _tokens(text) if token not in _FILLERS]
    if not tokens:
        return None
    ongoing = [token for token in tokens if token not in _ONGOING_FILLERS]
    if len(ongoing) == 1 and ongoing[0] in _ONGOING_WORDS:
        return _Ongoing()
    return _relative(tokens) or _explicit(tokens)


# --- resolution ---------------------------------------------------------------------------------------


def _resolve_explicit(year: int, month: int, day: int | None) -> date:
    """A Jalali day (``day`` None = the month's last day); ``ValueError`` if it does not exist."""
    if day is None:
        return jalali_month_last_day(year, month)
    return jalali_date(year, month, day)


def _resolve(parsed: _Relative | _Target, meeting: date | None) -> date | None:
    if isinstance(parsed, _Relative):
        if meeting is None:
            return None
        if parsed.unit == "day":
            return meeting + timedelta(days=parsed.amount)
        if parsed.unit == "week":
            return meeting + timedelta(weeks=parsed.amount)
        return add_jalali_months(meeting, parsed.amount)
    if parsed.year is not None and parsed.month is not None:
        return _resolve_explicit(parsed.year, parsed.month, parsed.day)
    if meeting is None:
        return None
    year, month, _ = jalali_parts(meeting)
    month = parsed.month or month
    candidate = _resolve_explicit(year, month, parsed.day)
    if candidate < meeting:
        candidate = _resolve_explicit(year + 1, month, parsed.day)
    return candidate


def parse_deadline(raw: str, meeting_date: date | None, calendar: WorkCalendar) -> Deadline:
    """Parse a deadline cell (docs/domain.md, «Deadlines»). Never raises; not understood is ``unknown``.

    ``raw`` in the result is the text with whitespace squashed. ``due`` is ``raw_due`` moved to the
    next working day of ``calendar``; both are None for ongoing and unknown deadlines and, when
    ``meeting_date`` is None, for deadlines that need it (relative ones, or a date without a year).
    An explicit date with its year that falls before ``meeting_date`` stays kind "date" with
    ``before_meeting`` set, for the importer to question.
    """
    text = squash_spaces(raw)
    parsed = _parse(text)
    if parsed is None:
        return Deadline(raw=text, kind="unknown")
    if isinstance(parsed, _Ongoing):
        return Deadline(raw=text, kind="ongoing")
    try:
        raw_due = _resolve(parsed, meeting_date)
        due = calendar.next_working_day(raw_due) if raw_due is not None else None
        if due is not None:
            jalali_parts(due)  # to_json() must be able to write it
    except (ValueError, OverflowError):
        # Out of the calendar's range, or «۳۰ اسفند» without a leap year in sight: ask, do not guess.
        return Deadline(raw=text, kind="unknown")
    if isinstance(parsed, _Relative):
        return Deadline(text, "relative", parsed.amount, parsed.unit, due, raw_due)
    before = raw_due is not None and meeting_date is not None and raw_due < meeting_date
    return Deadline(text, "date", None, None, due, raw_due, before_meeting=before)


def looks_like_deadline(text: str) -> bool:
    """True when the whole cell is a deadline by the grammar of ``parse_deadline`` (kind != unknown).

    Used by the importer to find the deadline column: a resolution text that merely contains «۲ هفته
    آتی», a party name or a bare row number is not a deadline. This checks the shape only; a cell such
    as «۳۰ اسفند» (no year given) can still come out ``unknown`` from ``parse_deadline`` when neither
    the meeting's Jalali year nor the next one is a leap year.
    """
    return _parse(text) is not None
