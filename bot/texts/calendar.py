"""Persian calendar names that people read: Jalali months, weekdays, holiday labels."""

from __future__ import annotations

#: Jalali month names as printed, index 0 = Farvardin (month 1).
MONTH_NAMES: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)

#: Weekday names indexed by Python's ``date.weekday()`` (Monday = 0), NOT jdatetime's (Saturday = 0).
WEEKDAY_NAMES: tuple[str, ...] = (
    "دوشنبه",
    "سه‌شنبه",
    "چهارشنبه",
    "پنج‌شنبه",
    "جمعه",
    "شنبه",
    "یکشنبه",
)

#: Name given to a day that is a holiday only because the configuration lists it.
EXTRA_HOLIDAY_NAME = "تعطیل اعلام‌شده"
