from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.jalali import jalali_str, parse_jalali_date
from bot.domain.workdays import WorkCalendar, parse_weekend

FRIDAY = WorkCalendar()
THU_FRI = WorkCalendar(weekend=(3, 4))

THURSDAY = date(2022, 9, 1)  # 1401/06/10
ARBAEEN = date(2022, 9, 17)  # 1401/06/26, a Saturday


def j(text: str) -> date:
    return parse_jalali_date(text)


def test_weekend_default_is_friday() -> None:
    assert FRIDAY.weekend == (4,)
    assert FRIDAY.is_working_day(THURSDAY)
    assert not FRIDAY.is_working_day(date(2022, 9, 2))
    assert FRIDAY.is_working_day(date(2022, 9, 3))
    assert not THU_FRI.is_working_day(THURSDAY)


def test_official_holidays_include_lunar_ones() -> None:
    assert not FRIDAY.is_working_day(ARBAEEN)
    assert FRIDAY.holiday_name(ARBAEEN) == "اربعین حسینی"
    assert FRIDAY.is_holiday(ARBAEEN)
    assert FRIDAY.holiday_name(j("1402/01/01")) == "جشن نوروز"
    assert FRIDAY.holiday_name(j("1401/12/29")) is not None  # oil nationalisation day
    assert not FRIDAY.is_working_day(j("1401/07/05"))  # martyrdom of Imam Reza, 2022-09-27


def test_weekend_is_not_a_holiday_name() -> None:
    assert FRIDAY.holiday_name(date(2022, 9, 2)) is None
    assert not FRIDAY.is_holiday(date(2022, 9, 2))
    assert FRIDAY.holiday_name(THURSDAY) is None


def test_extra_holidays() -> None:
    calendar = WorkCalendar(extra_holidays=[THURSDAY])
    assert not calendar.is_working_day(THURSDAY)
    assert calendar.holiday_name(THURSDAY) == "تعطیل اعلام\u200cشده"
    assert calendar.next_working_day(THURSDAY) == date(2022, 9, 3)
    assert FRIDAY.is_working_day(THURSDAY)  # other calendars unaffected


def test_holiday_years_far_out_have_no_official_holidays_but_work() -> None:
    assert FRIDAY.is_working_day(date(1900, 1, 1))  # a Monday; the package has nothing for 1900
    assert FRIDAY.next_working_day(date(1900, 1, 5)) == date(1900, 1, 6)  # Friday → Saturday


def test_next_working_day() -> None:
    assert FRIDAY.next_working_day(THURSDAY) == THURSDAY
    assert FRIDAY.next_working_day(date(2022, 9, 2)) == date(2022, 9, 3)
    assert FRIDAY.next_working_day(ARBAEEN) == date(2022, 9, 18)
    # Thursday+Friday weekend: Thursday 1401/06/24 → Saturday 06/26 is Arbaeen → Sunday 06/27.
    assert jalali_str(THU_FRI.next_working_day(j("1401/06/24"))) == "1401/06/27"
    # Nowruz: 1401/12/29 and 1402/01/01..04 are holidays, 01/04 is also a Friday.
    assert jalali_str(FRIDAY.next_working_day(j("1401/12/29"))) == "1402/01/05"


def test_previous_working_day() -> None:
    assert FRIDAY.previous_working_day(date(2022, 9, 2)) == THURSDAY
    assert jalali_str(FRIDAY.previous_working_day(j("1402/01/04"))) == "1401/12/28"


