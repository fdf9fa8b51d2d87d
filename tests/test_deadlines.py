from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.deadlines import Deadline, looks_like_deadline, parse_deadline
from bot.domain.jalali import add_jalali_months, jalali_str, parse_jalali_date
from bot.domain.persian import ARABIC_INDIC_DIGITS, LATIN_DIGITS, fa
from bot.domain.workdays import WorkCalendar
from bot.texts.calendar import MONTH_NAMES

FRIDAY = WorkCalendar()
THU_FRI = WorkCalendar(weekend=(3, 4))
MEETING_19 = parse_jalali_date("1401/06/10")  # Thursday 2022-09-01
MEETING_23 = parse_jalali_date("1401/08/05")  # Thursday 2022-10-27


def due(raw: str, meeting: date | None = MEETING_19, calendar: WorkCalendar = FRIDAY) -> str | None:
    result = parse_deadline(raw, meeting, calendar).due
    return jalali_str(result) if result is not None else None


@pytest.mark.parametrize(
    ("raw", "amount", "unit", "expected_due"),
    [
        ("۱ هفته", 1, "week", "1401/06/17"),
        ("۲ هفته", 2, "week", "1401/06/24"),  # a Thursday and a working day with the Friday weekend
        ("دو هفته", 2, "week", "1401/06/24"),
        ("2 هفته", 2, "week", "1401/06/24"),
        ("٢ هفته", 2, "week", "1401/06/24"),
        ("۲هفته", 2, "week", "1401/06/24"),
        ("دوهفته", 2, "week", "1401/06/24"),
        ("۳ هفته", 3, "week", "1401/06/31"),
        ("سه هفته", 3, "week", "1401/06/31"),
        ("یک هفته", 1, "week", "1401/06/17"),
        ("يك هفته", 1, "week", "1401/06/17"),  # Arabic kaf and yeh
        ("یک هفته آینده", 1, "week", "1401/06/17"),
        ("حداکثر ۲ هفته", 2, "week", "1401/06/24"),
        ("حداکثر ظرف مدت ۲ هفته آتی", 2, "week", "1401/06/24"),
        ("۱۰ روز", 10, "day", "1401/06/20"),
        ("ظرف ۱۰ روز", 10, "day", "1401/06/20"),
        ("ده روز", 10, "day", "1401/06/20"),
        ("طی ۱۰ روز آینده", 10, "day", "1401/06/20"),
        ("۴۵ روز", 45, "day", "1401/07/24"),
        ("بیست و پنج روز", 25, "day", "1401/07/04"),  # 07/04 = 2022-09-26, a Monday
        ("پانزده روز", 15, "day", "1401/06/27"),  # Friday 06/25 → Saturday 06/26 is Arbaeen → Sunday
        ("یک ماه", 1, "month", "1401/07/10"),
        ("۱ ماه", 1, "month", "1401/07/10"),
        ("یکماه", 1, "month", "1401/07/10"),
        ("یک‌ماه", 1, "month", "1401/07/10"),
        ("دو ماه", 2, "month", "1401/08/10"),
        ("تا یک ماه", 1, "month", "1401/07/10"),
        ("دوازده روز", 12, "day", "1401/06/22"),
        ("سی روز", 30, "day", "1401/07/09"),
        ("شیش روز", 6, "day", "1401/06/16"),  # spoken «شش»
        ("هیفده روز", 17, "day", "1401/06/27"),  # spoken «هفده»; 06/27 = Sunday after Arbaeen
        ("صد و بیست روز", 120, "day", "1401/10/10"),  # Friday 10/09 → Saturday
        ("یکصد روز", 100, "day", "1401/09/19"),
        ("یک ماه پس از جلسه", 1, "month", "1401/07/10"),
        ("۱۰ روز از تاریخ جلسه", 10, "day", "1401/06/20"),
        ("\u200f۲ هفته\u200f", 2, "week", "1401/06/24"),
        ("  ۲\u00a0\u00a0هفته  ", 2, "week", "1401/06/24"),
        # Digits after the unit: how a PDF's visual order can give «۱ هفته» back.
        ("هفته ۱", 1, "week", "1401/06/17"),
        ("ماه 1", 1, "month", "1401/07/10"),
        ("حداکثر هفته ۲", 2, "week", "1401/06/24"),
    ],
)
def test_relative_deadlines(raw: str, amount: int, unit: str, expected_due: str) -> None:
    deadline = parse_deadline(raw, MEETING_19, FRIDAY)
    assert deadline.kind == "relative"
    assert deadline.amount == amount
    assert deadline.unit == unit
    assert deadline.due is not None
    assert jalali_str(deadline.due) == expected_due
    assert looks_like_deadline(raw)


