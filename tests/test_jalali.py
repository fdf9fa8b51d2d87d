from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.jalali import (
    JALALI_MONTHS,
    add_jalali_months,
    days_in_month,
    format_jalali,
    format_jalali_datetime,
    format_jalali_long,
    jalali_month_last_day,
    jalali_parts,
    jalali_str,
    month_from_name,
    parse_jalali_date,
)
from bot.domain.persian import to_latin_digits

TEHRAN = ZoneInfo("Asia/Tehran")
MEETING_19 = date(2022, 9, 1)  # 1401/06/10, a Thursday

dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "1401/06/10",
        "۱۴۰۱/۰۶/۱۰",
        "١٤٠١-٠٦-١٠",
        "1401/6/10",
        "1401.06.10",
        " ۱۴۰۱ / ۰۶ / ۱۰ ",
        "\u200f۱۴۰۱/۰۶/۱۰\u200e",
        "\u20671401/06/10\u2069",
        "\ufeff1401/06/10",
    ],
)
def test_parse_jalali_date_accepts_the_written_forms(text: str) -> None:
    assert parse_jalali_date(text) == MEETING_19


@pytest.mark.parametrize(
    "text",
    ["10/06/1401", "۱۰/۶/۱۴۰۱", "١٠-٠٦-١٤٠١", "10.6.1401", " ۱۰ / ۰۶ / ۱۴۰۱ ", "\u200f۱۰/۰۶/۱۴۰۱\u200e"],
)
def test_parse_jalali_date_accepts_day_first_with_the_year_last(text: str) -> None:
    assert parse_jalali_date(text) == MEETING_19


def test_day_first_esfand_30_needs_a_leap_year() -> None:
    assert parse_jalali_date("30/12/1403") == parse_jalali_date("1403/12/30")
    with pytest.raises(ValueError):
        parse_jalali_date("30/12/1402")


def test_days_in_month() -> None:
    assert [days_in_month(1401, m) for m in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert days_in_month(1403, 12) == 30  # leap
    assert days_in_month(None, 12) == 30  # the most Esfand can have
    assert days_in_month(None, 1) == 31 and days_in_month(None, 7) == 30
    for month in (0, 13):
        with pytest.raises(ValueError):
            days_in_month(1401, month)


@given(dates)
def test_day_first_and_year_first_agree(d: date) -> None:
    year, month, day = jalali_parts(d)
    assert parse_jalali_date(f"{day}/{month}/{year}") == parse_jalali_date(jalali_str(d)) == d


def test_parse_single_digit_month_and_day() -> None:
    assert parse_jalali_date("1401/6/1") == date(2022, 8, 23)


def test_parse_leap_esfand_30() -> None:
    assert parse_jalali_date("1403/12/30") == date(2025, 3, 20)  # 1403 is a leap year
    with pytest.raises(ValueError):
        parse_jalali_date("1402/12/30")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1401/13/01",
        "1401/00/10",
        "1401/06/00",
        "1401/07/31",  # Mehr has 30 days
        "1401/06/32",
        "1401/06-10",  # mixed separators
        "01/06/10",
        "10/06-1401",
        "10/06/140",
        "100/06/1401",
        "10/06/14011",
        "31/07/1401",  # day first, Mehr has 30 days
        "1401/06/10 ساعت ۹",
        "مستمر",
        "14O1/06/10",  # letter O
        "۱۴۰۱/۰۶/۱۰/۱",
    ],
)
def test_parse_jalali_date_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_jalali_date(text)


def test_formats() -> None:
    assert jalali_str(MEETING_19) == "1401/06/10"
    assert format_jalali(MEETING_19) == "۱۴۰۱/۰۶/۱۰"
    assert format_jalali_long(MEETING_19) == "پنج‌شنبه ۱۰ شهریور ۱۴۰۱"
    assert format_jalali_long(date(2023, 3, 21)) == "سه\u200cشنبه ۱ فروردین ۱۴۰۲"
    assert format_jalali_long(date(2022, 9, 2)) == "جمعه ۱۱ شهریور ۱۴۰۱"
    assert format_jalali_long(date(2022, 9, 3)) == "شنبه ۱۲ شهریور ۱۴۰۱"