def test_add_working_days() -> None:
    assert jalali_str(FRIDAY.add_working_days(THURSDAY, 1)) == "1401/06/12"
    assert jalali_str(FRIDAY.add_working_days(THURSDAY, 5)) == "1401/06/16"
    assert jalali_str(FRIDAY.add_working_days(THURSDAY, -1)) == "1401/06/09"
    assert FRIDAY.add_working_days(THURSDAY, 0) == THURSDAY
    assert FRIDAY.add_working_days(date(2022, 9, 2), 0) == date(2022, 9, 2)  # n = 0 leaves d alone
    # 7, 3 and 1 working days before a due date on Sunday 1401/06/27 (after Arbaeen and a Friday):
    due = j("1401/06/27")
    assert jalali_str(FRIDAY.add_working_days(due, -1)) == "1401/06/24"
    assert jalali_str(FRIDAY.add_working_days(due, -3)) == "1401/06/22"
    assert jalali_str(FRIDAY.add_working_days(due, -7)) == "1401/06/17"  # 06/18 is a Friday
    # Counting from a non-working day: the day itself never counts.
    assert FRIDAY.add_working_days(date(2022, 9, 2), 1) == date(2022, 9, 3)
    assert FRIDAY.add_working_days(date(2022, 9, 2), -1) == THURSDAY


def test_working_days_between() -> None:
    assert FRIDAY.working_days_between(THURSDAY, j("1401/06/16")) == 5
    assert FRIDAY.working_days_between(j("1401/06/16"), THURSDAY) == -5
    assert FRIDAY.working_days_between(THURSDAY, THURSDAY) == 0


meeting_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


@given(meeting_dates, st.integers(min_value=-30, max_value=30), st.sampled_from([FRIDAY, THU_FRI]))
def test_add_working_days_properties(d: date, n: int, calendar: WorkCalendar) -> None:
    result = calendar.add_working_days(d, n)
    if n == 0:
        assert result == d
        return
    assert calendar.is_working_day(result)
    assert (result > d) == (n > 0)
    assert calendar.working_days_between(d, result) == n
    start = calendar.next_working_day(d)
    assert calendar.add_working_days(calendar.add_working_days(start, n), -n) == start


@given(meeting_dates, st.sampled_from([FRIDAY, THU_FRI]))
def test_next_working_day_is_the_first_one(d: date, calendar: WorkCalendar) -> None:
    result = calendar.next_working_day(d)
    assert result >= d
    assert calendar.is_working_day(result)
    day = d
    while day < result:
        assert not calendar.is_working_day(day)
        day += timedelta(days=1)


def test_weekend_validation() -> None:
    with pytest.raises(ValueError):
        WorkCalendar(weekend=(7,))
    with pytest.raises(ValueError):
        WorkCalendar(weekend=range(7))
    assert WorkCalendar(weekend=(4, 3, 4)).weekend == (3, 4)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("friday", (4,)),
        ("Friday", (4,)),
        ("FRI", (4,)),
        ("thursday,friday", (3, 4)),
        ("fri, thu", (3, 4)),
        ("thu,fri,fri", (3, 4)),
        ("جمعه", (4,)),
        ("پنجشنبه,جمعه", (3, 4)),
        ("پنج شنبه، جمعه", (3, 4)),
        ("پنج\u200cشنبه,جمعه", (3, 4)),
        ("سه شنبه", (1,)),
        ("شنبه", (5,)),
        ("يكشنبه", (6,)),  # Arabic yeh and kaf
        ("friday,", (4,)),
        ("saturday; sunday", (5, 6)),
    ],
)
def test_parse_weekend(value: str, expected: tuple[int, ...]) -> None:
    assert parse_weekend(value) == expected


@pytest.mark.parametrize("value", ["", "   ", ",", "4", "fryday", "friday,holiday", "جمعه، شنبه‌ها"])
def test_parse_weekend_rejects(value: str) -> None:
    with pytest.raises(ValueError):
        parse_weekend(value)


def test_parse_weekend_error_names_the_bad_token() -> None:
    with pytest.raises(ValueError, match="'fryday'"):
        parse_weekend("thursday, fryday")
    with pytest.raises(ValueError, match="empty"):
        parse_weekend("")
    with pytest.raises(ValueError, match="seven"):
        parse_weekend("mon,tue,wed,thu,fri,sat,sun")