def test_two_weeks_from_meeting_19_is_a_working_thursday() -> None:
    deadline = parse_deadline("۲ هفته", MEETING_19, FRIDAY)
    assert deadline.raw_due == deadline.due == date(2022, 9, 15)
    assert date(2022, 9, 15).weekday() == 3  # Thursday, not a weekend day or a holiday
    assert FRIDAY.is_working_day(date(2022, 9, 15))
    assert deadline.to_json() == {
        "raw": "۲ هفته",
        "kind": "relative",
        "amount": 2,
        "unit": "week",
        "due": "1401/06/24",
    }


def test_friday_moves_to_saturday() -> None:
    deadline = parse_deadline("۱ روز", MEETING_19, FRIDAY)
    assert deadline.raw_due == date(2022, 9, 2)  # Friday 1401/06/11
    assert deadline.due == date(2022, 9, 3)  # Saturday 1401/06/12


def test_thursday_friday_weekend_moves_thursday_to_saturday() -> None:
    deadline = parse_deadline("۱ هفته", MEETING_19, THU_FRI)
    assert deadline.raw_due == date(2022, 9, 8)  # Thursday 1401/06/17
    assert deadline.due == date(2022, 9, 10)  # Saturday 1401/06/19
    # Two weeks: Thursday 06/24 → Saturday 06/26 is Arbaeen → Sunday 06/27.
    assert due("۲ هفته", calendar=THU_FRI) == "1401/06/27"


def test_holiday_moves_to_next_working_day() -> None:
    deadline = parse_deadline("۱۶ روز", MEETING_19, FRIDAY)
    assert jalali_str(deadline.raw_due or date.min) == "1401/06/26"  # Arbaeen
    assert due("۱۶ روز") == "1401/06/27"


def test_month_clamps_to_the_last_day() -> None:
    meeting = parse_jalali_date("1401/06/31")
    deadline = parse_deadline("یک ماه", meeting, FRIDAY)
    assert deadline.raw_due is not None
    assert jalali_str(deadline.raw_due) == "1401/07/30"


@pytest.mark.parametrize(
    ("raw", "meeting", "expected_due"),
    [
        ("۱۴۰۱/۰۹/۱۵", MEETING_19, "1401/09/15"),
        ("1401/9/15", MEETING_19, "1401/09/15"),
        ("۱۵/۹/۱۴۰۱", MEETING_19, "1401/09/15"),  # day first, as minutes headers write dates
        ("تا ۱۵/۰۹/۱۴۰۱", MEETING_19, "1401/09/15"),
        ("15-9-1401", MEETING_19, "1401/09/15"),
        ("١٤٠١/٠٩/١٥", MEETING_19, "1401/09/15"),
        ("تا ۱۴۰۱/۰۹/۱۵", MEETING_19, "1401/09/15"),
        ("تا تاریخ ۱۴۰۱/۰۹/۱۵", MEETING_19, "1401/09/15"),
        ("تا ۱۵ آذر ۱۴۰۱", MEETING_19, "1401/09/15"),
        ("۱۵ آذر ماه ۱۴۰۱", MEETING_19, "1401/09/15"),
        ("۱۵ آذرماه سال ۱۴۰۱", MEETING_19, "1401/09/15"),
        ("پانزده آذر", MEETING_19, "1401/09/15"),
        ("۱۵ آذر", MEETING_19, "1401/09/15"),  # the meeting's year
        ("۵ شهریور", MEETING_19, "1402/06/05"),  # already passed at the meeting → next year
        ("۱۰ شهریور", MEETING_19, "1401/06/10"),  # the meeting day itself has not passed
        ("تا پایان آذر", MEETING_19, "1401/09/30"),
        ("پایان آذر ماه", MEETING_19, "1401/09/30"),
        ("تا آخر آذر", MEETING_19, "1401/09/30"),
        ("پایان شهریور", MEETING_19, "1401/06/31"),  # the meeting's own month is not past
        ("پایان مرداد", MEETING_19, "1402/05/31"),  # past → next year
        ("تا پایان آذر ۱۴۰۲", MEETING_19, "1402/09/30"),
        ("تا پایان ماه", MEETING_19, "1401/06/31"),
        ("پایان ماه جاری", MEETING_23, "1401/08/30"),
        # 1401/12/29 is a holiday, then Nowruz (1402/01/01..04, 01/04 also a Friday).
        ("تا پایان سال", MEETING_19, "1402/01/05"),
        ("پایان سال جاری", MEETING_19, "1402/01/05"),
        ("تا پایان امسال", MEETING_19, "1402/01/05"),
        ("تا پایان سال ۱۴۰۲", MEETING_19, "1403/01/05"),
        ("۳۰ اسفند ۱۴۰۳", MEETING_19, "1404/01/05"),  # leap Esfand 30 is Nowruz eve (holiday)
    ],
)
def test_explicit_dates(raw: str, meeting: date, expected_due: str) -> None:
    deadline = parse_deadline(raw, meeting, FRIDAY)
    assert deadline.kind == "date"
    assert deadline.amount is None and deadline.unit is None
    assert deadline.due is not None
    assert jalali_str(deadline.due) == expected_due
    assert looks_like_deadline(raw)


