"""Header variants (issue 15): the meeting's date in other fields and in the opening sentence, the
number as an ordinal in words or digits, and candidates that disagree, through the public importer."""

from __future__ import annotations

import pytest

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, parse_minutes_text
from bot.texts import minutes as texts

LETTERHEAD = "معاونت سیاسی، امنیتی و اجتماعی - اداره کل امور اجتماعی و فرهنگی\n\n"
TITLE = "بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان"
OPENING = (
    "بیست و هفتمین جلسه قرارگاه اجتماعی استان ساعت ۸ صبح روز سه‌شنبه {dated} به ریاست استاندار محترم"
    " برگزار شد و موارد ذیل مصوب گردید:\n\n"
)
#: Two relative deadlines: counted from the meeting's date, so due only when that date is found.
TABLE = (
    "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام\n"
    "۱\tمقرر گردید: شهرداری نسبت به ساماندهی دستفروشان اقدام و نتیجه را گزارش نماید.\tشهرداری\t۲ هفته\n"
    "۲\tمقرر گردید: اداره کل بهزیستی خانوارهای محلات هدف را معرفی نماید.\tاداره کل بهزیستی\tتا پایان دی\n"
)
#: 1401/10/13 + 2 weeks = 1401/10/27; the end of Dey (1401/10/30) is a Friday, so the next day.
DUES = ["1401/10/27", "1401/11/01"]


def _parse(preface: str, calendar: WorkCalendar, table: str = TABLE) -> ParsedMinutes:
    return parse_minutes_text(LETTERHEAD + preface + table, calendar)


def _meeting(parsed: ParsedMinutes) -> tuple[int | None, str | None, str]:
    held_on = parsed.meeting.held_on
    return parsed.meeting.number, jalali_str(held_on) if held_on else None, parsed.meeting.title


def _dues(parsed: ParsedMinutes) -> list[str | None]:
    return [jalali_str(r.deadline.due) if r.deadline.due else None for r in parsed.resolutions]


def _check(
    parsed: ParsedMinutes,
    meeting: tuple[int | None, str | None, str],
    problems: list[str],
    dues: list[str] | list[None],
) -> None:
    """Field by field: (number, date, title), the meeting's problems, and the deadlines' due dates."""
    assert _meeting(parsed) == meeting
    assert parsed.problems == problems
    assert _dues(parsed) == dues


@pytest.mark.parametrize(
    "fields",
    [
        # Fields on one line, apart by spaces: the case.
        "تاریخ: ۱۴۰۱/۱۰/۱۳     ساعت: ۱۰     محل: سالن جلسات\n\n",
        "تاریخ جلسه: ۱۴۰۱/۱۰/۱۳   ساعت: ۱۰   محل: سالن جلسات\n\n",
        "مورخ ۱۴۰۱/۱۰/۱۳   ساعت ۱۰   محل سالن جلسات\n\n",
        "مورخه: ۱۴۰۱/۱۰/۱۳   ساعت: ۱۰\n\n",
        "**تاریخ:** ۱۴۰۱/۱۰/۱۳   **ساعت:** ۱۰\n\n",
        # The same apart by tabs (cells), the invitation's date beside it.
        "تاریخ: ۱۴۰۱/۱۰/۱۳\tساعت: ۱۰\tتاریخ دعوتنامه: ۱۴۰۱/۱۰/۰۶\n\n",
        # Labels in one row, values in the next, the invitation's date first.
        "تاریخ دعوتنامه:\tتاریخ:\tساعت:\tمحل:\n۱۴۰۱/۱۰/۰۶\t۱۴۰۱/۱۰/۱۳\t۱۰\tسالن جلسات\n\n",
        "| تاریخ برگزاری جلسه | ساعت | محل |\n|---|---|---|\n| ۱۴۰۱/۱۰/۱۳ | ۱۰ | سالن جلسات |\n\n",
        # No field but the invitation's: the date in the opening sentence.
        "شماره دعوتنامه: ۲۱/۲۵/۶۰۸۸۱\tتاریخ دعوتنامه: ۱۴۰۱/۱۰/۰۶\n\n"
        + OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۳"),
    ],
)
def test_date_in_another_field_or_the_opening_sentence(fields: str, calendar: WorkCalendar) -> None:
    _check(_parse(f"موضوع: {TITLE}\n\n{fields}", calendar), (27, "1401/10/13", TITLE), [], DUES)


