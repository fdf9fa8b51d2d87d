"""The meeting above the table: number (ordinal words or digits), date (with fallbacks), title."""

from __future__ import annotations

import pytest

from bot.jalali import jalali_str
from bot.minutes import ParsedMinutes, parse_minutes_text
from bot.texts import minutes as texts
from bot.workdays import WorkCalendar

TABLE = (
    "\n\n| ردیف | مصوبات | اقدام کننده | زمان اقدام |\n|---|---|---|---|\n"
    "| ۱ | مقرر گردید: گزارش شود. | شهرداری | ۱ هفته |\n"
)


def _parse(preface: str, calendar: WorkCalendar, table: str = TABLE) -> ParsedMinutes:
    return parse_minutes_text(preface + table, calendar)


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("موضوع: نوزدهمین صورتجلسه قرارگاه اجتماعی استان", 19),
        ("موضوع: اولین صورتجلسه قرارگاه اجتماعی استان", 1),
        ("موضوع: نخستین جلسه قرارگاه", 1),
        ("موضوع: صدمین صورتجلسه قرارگاه", 100),
        ("موضوع: سی‌امین صورت جلسه قرارگاه", 30),
        ("موضوع: صد و دوازدهمین نشست قرارگاه", 112),
        ("موضوع: صورتجلسه شماره ۱۹ قرارگاه", 19),
        ("موضوع: جلسه ۲۱ قرارگاه اجتماعی", 21),
        ("موضوع: ۲۲مین جلسه قرارگاه", 22),
        ("موضوع: جلسه شماره: 24", 24),
    ],
)
def test_meeting_number(subject: str, number: int, calendar: WorkCalendar) -> None:
    parsed = _parse(f"{subject}\n\nتاریخ تشکیل: ۱۴۰۱/۰۶/۱۰\n", calendar)
    assert parsed.meeting.number == number
    assert parsed.meeting.title == subject.split(": ", 1)[1]


def test_number_from_the_running_text_or_the_table_header(calendar: WorkCalendar) -> None:
    parsed = _parse("بیست و هفتمین جلسه قرارگاه مورخه ۱۴۰۱/۰۶/۱۰ برگزار شد.\n", calendar)
    assert parsed.meeting.number == 27
    table = TABLE.replace("| مصوبات |", "| مصوبات بیست و نهمین جلسه قرارگاه |")
    assert _parse("جلسه در ۲ هفته گذشته برگزار شد.\n", calendar, table).meeting.number == 29


def test_missing_number_and_date(calendar: WorkCalendar) -> None:
    parsed = _parse("جلسه قرارگاه برگزار شد و در جلسه ۲ هفته بعد بررسی می شود.\n", calendar)
    assert parsed.meeting.number is None
    assert parsed.meeting.held_on is None
    assert parsed.problems == [texts.MEETING_NUMBER_MISSING, texts.MEETING_DATE_MISSING]
    # A relative deadline keeps its reading but has no due date without the meeting's date.
    r = parsed.resolutions[0]
    assert (r.deadline.kind, r.deadline.amount, r.deadline.due) == ("relative", 1, None)
    assert r.problems == []


def test_date_under_the_label_in_a_markdown_table(calendar: WorkCalendar) -> None:
    preface = "| روز: | تاریخ تشکیل: |\n|---|---|\n| پنج شنبه | ۱۴۰۱/۰۸/۰۵ |\n"
    held_on = _parse(preface, calendar).meeting.held_on
    assert held_on is not None and jalali_str(held_on) == "1401/08/05"


@pytest.mark.parametrize(
    "preface",
    [
        "تاریخ تشکیل: ۱۴۰۱/۰۸/۰۵\n",
        "جلسه قرارگاه مورخه ۱۴۰۱/۰۸/۰۵ برگزار شد (دعوتنامه ۱۴۰۱/۰۸/۰۳).\n",
        "جلسه قرارگاه مورخ: 1401-8-5 برگزار شد.\n",
        "تاریخ تشکیل:\tروز:\n٠٥/٠٨/١٤٠١\tپنج شنبه\n",  # the day first, as bidi reordering leaves it
        "تاریخ تشکیل:\tروز:\n\u200f۱۴۰۱/۰۸/۰۵\u200f\tپنج شنبه\n",  # with RLM marks
    ],
)
def test_date_forms(preface: str, calendar: WorkCalendar) -> None:
    held_on = _parse(preface, calendar).meeting.held_on
    assert held_on is not None and jalali_str(held_on) == "1401/08/05"


def test_date_from_the_table_header_only(calendar: WorkCalendar) -> None:
    table = TABLE.replace("| مصوبات |", "| مصوبات جلسه مورخ ۱۴۰۱/۰۶/۱۰ |")
    parsed = _parse("موضوع: نوزدهمین صورتجلسه\n", calendar, table)
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1401/06/10"
    assert parsed.problems == []


def test_dates_that_disagree_are_reported(calendar: WorkCalendar) -> None:
    table = TABLE.replace("| مصوبات |", "| مصوبات جلسه مورخ ۱۴۰۱/۰۶/۱۱ |")
    parsed = _parse("موضوع: نوزدهمین صورتجلسه\nتاریخ تشکیل: ۱۴۰۱/۰۶/۱۰\n", calendar, table)
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1401/06/10"
    assert parsed.problems == [texts.MEETING_DATE_MISMATCH.format(held_on="۱۴۰۱/۰۶/۱۰", other="۱۴۰۱/۰۶/۱۱")]


def test_invalid_date_is_reported(calendar: WorkCalendar) -> None:
    parsed = _parse("موضوع: نوزدهمین صورتجلسه\nتاریخ تشکیل: ۱۴۰۱/۱۳/۴۰\n", calendar)
    assert parsed.meeting.held_on is None
    assert parsed.problems == [
        texts.MEETING_DATE_INVALID.format(raw="۱۴۰۱/۱۳/۴۰"),
        texts.MEETING_DATE_MISSING,
    ]


def test_title_falls_back_to_a_heading_then_a_line_naming_the_meeting(calendar: WorkCalendar) -> None:
    assert _parse("# صورتجلسه قرارگاه اجتماعی\n\nمتن\n", calendar).meeting.title == "صورتجلسه قرارگاه اجتماعی"
    plain = _parse("استانداری\n\nسی و نهمین جلسه قرارگاه اجتماعی\n", calendar)
    assert plain.meeting.title == "سی و نهمین جلسه قرارگاه اجتماعی"
    assert plain.meeting.number == 39


def test_bold_subject_line(calendar: WorkCalendar) -> None:
    parsed = _parse("**موضوع:** چهل و دومین صورتجلسه قرارگاه\n", calendar)
    assert parsed.meeting.title == "چهل و دومین صورتجلسه قرارگاه"
    assert parsed.meeting.number == 42


def test_a_later_date_near_the_label_is_not_the_meeting_date(calendar: WorkCalendar) -> None:
    preface = (
        "موضوع: نوزدهمین صورتجلسه\n"
        "تاریخ تشکیل جلسه بعد ۱۴۰۱/۰۷/۱۰ تعیین شد.\n"
        "جلسه مورخه ۱۴۰۱/۰۶/۱۰ برگزار شد.\n"
    )
    held_on = _parse(preface, calendar).meeting.held_on
    assert held_on is not None and jalali_str(held_on) == "1401/06/10"