def test_explicit_date_before_the_meeting_is_flagged() -> None:
    meeting_1403 = parse_jalali_date("1403/03/01")
    for raw in ("تا ۱۵ آذر ۱۴۰۱", "۱۴۰۱/۰۹/۱۵", "۱۵/۹/۱۴۰۱", "پایان سال ۱۴۰۲"):
        deadline = parse_deadline(raw, meeting_1403, FRIDAY)
        assert deadline.kind == "date", raw
        assert deadline.before_meeting, raw
        assert set(deadline.to_json()) == {"raw", "kind", "amount", "unit", "due"}
    # The meeting day itself, later dates, dates without a year (moved to the next year), relative ones
    # and dates without a meeting to compare with are not flagged.
    for raw in ("۱۴۰۳/۰۳/۰۱", "۱۵ آذر ۱۴۰۳", "۱۵ آذر", "پایان اردیبهشت", "۲ هفته", "مستمر", "فوری"):
        assert not parse_deadline(raw, meeting_1403, FRIDAY).before_meeting, raw
    assert not parse_deadline("تا ۱۵ آذر ۱۴۰۱", None, FRIDAY).before_meeting


def test_explicit_date_on_friday_moves_to_saturday() -> None:
    deadline = parse_deadline("۱۴۰۱/۰۹/۱۸", MEETING_19, FRIDAY)  # 2022-12-09, a Friday
    assert deadline.raw_due == date(2022, 12, 9)
    assert deadline.due == date(2022, 12, 10)


def test_end_of_month_uses_the_month_length() -> None:
    assert due("پایان مهر") == "1401/07/30"
    assert due("پایان اسفند", parse_jalali_date("1403/01/10")) == "1404/01/05"
    assert parse_deadline(
        "پایان اسفند", parse_jalali_date("1403/01/10"), FRIDAY
    ).raw_due == parse_jalali_date("1403/12/30")


@pytest.mark.parametrize(
    "raw", ["مستمر", "به صورت مستمر", "بصورت مستمر", "دائمی", "مداوم", "مستمراً", " مستمر\u200f"]
)
def test_ongoing(raw: str) -> None:
    deadline = parse_deadline(raw, MEETING_19, FRIDAY)
    assert deadline.kind == "ongoing"
    assert deadline.due is None and deadline.raw_due is None
    assert deadline.amount is None and deadline.unit is None
    assert looks_like_deadline(raw)