@pytest.mark.parametrize(
    "preface",
    [
        "تاریخ دعوتنامه: ۱۴۰۱/۱۰/۰۶\n\n",
        "شماره دعوتنامه:\tتاریخ دعوتنامه:\n۲۱/۲۵/۶۰۸۸۱\t۱۴۰۱/۱۰/۰۶\n\n",
        "جلسه بعدی در تاریخ ۱۴۰۱/۱۱/۰۱ برگزار می‌شود.\n\n",
    ],
)
def test_other_dates_are_not_the_meeting_date(preface: str, calendar: WorkCalendar) -> None:
    _check(
        _parse(f"موضوع: {TITLE}\n\n{preface}", calendar),
        (27, None, TITLE),
        [texts.MEETING_DATE_MISSING],
        [None, None],
    )


def test_a_date_inside_a_resolution_is_not_the_meeting_date(calendar: WorkCalendar) -> None:
    table = TABLE.replace("مقرر گردید: شهرداری", "مقرر گردید: پیرو نامه مورخ ۱۴۰۱/۰۹/۰۱ شهرداری")
    parsed = _parse(f"موضوع: {TITLE}\n\n", calendar, table)
    assert _meeting(parsed) == (27, None, TITLE)
    assert _dues(parsed) == [None, None]


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("جلسه ۲۷ قرارگاه اجتماعی استان", 27),
        ("بیست و هفتمین جلسه قرارگاه اجتماعی استان", 27),
        ("بیست‌وهفتمین جلسه قرارگاه اجتماعی استان", 27),
        ("سی‌امین صورتجلسه قرارگاه اجتماعی استان", 30),
        ("سی امین صورتجلسه قرارگاه اجتماعی استان", 30),
        ("جلسه‌ی بیست و هفتم قرارگاه اجتماعی استان", 27),
        ("صورتجلسه‌ی شماره ۲۷ قرارگاه اجتماعی استان", 27),
        ("جلسه شماره بیست و هفت قرارگاه اجتماعی استان", 27),
    ],
)
def test_number_in_the_title(title: str, number: int, calendar: WorkCalendar) -> None:
    parsed = _parse(f"{title}\n\nتاریخ: ۱۴۰۱/۱۰/۱۳     ساعت: ۱۰\n\n", calendar)
    _check(parsed, (number, "1401/10/13", title), [], DUES)


def test_a_cardinal_after_the_number_word_that_counts_is_no_number(calendar: WorkCalendar) -> None:
    parsed = _parse("جلسه شماره دو هفته بعد برگزار می‌شود.\n\nتاریخ: ۱۴۰۱/۱۰/۱۳\n\n", calendar)
    assert parsed.meeting.number is None
    assert parsed.problems == [texts.MEETING_NUMBER_MISSING]


def test_candidates_that_agree_give_no_problem(calendar: WorkCalendar) -> None:
    preface = (
        f"موضوع: {TITLE}\n\nتاریخ تشکیل:\tروز:\tتاریخ دعوتنامه:\n۱۴۰۱/۱۰/۱۳\tسه‌شنبه\t۱۴۰۱/۱۰/۰۶\n\n"
        + OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۳")
    )
    _check(_parse(preface, calendar), (27, "1401/10/13", TITLE), [], DUES)


@pytest.mark.parametrize(
    "field",
    ["تاریخ تشکیل:\tروز:\n۱۴۰۱/۱۰/۱۳\tسه‌شنبه\n\n", "تاریخ: ۱۴۰۱/۱۰/۱۳     ساعت: ۸     محل: سالن جلسات\n\n"],
)
def test_the_header_field_wins_over_the_opening_sentence(field: str, calendar: WorkCalendar) -> None:
    preface = f"موضوع: {TITLE}\n\n{field}" + OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۲")
    conflict = texts.MEETING_DATE_CONFLICT.format(held_on="۱۴۰۱/۱۰/۱۳", other="۱۴۰۱/۱۰/۱۲")
    _check(_parse(preface, calendar), (27, "1401/10/13", TITLE), [conflict], DUES)


def test_the_title_number_wins_over_the_opening_sentence(calendar: WorkCalendar) -> None:
    opening = OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۳").replace("بیست و هفتمین", "بیست و هشتمین")
    conflict = texts.MEETING_NUMBER_CONFLICT.format(number="۲۷", other="۲۸")
    _check(_parse(f"موضوع: {TITLE}\n\n{opening}", calendar), (27, "1401/10/13", TITLE), [conflict], DUES)


