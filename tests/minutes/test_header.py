"""The meeting above the table: number (ordinal words or digits), date (with fallbacks), title."""

from __future__ import annotations

import pytest

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, parse_minutes_text
from bot.texts import minutes as texts

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


def test_bare_digits_in_the_line_taken_as_the_title(calendar: WorkCalendar) -> None:
    line = "جلسه ۳۵ قرارگاه اجتماعی استان مورخ ۱۴۰۵/۰۸/۰۱"
    parsed = _parse(f"{line}\n\nمتن گزارش جلسه.\n", calendar)
    assert parsed.meeting.title == line
    assert parsed.meeting.number == 35
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1405/08/01"
    assert parsed.problems == []


@pytest.mark.parametrize(
    "line",
    [
        "جلسه سی و پنجم قرارگاه اجتماعی",
        "صورتجلسه سی و پنجم قرارگاه",
        "نشست سی‌وپنجم قرارگاه",
        "جلسه ۳۵ام قرارگاه اجتماعی",
        "جلسه ۳۵ ام قرارگاه",
        "۳۵-امین جلسه قرارگاه اجتماعی",
        "۳۵امین جلسه قرارگاه",
        "سی‌وپنجمین جلسه قرارگاه",
        "سیوپنجمین جلسه قرارگاه",
        "سی و پنجمین جلسه قرارگاه",
        "صورتجلسه شماره ۳۵",
        "صورت جلسه شماره ۳۵ قرارگاه",
        "شماره جلسه: ۳۵",
    ],
)
def test_number_forms_in_the_title_line_and_in_running_text(line: str, calendar: WorkCalendar) -> None:
    assert _parse(f"استانداری\n\n{line}\n", calendar).meeting.number == 35
    # None of these needs to be the title: they are explicit enough in the running text too.
    running = f"# قرارگاه اجتماعی\n\nگزارش: {line} در تاریخ مقرر برگزار شد و مصوبات زیر تصویب شد.\n"
    assert _parse(running, calendar).meeting.number == 35


def test_compound_number_words_without_spaces(calendar: WorkCalendar) -> None:
    assert _parse("صد و بیستوسومین جلسه قرارگاه\n", calendar).meeting.number == 123
    assert _parse("جلسه صدوبیست‌وسوم قرارگاه\n", calendar).meeting.number == 123


@pytest.mark.parametrize(
    "preface",
    [
        "جلسه قرارگاه برگزار شد و طرح در ۶۶ محله اجرا شد.\n",
        "جلسه ۶۶ محله شهر را بررسی کرد.\n",  # the title line: a bare number before a counted noun
        "جلسه ۲ هفته آتی برگزار می شود.\n",
        "جلسه ۱۰ صبح روز شنبه برگزار شد.\n",
        "جلسه ۳ ساعته قرارگاه برگزار شد.\n",
        "جلسه دوم هفته آینده برگزار می شود.\n",
        "# قرارگاه اجتماعی\n\nدر جلسه ۱۲ نفر از مدیران حاضر بودند.\n",
        "# قرارگاه اجتماعی\n\nموضوع در جلسه ۱۲ مطرح شد.\n",  # a bare number only in title-like texts
        "# قرارگاه اجتماعی\n\nجلسه ساعت ۱۰ و در ۳ نوبت برگزار شد.\n",
    ],
)
def test_numbers_in_narrative_text_are_not_the_meeting_number(preface: str, calendar: WorkCalendar) -> None:
    parsed = _parse(preface, calendar)
    assert parsed.meeting.number is None
    assert texts.MEETING_NUMBER_MISSING in parsed.problems


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
        "جلسه قرارگاه مورخ ۵/۸/۱۴۰۱ برگزار شد.\n",  # day first, single digits
        "جلسه قرارگاه مورخ ۵ / ۸ / ۱۴۰۱ برگزار شد.\n",
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


def test_an_invalid_day_first_date_is_quoted_as_written(calendar: WorkCalendar) -> None:
    parsed = _parse("موضوع: نوزدهمین صورتجلسه\nتاریخ تشکیل: ۴۰/۱۳/۱۴۰۱\n", calendar)
    assert parsed.meeting.held_on is None
    assert parsed.problems == [
        texts.MEETING_DATE_INVALID.format(raw="۴۰/۱۳/۱۴۰۱"),
        texts.MEETING_DATE_MISSING,
    ]


def test_a_date_outside_jalali_meeting_years_is_no_meeting_date(calendar: WorkCalendar) -> None:
    parsed = _parse(
        "موضوع: نوزدهمین صورتجلسه\nجلسه مورخ 2022/09/01 و مورخه ۱۴۰۱/۰۶/۱۰ برگزار شد.\n", calendar
    )
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1401/06/10"
    assert parsed.problems == []


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
