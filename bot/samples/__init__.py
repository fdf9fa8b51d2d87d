"""Sample data that ships with the program: agencies and minutes written in the shapes of real ones."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

from bot.domain.jalali import format_jalali, jalali_str, parse_jalali_date
from bot.domain.persian import ZWNJ, no_space_key
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.texts.calendar import WEEKDAY_NAMES

#: A date as the samples write it, year first, in Persian (or Latin) digits: «۱۴۰۵/۰۷/۰۲».
_DATE = re.compile(r"(?<![0-9۰-۹/])[0-9۰-۹]{4}/[0-9۰-۹]{1,2}/[0-9۰-۹]{1,2}(?![0-9۰-۹/])")
_PERSIAN_DIGITS = re.compile(r"[۰-۹]")


def _weekday_words() -> re.Pattern[str]:
    """Any weekday's name, its parts written joined, apart or with a half-space («پنجشنبه», «پنج شنبه»,
    «پنج‌شنبه»); the longer names first, so that «شنبه» is never read out of «پنج شنبه»."""
    keys = sorted((no_space_key(name) for name in WEEKDAY_NAMES), key=len, reverse=True)
    saturday = no_space_key(WEEKDAY_NAMES[5])
    forms = [
        f"{re.escape(key.removesuffix(saturday))}[ {ZWNJ}]?{saturday}"
        if key.endswith(saturday) and key != saturday
        else re.escape(key)
        for key in keys
    ]
    return re.compile(rf"(?<![\w{ZWNJ}])(?:{'|'.join(forms)})(?![\w{ZWNJ}])")


_WEEKDAY = _weekday_words()


def sample_bytes(name: str) -> bytes:
    return resources.files("bot.samples").joinpath(name).read_bytes()


def sample_agencies() -> list[tuple[str, list[str]]]:
    """The sample agencies: (name, aliases) from ``agencies.txt``."""
    result = []
    for line in sample_bytes("agencies.txt").decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, *aliases = (part.strip() for part in line.split("|"))
        result.append((name, [a for a in aliases if a]))
    return result


def minutes_held_on(name: str, held_on: date, calendar: WorkCalendar) -> bytes:
    """The sample minutes ``name`` as if their meeting had been held on ``held_on`` (the demo's meeting a
    few days before it runs, so that the relative deadlines lie ahead).

    The meeting's date, wherever the text writes it (the header table, the opening sentence, the table's
    heading), becomes ``held_on``, and the meeting's weekday is named anew. Any other date (the
    invitation's) keeps its distance from the meeting, moved back to a working day. Everything else,
    the file's messiness included, stays as it is.
    """
    data = sample_bytes(name)
    held_before = parse_minutes_bytes(data, name, calendar).meeting.held_on
    if held_before is None:
        raise ValueError(f"the sample {name} gives no meeting date")
    shift = held_on - held_before

    def moved(match: re.Match[str]) -> str:
        written = parse_jalali_date(match.group(0))
        day = held_on if written == held_before else calendar.previous_working_day(written + shift)
        return format_jalali(day) if _PERSIAN_DIGITS.search(match.group(0)) else jalali_str(day)

    text = _DATE.sub(moved, data.decode("utf-8"))
    if held_on.weekday() != held_before.weekday():  # else the weekday stays as written
        weekday_before = no_space_key(WEEKDAY_NAMES[held_before.weekday()])
        weekday_now = WEEKDAY_NAMES[held_on.weekday()]

        def renamed(match: re.Match[str]) -> str:
            """The meeting's weekday named anew; any other weekday as written."""
            return weekday_now if no_space_key(match.group(0)) == weekday_before else match.group(0)

        text = _WEEKDAY.sub(renamed, text)
    return text.encode("utf-8")