def test_ongoing_json_matches_the_guide() -> None:
    assert parse_deadline("مستمر", MEETING_19, FRIDAY).to_json() == {
        "raw": "مستمر",
        "kind": "ongoing",
        "amount": None,
        "unit": None,
        "due": None,
    }


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "۳",
        "12",
        "هفته",
        "ماه",
        "هفته آینده",
        "تا",
        "ظرف مدت",
        "زمان اقدام",
        "فوری",
        "فرمانداری شهرستان کرج",
        "فرمانداری شهرستان کرج ۱ هفته",
        "مسئولین کمیته های ذیل قرارگاه",
        "مقرر گردید: نتیجه را در ۲ هفته آتی در قرارگاه گزارش نمایند.",
        "۱۰ روز کاری",  # working days are not calendar days; ask rather than guess
        "یک ماه پس از ابلاغ",
        "۲ یا ۳ هفته",
        "۰ روز",
        "۱۰۰۰ روز",
        "۳۱ مهر",
        "۳۲ آذر",
        "آذر ۱۴۰۱",
        "۱۵ آذر ۱۴۰",
        "۳۰ اسفند ۱۴۰۱",  # 1401 is not leap
        "۱۴۰۱/۱۳/۰۱",
        "۱۴۰۱/۰۹/۱۵ - ۱۴۰۱/۰۹/۳۰",
        "۱۵/۹-۱۴۰۱",  # two different separators
        "۳۱/۷/۱۴۰۱",  # Mehr has 30 days
        "۱۵/۹/۱۴۰",
        "۱۴۰۱/۰۹/۱۵۰",
        "صد و روز",
        "ده و یک روز",  # a teen takes no unit after it
        "مستمر و دو هفته",
        "پایان",
        "پایان سال ۱۴",
    ],
)
def test_unknown(raw: str) -> None:
    deadline = parse_deadline(raw, MEETING_19, FRIDAY)
    assert deadline.kind == "unknown"
    assert deadline.due is None and deadline.raw_due is None
    assert deadline.amount is None and deadline.unit is None
    assert not looks_like_deadline(raw)


def test_raw_keeps_the_text_with_whitespace_squashed() -> None:
    assert parse_deadline("  حداکثر\n۲\u00a0هفته ", MEETING_19, FRIDAY).raw == "حداکثر ۲ هفته"
    assert parse_deadline("چیز  دیگر", MEETING_19, FRIDAY).raw == "چیز دیگر"


def test_without_meeting_date() -> None:
    relative = parse_deadline("۲ هفته", None, FRIDAY)
    assert (relative.kind, relative.amount, relative.unit, relative.due) == ("relative", 2, "week", None)
    assert relative.to_json()["due"] is None
    yearless = parse_deadline("۱۵ آذر", None, FRIDAY)
    assert (yearless.kind, yearless.due) == ("date", None)
    explicit = parse_deadline("۱۴۰۱/۰۹/۱۵", None, FRIDAY)
    assert explicit.due is not None and jalali_str(explicit.due) == "1401/09/15"


def test_esfand_30_without_year_needs_a_leap_year() -> None:
    assert due("۳۰ اسفند", parse_jalali_date("1403/05/01")) == "1404/01/05"  # 1403 is leap
    # Neither 1401 nor (after it) a past date: 1401 is not leap → ask.
    assert parse_deadline("۳۰ اسفند", MEETING_19, FRIDAY).kind == "unknown"
    assert looks_like_deadline("۳۰ اسفند")  # shaped like a deadline all the same


def test_importer_scenarios_from_the_seeds() -> None:
    """Cells from seed 002 (meeting 19, 1401/06/10) as the importer sees them."""
    cells = {
        "۲ هفته": "1401/06/24",
        "۱ هفته": "1401/06/17",
        "۳ هفته": "1401/06/31",
        "۱ ماه": "1401/07/10",
    }
    for raw, expected in cells.items():
        assert due(raw) == expected
    assert due("یک ماه", MEETING_23) == "1401/09/05"  # seed 000, meeting 23 (1401/08/05)


def test_deadline_is_a_frozen_value() -> None:
    deadline = parse_deadline("۲ هفته", MEETING_19, FRIDAY)
    assert deadline == Deadline("۲ هفته", "relative", 2, "week", date(2022, 9, 15), date(2022, 9, 15))
    with pytest.raises(AttributeError):
        deadline.kind = "unknown"  # type: ignore[misc]


# --- properties ----------------------------------------------------------------------------------------

_TO_ARABIC = str.maketrans(LATIN_DIGITS, ARABIC_INDIC_DIGITS)
meeting_dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
units = st.sampled_from([("روز", "day"), ("هفته", "week"), ("ماه", "month")])
digit_styles: st.SearchStrategy[Callable[[int], str]] = st.sampled_from(
    [str, lambda n: fa(n), lambda n: str(n).translate(_TO_ARABIC)]
)


