"""Working days: the weekend (default Friday) plus Iran's official holidays from the ``holidays`` package.

Weekday numbers are Python's ``date.weekday()`` (Monday = 0 … Thursday = 3, Friday = 4), never
jdatetime's Saturday-based ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta

import holidays

from bot.domain.persian import no_space_key, persian_list
from bot.texts.calendar import EXTRA_HOLIDAY_NAME

__all__ = ["DEFAULT_WEEKEND", "WorkCalendar", "parse_weekend"]

DEFAULT_WEEKEND: tuple[int, ...] = (4,)

#: More consecutive non-working days than this means the configuration is broken (no real calendar
#: has them); stepping stops with ``ValueError`` instead of looping for ever.
_MAX_CLOSED_RUN = 370


class WorkCalendar:
    """Which days are working days. Holidays are loaded lazily, one Gregorian year at a time, and cached."""

    def __init__(self, weekend: Iterable[int] = DEFAULT_WEEKEND, extra_holidays: Iterable[date] = ()) -> None:
        days = tuple(sorted(set(weekend)))
        for day in days:
            if not isinstance(day, int) or isinstance(day, bool) or not 0 <= day <= 6:
                raise ValueError(f"weekend days must be weekday numbers 0..6 (Monday = 0), not {day!r}")
        if len(days) == 7:
            raise ValueError("the weekend cannot cover all seven days")
        self.weekend: tuple[int, ...] = days
        self.extra_holidays: frozenset[date] = frozenset(extra_holidays)
        self._years: dict[int, holidays.HolidayBase] = {}
        # Answers already worked out (a reminder sweep asks about the same few weeks thousands of times).
        self._working: dict[date, bool] = {}

    def __repr__(self) -> str:
        return f"WorkCalendar(weekend={self.weekend!r}, extra_holidays={len(self.extra_holidays)})"

    def _official(self, year: int) -> holidays.HolidayBase:
        cached = self._years.get(year)
        if cached is None:
            cached = holidays.country_holidays("IR", years=year, language="fa_IR")
            self._years[year] = cached
        return cached

    def holiday_name(self, d: date) -> str | None:
        """The Persian name of the official holiday on ``d`` (several joined with «، »), else None.

        Weekends are not holidays here; a configured extra holiday is named «تعطیل اعلام‌شده».
        """
        names: list[str] = [str(name) for name in self._official(d.year).get_list(d)]
        if not names and d in self.extra_holidays:
            names.append(EXTRA_HOLIDAY_NAME)
        return persian_list(names) if names else None

    def is_holiday(self, d: date) -> bool:
        """An official or configured holiday (the weekend does not count)."""
        return d in self.extra_holidays or d in self._official(d.year)

    def is_working_day(self, d: date) -> bool:
        known = self._working.get(d)
        if known is None:
            known = self._working[d] = d.weekday() not in self.weekend and not self.is_holiday(d)
        return known

    def next_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the first working day after it."""
        return self._step_to_working(d, 1)

    def previous_working_day(self, d: date) -> date:
        """``d`` itself if it is a working day, else the last working day before it."""
        return self._step_to_working(d, -1)

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``n`` > 0) or before it (``n`` < 0); ``d`` if ``n`` == 0.

        ``d`` itself never counts, whether or not it is a working day: from Thursday 1401/06/10 with a
        Friday weekend, +1 is Saturday 1401/06/12 and −1 is Wednesday 1401/06/09.
        """
        step = timedelta(days=1 if n > 0 else -1)
        current = d
        for _ in range(abs(n)):
            current = self._step_to_working(current + step, step.days)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days ``end`` is from ``start``, counted like ``add_working_days``.

        Working days in (start, end] when ``end`` is later; minus those in [end, start) when earlier.
        So ``add_working_days(d, n)`` is ``n`` working days from ``d`` for every ``n``.
        """
        step = timedelta(days=1 if end >= start else -1)
        count = 0
        current = start
        while current != end:
            current += step
            if self.is_working_day(current):
                count += 1
        return count if end >= start else -count

    def _step_to_working(self, d: date, direction: int) -> date:
        step = timedelta(days=direction)
        current = d
        for _ in range(_MAX_CLOSED_RUN):
            if self.is_working_day(current):
                return current
            current += step
        raise ValueError(f"no working day within {_MAX_CLOSED_RUN} days of {d.isoformat()}")


_WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
    # Persian, keyed without spaces: «پنج شنبه», «پنج‌شنبه» and «پنجشنبه» are one word.
    "دوشنبه": 0,
    "سهشنبه": 1,
    "چهارشنبه": 2,
    "پنجشنبه": 3,
    "جمعه": 4,
    "شنبه": 5,
    "یکشنبه": 6,
}

_WEEKEND_SPLIT = re.compile(r"[,،;]")


def parse_weekend(value: str) -> tuple[int, ...]:
    """«friday», «thu,fri», «پنج شنبه، جمعه» → Python weekday numbers, sorted, without duplicates.

    Case-insensitive; separators are commas (Latin or Persian) or semicolons. Raises ``ValueError``
    naming the bad token, or when nothing is given, or when every day would be a weekend day.
    """
    tokens = [token.strip() for token in _WEEKEND_SPLIT.split(value)]
    days: set[int] = set()
    for token in tokens:
        if not token:
            continue
        key = no_space_key(token)
        if key not in _WEEKDAY_WORDS:
            raise ValueError(
                f"unknown weekday {token!r} in the weekend setting; use day names such as "
                "'friday', 'thu,fri', 'جمعه' or 'پنجشنبه,جمعه'"
            )
        days.add(_WEEKDAY_WORDS[key])
    if not days:
        raise ValueError("the weekend setting is empty; give at least one day name such as 'friday'")
    if len(days) == 7:
        raise ValueError("the weekend setting names all seven days; at least one must be a working day")
    return tuple(sorted(days))