def test_format_jalali_datetime_in_tehran() -> None:
    # 2022: Iran still had summer time (+04:30); from 2023 on it is +03:30 all year.
    assert format_jalali_datetime(datetime(2022, 9, 1, 4, 30, tzinfo=UTC), TEHRAN) == "۱۴۰۱/۰۶/۱۰ ۰۹:۰۰"
    assert format_jalali_datetime(datetime(2023, 9, 1, 5, 30, tzinfo=UTC), TEHRAN) == "۱۴۰۲/۰۶/۱۰ ۰۹:۰۰"
    # Crossing midnight changes the Jalali day as well.
    assert format_jalali_datetime(datetime(2023, 3, 20, 21, 0, tzinfo=UTC), TEHRAN) == "۱۴۰۲/۰۱/۰۱ ۰۰:۳۰"
    # A naive datetime is taken as UTC.
    assert format_jalali_datetime(datetime(2023, 9, 1, 5, 30), TEHRAN) == "۱۴۰۲/۰۶/۱۰ ۰۹:۰۰"


def test_jalali_year_turns_at_nowruz() -> None:
    assert jalali_parts(MEETING_19)[0] == 1401
    assert jalali_parts(date(2023, 3, 20))[0] == 1401
    assert jalali_parts(date(2023, 3, 21))[0] == 1402


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("1401/06/10", 1, "1401/07/10"),
        ("1401/06/31", 1, "1401/07/30"),  # clamped: Mehr has 30 days
        ("1401/06/31", 2, "1401/08/30"),
        ("1401/11/30", 1, "1401/12/29"),  # 1401 is not leap
        ("1402/11/30", 13, "1403/12/30"),  # 1403 is leap
        ("1403/12/30", 12, "1404/12/29"),
        ("1401/12/29", 1, "1402/01/29"),
        ("1401/10/15", 3, "1402/01/15"),
        ("1401/06/10", 0, "1401/06/10"),
        ("1401/07/10", -1, "1401/06/10"),
        ("1401/01/31", -1, "1400/12/29"),
        ("1401/06/10", -12, "1400/06/10"),
    ],
)
def test_add_jalali_months(start: str, months: int, expected: str) -> None:
    assert jalali_str(add_jalali_months(parse_jalali_date(start), months)) == expected


@given(dates, st.integers(min_value=-120, max_value=120))
def test_add_jalali_months_clamps_properly(d: date, months: int) -> None:
    year, month, day = jalali_parts(d)
    new_year, new_month, new_day = jalali_parts(add_jalali_months(d, months))
    assert (new_year * 12 + new_month) - (year * 12 + month) == months
    last = jalali_parts(jalali_month_last_day(new_year, new_month))[2]
    assert new_day == min(day, last)


def test_jalali_month_last_day() -> None:
    assert jalali_str(jalali_month_last_day(1401, 6)) == "1401/06/31"
    assert jalali_str(jalali_month_last_day(1401, 7)) == "1401/07/30"
    assert jalali_str(jalali_month_last_day(1401, 12)) == "1401/12/29"
    assert jalali_str(jalali_month_last_day(1403, 12)) == "1403/12/30"
    assert jalali_month_last_day(1403, 12) == date(2025, 3, 20)
    with pytest.raises(ValueError):
        jalali_month_last_day(1401, 13)
    with pytest.raises(ValueError):
        jalali_month_last_day(1401, 0)


@given(dates)
def test_month_last_day_is_followed_by_a_first(d: date) -> None:
    year, month, _ = jalali_parts(d)
    last = jalali_month_last_day(year, month)
    assert jalali_parts(last)[:2] == (year, month)
    assert jalali_parts(last + timedelta(days=1))[2] == 1


@given(dates)
def test_string_round_trips(d: date) -> None:
    assert parse_jalali_date(jalali_str(d)) == d
    assert parse_jalali_date(format_jalali(d)) == d
    assert to_latin_digits(format_jalali(d)) == jalali_str(d)


def test_month_names() -> None:
    assert len(set(JALALI_MONTHS.values())) == 12
    assert JALALI_MONTHS["فروردین"] == 1
    assert JALALI_MONTHS["اذر"] == 9  # keys are normalised: آ → ا
    assert month_from_name("آذر") == 9
    assert month_from_name("آذرماه") == 9
    assert month_from_name("آذر ماه") == 9
    assert month_from_name("ارديبهشت") == 2  # Arabic yeh
    assert month_from_name("مهر") == 7
    assert month_from_name("دی") == 10
    assert month_from_name("دي ماه") == 10
    assert month_from_name("امرداد") == 5
    assert month_from_name("\u200fاسفند\u200e") == 12
    assert month_from_name("ماه") is None
    assert month_from_name("شهرداری") is None
    assert month_from_name("") is None
