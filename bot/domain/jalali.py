"""Jalali (Solar Hijri) dates at the edges of the program: parsing what people wrote, formatting for them.

Inside, dates are Gregorian ``datetime.date``. Handled jdatetime pitfalls (docs/domain.md, «The calendar»):
``strftime`` prints Latin digits, ``weekday()`` counts from Saturday = 0 (we use Python's weekday
instead), bidi marks break parsing (stripped first), and the module-level month table says Esfand = 29
(validation goes through the date constructor, which knows leap years).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import jdatetime

from bot.domain.persian import no_space_key, squash_spaces, strip_bidi, to_latin_digits, to_persian_digits
from bot.texts.calendar import MONTH_NAMES, WEEKDAY_NAMES

__all__ = [
    "DATE_PATTERN",
    "JALALI_MONTHS",
    "add_jalali_months",
    "days_in_month",
    "format_jalali",
    "format_jalali_datetime",
    "format_jalali_long",
    "jalali_date",
    "jalali_month_last_day",
    "jalali_parts",
    "jalali_str",
    "month_from_name",
    "parse_jalali_date",
]

#: A numeric Jalali date in Latin digits: year first («1401/06/10», «1401-6-1») or day first with the
#: four-digit year last («10/6/1401», as minutes headers write it); the separator (``/``, ``-`` or ``.``)
#: the same twice, spaces around it allowed; not part of a longer run of digits. The groups are named
#: (``year``, ``month``, ``day`` or ``year2``, ``month2``, ``day2``), so it can be embedded in a larger
#: pattern, once.
DATE_PATTERN = (
    r"(?<![0-9])(?P<year>[0-9]{4})\s*(?P<sep>[/.\-])\s*(?P<month>[0-9]{1,2})\s*(?P=sep)\s*"
    r"(?P<day>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9])(?P<day2>[0-9]{1,2})\s*(?P<sep2>[/.\-])\s*(?P<month2>[0-9]{1,2})\s*(?P=sep2)\s*"
    r"(?P<year2>[0-9]{4})(?![0-9])"
)
_DATE_RE = re.compile(DATE_PATTERN)


def _month_table() -> dict[str, int]:
    table = {no_space_key(name): number for number, name in enumerate(MONTH_NAMES, start=1)}
    variants = {
        "امرداد": 5,  # the older spelling of Mordad
        "اردبهشت": 2,  # common misspellings
        "خورداد": 3,
    }
    for word, number in variants.items():
        table[no_space_key(word)] = number
    return table


#: Persian month names (and common variants) as ``no_space_key``s → month number 1..12.
JALALI_MONTHS: dict[str, int] = _month_table()


def jalali_date(year: int, month: int, day: int) -> date:
    """The Gregorian date of a Jalali year/month/day; ``ValueError`` if there is no such day."""
    try:
        result: date = jdatetime.date(year, month, day).togregorian()
    except (ValueError, OverflowError, TypeError) as exc:
        raise ValueError(f"invalid Jalali date {year}/{month}/{day}: {exc}") from None
    return result


def jalali_parts(d: date) -> tuple[int, int, int]:
    """(year, month, day) of ``d`` in the Jalali calendar."""
    try:
        jd = jdatetime.date.fromgregorian(date=d)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{d.isoformat()} has no Jalali representation: {exc}") from None
    return int(jd.year), int(jd.month), int(jd.day)


def parse_jalali_date(s: str) -> date:
    """Parse «1401/06/10», «۱۴۰۱/۰۶/۱۰», «١٤٠١-٠٦-١٠», «1401/6/1», or day first «۱۵/۹/۱۴۰۱» (bidi marks
    allowed) to a date.

    The forms of ``DATE_PATTERN``. Raises ``ValueError`` on anything that is not exactly one valid Jalali
    date; Esfand 30 is accepted in leap years only.
    """
    text = squash_spaces(to_latin_digits(strip_bidi(s)))
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise ValueError(f"not a Jalali date (YYYY/MM/DD or DD/MM/YYYY): {s!r}")
    if match.group("year") is not None:
        year, month, day = match.group("year", "month", "day")
    else:
        year, month, day = match.group("year2", "month2", "day2")
    return jalali_date(int(year), int(month), int(day))


def jalali_str(d: date) -> str:
    """«1401/06/10»: Jalali with Latin digits, the form used in JSON."""
    year, month, day = jalali_parts(d)
    return f"{year:04d}/{month:02d}/{day:02d}"


def format_jalali(d: date) -> str:
    """«۱۴۰۱/۰۶/۱۰»: Jalali with Persian digits, for people."""
    return to_persian_digits(jalali_str(d))


def format_jalali_long(d: date) -> str:
    """«پنج‌شنبه ۱۰ شهریور ۱۴۰۱»."""
    year, month, day = jalali_parts(d)
    weekday = WEEKDAY_NAMES[d.weekday()]
    return to_persian_digits(f"{weekday} {day} {MONTH_NAMES[month - 1]} {year}")


def format_jalali_datetime(dt: datetime, tz: ZoneInfo) -> str:
    """«۱۴۰۱/۰۶/۱۰ ۰۹:۰۰»: ``dt`` shown in ``tz``. A naive ``dt`` is taken as UTC (how we store time)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    local = dt.astimezone(tz)
    return f"{format_jalali(local.date())} {to_persian_digits(f'{local.hour:02d}:{local.minute:02d}')}"


def days_in_month(year: int | None, month: int) -> int:
    """How many days Jalali ``month`` has in ``year``: 31 for months 1..6, 30 for 7..11, and 29 or 30 for
    Esfand by leap year. With ``year`` None, the most the month can have (Esfand: 30)."""
    if not 1 <= month <= 12:
        raise ValueError(f"Jalali month must be 1..12, not {month}")
    if month <= 6:
        return 31
    if month <= 11 or year is None:
        return 30
    try:
        leap = bool(jdatetime.date(year, 1, 1).isleap())
    except (ValueError, OverflowError, TypeError) as exc:
        raise ValueError(f"invalid Jalali year {year}: {exc}") from None
    return 30 if leap else 29


def jalali_month_last_day(year: int, month: int) -> date:
    """The last day of a Jalali month (Esfand has 30 days in leap years)."""
    return jalali_date(year, month, days_in_month(year, month))


def add_jalali_months(d: date, months: int) -> date:
    """``d`` moved by whole Jalali months, the day clamped to the target month's length.

    1401/06/10 + 1 → 1401/07/10; 1401/06/31 + 1 → 1401/07/30; 1402/11/30 + 1 → 1402/12/29 (1402 is
    not leap); 1403/12/30 + 12 → 1404/12/29. Negative ``months`` go back.
    """
    year, month, day = jalali_parts(d)
    index = year * 12 + (month - 1) + months
    new_year, new_month0 = divmod(index, 12)
    new_month = new_month0 + 1
    return jalali_date(new_year, new_month, min(day, days_in_month(new_year, new_month)))


def month_from_name(word: str) -> int | None:
    """Month number for a Persian month name («آذر», «آذرماه», «ارديبهشت», «دی ماه»), else None."""
    key = no_space_key(word)
    if key in JALALI_MONTHS:
        return JALALI_MONTHS[key]
    if key.endswith("ماه") and key[: -len("ماه")] in JALALI_MONTHS:
        return JALALI_MONTHS[key[: -len("ماه")]]
    return None