def test_number_from_the_opening_sentence_when_the_title_has_none(calendar: WorkCalendar) -> None:
    parsed = _parse(
        "موضوع: صورتجلسه قرارگاه اجتماعی استان\n\n" + OPENING.format(dated="مورخ ۱۴۰۱/۱۰/۱۳"), calendar
    )
    _check(parsed, (27, "1401/10/13", "صورتجلسه قرارگاه اجتماعی استان"), [], DUES)


@pytest.mark.parametrize(
    "mention",
    [
        "پیرو صورتجلسه مورخ ۱۴۰۱/۰۹/۲۹ و در ادامه بررسی‌ها، جلسه بیست و ششم را مرور کردیم.\n\n",
        "دستور کار:\n\n- ۱- بررسی مصوبات جلسه قبل مورخ ۱۴۰۱/۰۹/۲۹ (جلسه بیست و ششم).\n\n",
        "عطف به نامه مورخه ۱۴۰۱/۰۹/۲۰ استانداری، جلسه شماره ۲۶ گزارش شد.\n\n",
    ],
)
def test_a_line_about_another_meeting_gives_no_date_or_number(mention: str, calendar: WorkCalendar) -> None:
    """«پیرو صورتجلسه مورخ …» or an agenda line about the last meeting, before the opening sentence:
    neither its date nor its number is this meeting's, and nothing disagrees."""
    preface = f"موضوع: صورتجلسه قرارگاه اجتماعی استان\n\n{mention}" + OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۳")
    _check(_parse(preface, calendar), (27, "1401/10/13", "صورتجلسه قرارگاه اجتماعی استان"), [], DUES)


@pytest.mark.parametrize(
    "letterhead",
    [
        "شماره: ۱۲۳/۴۵۶     تاریخ: ۱۴۰۱/۱۰/۱۷     پیوست: ندارد\n\n",
        "شماره: ۱۲۳/۴۵۶\n\nتاریخ: ۱۴۰۱/۱۰/۱۷\n\nپیوست: ندارد\n\n",
        "شماره:\tتاریخ:\tپیوست:\n۱۲۳/۴۵۶\t۱۴۰۱/۱۰/۱۷\tندارد\n\n",
    ],
)
def test_the_letterhead_s_date_is_not_the_meeting_s(letterhead: str, calendar: WorkCalendar) -> None:
    """The day the minutes were sent, beside «شماره:» and «پیوست:», gives way to the opening sentence's;
    alone, it is taken and the preview says so."""
    opening = OPENING.format(dated="مورخه ۱۴۰۱/۱۰/۱۳")
    _check(_parse(f"{letterhead}موضوع: {TITLE}\n\n{opening}", calendar), (27, "1401/10/13", TITLE), [], DUES)
    alone = _parse(f"{letterhead}موضوع: {TITLE}\n\n" + OPENING.format(dated=""), calendar)
    assert _meeting(alone) == (27, "1401/10/17", TITLE)
    assert alone.problems == [texts.MEETING_DATE_FROM_LETTER.format(held_on="۱۴۰۱/۱۰/۱۷")]


@pytest.mark.parametrize(
    ("line", "held_on"),
    [
        ("جلسه شماره ۱۲ شورای اداری شهرستان در تاریخ ۱۴۰۳/۰۵/۰۱ ساعت ۱۰ قبل از ظهر تشکیل شد.", None),
        ("جلسه شماره ۱۲ شورای اداری با موضوع بررسی عملکرد سال گذشته مورخ ۱۴۰۳/۰۵/۰۱ تشکیل شد.", "1403/05/01"),
    ],
)
def test_the_words_alone_do_not_make_a_line_about_another_meeting(
    line: str, held_on: str | None, calendar: WorkCalendar
) -> None:
    """«قبل از ظهر», «سال گذشته»: this meeting's opening sentence still gives its number (and its date
    after «مورخ»; «در تاریخ» may name any day, the next meeting's too, so it gives none)."""
    parsed = parse_minutes_text(f"# صورتجلسه شورای اداری\n\n{line}\n\n{TABLE}", calendar)
    assert _meeting(parsed)[:2] == (12, held_on)