@given(
    meeting_dates,
    st.integers(min_value=1, max_value=120),
    units,
    digit_styles,
    st.sampled_from([FRIDAY, THU_FRI]),
)
def test_relative_due_is_a_working_day_on_or_after_the_raw_date(
    meeting: date, amount: int, unit: tuple[str, str], style: Callable[[int], str], calendar: WorkCalendar
) -> None:
    word, name = unit
    raw = f"{style(amount)} {word}"
    deadline = parse_deadline(raw, meeting, calendar)
    assert deadline.kind == "relative"
    assert (deadline.amount, deadline.unit) == (amount, name)
    assert deadline.raw_due is not None and deadline.due is not None
    expected_raw = {
        "day": meeting + timedelta(days=amount),
        "week": meeting + timedelta(weeks=amount),
        "month": add_jalali_months(meeting, amount),
    }[name]
    assert deadline.raw_due == expected_raw
    assert deadline.due >= deadline.raw_due > meeting
    assert calendar.is_working_day(deadline.due)
    assert deadline.due == calendar.next_working_day(deadline.raw_due)


@given(meeting_dates, st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=31))
def test_yearless_dates_are_never_before_the_meeting(meeting: date, month: int, day: int) -> None:
    deadline = parse_deadline(f"{day} {MONTH_NAMES[month - 1]}", meeting, FRIDAY)
    if deadline.kind == "date":
        assert deadline.raw_due is not None and deadline.due is not None
        assert meeting <= deadline.raw_due < meeting + timedelta(days=366)
        assert FRIDAY.is_working_day(deadline.due)
    else:
        assert deadline.kind == "unknown"
        assert (month > 6 and day == 31) or (month == 12 and day == 30)  # no such day (in that year)


@given(st.text(max_size=80), st.one_of(st.none(), st.dates()))
def test_parse_deadline_never_raises_on_arbitrary_text(raw: str, meeting: date | None) -> None:
    deadline = parse_deadline(raw, meeting, FRIDAY)
    assert deadline.kind in ("relative", "date", "ongoing", "unknown")
    if deadline.kind != "unknown":
        assert looks_like_deadline(raw)
    if deadline.kind in ("ongoing", "unknown"):
        assert deadline.due is None
    deadline.to_json()


VOCABULARY = [
    "۲",
    "10",
    "٣",
    "یک",
    "بیست",
    "و",
    "روز",
    "هفته",
    "ماه",
    "سال",
    "تا",
    "پایان",
    "آذر",
    "اسفند",
    "۱۴۰۱",
    "9999",
    "۱۴۰۱/۰۹/۱۵",
    "1403/12/30",
    "مستمر",
    "صورت",
    "جاری",
    "از",
    "جلسه",
    "آینده",
    "0",
    "31",
    "/",
    "-",
]


@given(st.lists(st.sampled_from(VOCABULARY), max_size=6), st.one_of(st.none(), st.dates()))
def test_parse_deadline_never_raises_on_grammar_words(words: list[str], meeting: date | None) -> None:
    raw = " ".join(words)
    deadline = parse_deadline(raw, meeting, FRIDAY)
    if deadline.kind == "unknown":
        assert deadline.due is None
    elif deadline.due is not None:
        assert deadline.raw_due is not None and deadline.due >= deadline.raw_due
        assert FRIDAY.is_working_day(deadline.due)
    json = deadline.to_json()
    assert set(json) == {"raw", "kind", "amount", "unit", "due"}


def test_huge_numbers_do_not_raise() -> None:
    assert parse_deadline("9" * 5000 + " روز", MEETING_19, FRIDAY).kind == "unknown"
    assert parse_deadline("۱" * 5000, MEETING_19, FRIDAY).kind == "unknown"
    assert not looks_like_deadline("1" * 10 + " هفته")


def test_far_dates_do_not_raise() -> None:
    assert parse_deadline("۹۹۹ ماه", date(9999, 1, 1), FRIDAY).kind == "unknown"
    assert parse_deadline("۲ هفته", date.max, FRIDAY).kind == "unknown"
    assert parse_deadline("۱۵ آذر", date.max, FRIDAY).kind == "unknown"
    assert parse_deadline("9377/10/10", None, FRIDAY).kind == "date"
    assert parse_deadline("۲ روز", date(622, 1, 1), FRIDAY).kind == "unknown"  # before Jalali year 1
