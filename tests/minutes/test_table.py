"""Rows to resolutions: numbering problems, page-break pieces, odd columns — nothing dropped silently."""

from __future__ import annotations

import pytest

from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, parse_minutes_text
from bot.minutes.blocks import Row
from bot.minutes.table import numbering_problems, split_row
from bot.texts import minutes as texts

PREFACE = "موضوع: پنجاهمین صورتجلسه قرارگاه اجتماعی استان\n\nتاریخ تشکیل:\tروز:\n۱۴۰۲/۰۹/۰۶\tدوشنبه\n\n"
HEADER = "| ردیف | مصوبات | اقدام کننده | زمان اقدام |\n|---|---|---|---|\n"
TEXT = "مقرر گردید: گزارش اقدامات به دبیرخانه ارسال شود."


def _parse(rows: str, calendar: WorkCalendar, header: str = HEADER) -> ParsedMinutes:
    return parse_minutes_text(PREFACE + header + rows, calendar, source_name="test.md")


def _row(number: str, party: str = "شهرداری", deadline: str = "۲ هفته", text: str = TEXT) -> str:
    return f"| {number} | {text} | {party} | {deadline} |\n"


def test_clean_table_has_no_problems(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("۱") + _row("۲"), calendar)
    assert parsed.meeting.number == 50
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert parsed.all_problems() == []


def test_row_number_forms(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("1") + _row("۲.") + _row("٣") + _row("(۴)") + _row("۵-"), calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2, 3, 4, 5]
    assert parsed.all_problems() == []


def test_first_row_without_a_number(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("") + _row("۲"), calendar)
    assert [r.number for r in parsed.resolutions] == [None, 2]
    first = parsed.resolutions[0]
    assert first.text == TEXT and first.parties == ["شهرداری"]
    assert first.problems == [texts.ROW_STARTS_WITHOUT_NUMBER.format(row="مصوبه ۱ جدول (بی‌شماره)")]
    assert parsed.problems == [texts.NUMBERING_MISSING.format(numbers="۱")]


def test_duplicate_gap_and_order(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("۱") + _row("۳") + _row("۳") + _row("۲") + _row("۶"), calendar)
    assert [r.number for r in parsed.resolutions] == [1, 3, 3, 2, 6]
    assert parsed.problems == [
        texts.NUMBERING_DUPLICATE.format(number="۳"),
        texts.NUMBERING_ORDER.format(number="۲", previous="۳"),
        texts.NUMBERING_MISSING.format(numbers="۴، ۵"),
    ]


def test_empty_cells_are_reported(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("۱", party="", deadline="") + _row("۲", text=""), calendar)
    one, two = parsed.resolutions
    assert one.problems == [
        texts.ROW_NO_PARTY.format(row="ردیف ۱"),
        texts.ROW_NO_DEADLINE.format(row="ردیف ۱"),
    ]
    assert one.deadline.kind == "unknown"
    # Row 2 lost its text cell: its party is still the party, its deadline the deadline.
    assert two.parties == ["شهرداری"] and two.deadline.raw == "۲ هفته"
    assert two.problems == [texts.ROW_NO_TEXT.format(row="ردیف ۲")]


def test_unknown_deadline_is_flagged_not_guessed(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("۱", deadline="در اسرع وقت"), calendar)
    r = parsed.resolutions[0]
    assert (r.deadline.kind, r.deadline.raw, r.deadline.due) == ("unknown", "در اسرع وقت", None)
    assert r.parties == ["شهرداری"]
    assert r.problems == ['ردیف ۱: زمان اقدام خوانده نشد: "در اسرع وقت"']


def test_explicit_deadline_before_the_meeting_is_flagged(calendar: WorkCalendar) -> None:
    # The meeting is on 1402/09/06; «۱۴۰۱/۰۹/۱۵» is most likely a typo for 1402.
    parsed = _parse(_row("۱", deadline="۱۴۰۱/۰۹/۱۵") + _row("۲", deadline="۱۴۰۲/۰۹/۱۵"), calendar)
    first, second = parsed.resolutions
    assert first.deadline.kind == "date" and first.deadline.before_meeting
    assert first.problems == ['ردیف ۱: زمان اقدام "۱۴۰۱/۰۹/۱۵" پیش از تاریخ جلسه است؛ لطفاً بررسی کنید.']
    assert second.problems == []


def test_reversed_row_with_an_unknown_deadline(calendar: WorkCalendar) -> None:
    rows = _row("۱") + f"| در اسرع وقت | فرمانداری | {TEXT} | ۲ |\n"
    r = _parse(rows, calendar).resolutions[1]
    assert r.parties == ["فرمانداری"]
    assert r.deadline.raw == "در اسرع وقت"


def test_paragraph_between_rows_is_reported_and_rows_kept(calendar: WorkCalendar) -> None:
    rows = _row("۱") + "\nصفحه ۱ از ۲\n\n" + HEADER + _row("۲")
    parsed = _parse(rows, calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert parsed.problems == [texts.STRAY_TEXT.format(text="صفحه ۱ از ۲")]


def test_repeated_header_and_column_number_rows_are_skipped(calendar: WorkCalendar) -> None:
    rows = "| ۱ | ۲ | ۳ | ۴ |\n" + _row("۱") + "| ردیف | مصوبات | اقدام کننده | زمان اقدام |\n" + _row("۲")
    parsed = _parse(rows, calendar)
    assert [r.number for r in parsed.resolutions] == [1, 2]
    assert parsed.all_problems() == []


def test_an_unnumbered_whole_resolution_is_not_glued_to_the_row_above(calendar: WorkCalendar) -> None:
    rows = _row("۱") + _row("", party="فرمانداری", text="مقرر گردید: بازدید انجام شود.") + _row("۳")
    parsed = _parse(rows, calendar)
    assert [r.number for r in parsed.resolutions] == [1, None, 3]
    assert parsed.resolutions[0].parties == ["شهرداری"]
    middle = parsed.resolutions[1]
    assert middle.parties == ["فرمانداری"]
    assert middle.problems == [texts.ROW_NUMBER_UNREAD.format(row="مصوبه ۲ جدول (بی‌شماره)")]
    assert parsed.problems == [texts.NUMBERING_MISSING.format(numbers="۲")]


def test_continuation_brings_the_missing_deadline(calendar: WorkCalendar) -> None:
    rows = "۱\tمقرر گردید: شهرداری نسبت به\tشهرداری\t\n\t<p>پاکسازی معابر اقدام نماید.</p>\t\t<p>۱ هفته</p>\n"
    parsed = parse_minutes_text(PREFACE + "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام\n" + rows, calendar)
    r = parsed.resolutions[0]
    assert r.text == "مقرر گردید: شهرداری نسبت به پاکسازی معابر اقدام نماید."
    assert r.deadline.raw == "۱ هفته"
    assert parsed.all_problems() == []


def test_continuation_with_a_second_deadline_is_reported(calendar: WorkCalendar) -> None:
    rows = "۱\tمقرر گردید: شهرداری نسبت به\tشهرداری\t۱ هفته\n\tپاکسازی معابر اقدام نماید.\t\t۲ هفته\n"
    parsed = parse_minutes_text(PREFACE + "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام\n" + rows, calendar)
    r = parsed.resolutions[0]
    assert r.deadline.raw == "۱ هفته"
    assert r.problems == [texts.ROW_EXTRA_DEADLINE.format(row="ردیف ۱", kept="۱ هفته", other="۲ هفته")]


@pytest.mark.parametrize("label", ["ملاحظات", "توضیحات", "نتیجه", "ملاحظات:"])
def test_a_remarks_column_is_the_note_never_a_party(calendar: WorkCalendar, label: str) -> None:
    header = f"| ردیف | مصوبات | اقدام کننده | زمان اقدام | {label} |\n|---|---|---|---|---|\n"
    rows = f"| ۱ | {TEXT} | شهرداری | ۲ هفته | با هماهنگی دادستانی |\n" + _row("۲").replace(" |\n", " | |\n")
    parsed = _parse(rows, calendar, header=header)
    first, second = parsed.resolutions
    assert (first.parties, first.note) == (["شهرداری"], "با هماهنگی دادستانی")
    assert (second.parties, second.note) == (["شهرداری"], "")
    assert parsed.all_problems() == []


def test_a_remarks_column_without_a_header_is_told_by_its_place(calendar: WorkCalendar) -> None:
    """With no header, a cell beyond the deadline (another cell left nearer the number) is the remarks,
    and the preview says so: it might have been a second party."""
    rows = f"۱\t{TEXT}\tشهرداری\t۲ هفته\tبا هماهنگی دادستانی\n۲\t{TEXT}\tفرمانداری\t۱ هفته\t\n"
    parsed = parse_minutes_text(HEADERLESS + rows, calendar)
    first, second = parsed.resolutions
    assert (first.parties, first.deadline.raw, first.note) == (["شهرداری"], "۲ هفته", "با هماهنگی دادستانی")
    assert (second.parties, second.note) == (["فرمانداری"], "")
    assert parsed.all_problems() == [texts.ROW_NOTE_BY_PLACE.format(row="ردیف ۱", text="با هماهنگی دادستانی")]


def test_a_party_after_the_deadline_stays_the_party(calendar: WorkCalendar) -> None:
    rows = f"۱\t{TEXT}\t۲ هفته\tشهرداری\n"
    parsed = parse_minutes_text(HEADERLESS + rows, calendar)
    assert (parsed.resolutions[0].parties, parsed.resolutions[0].note) == (["شهرداری"], "")


def test_an_unknown_column_is_reported_not_guessed(calendar: WorkCalendar) -> None:
    header = "| ردیف | کد پیگیری | مصوبات | اقدام کننده | زمان اقدام |\n|---|---|---|---|---|\n"
    rows = f"| ۱ | الف-۱۲ | {TEXT} | شهرداری | ۲ هفته |\n| ۲ | ب-۷ | {TEXT} | فرمانداری | ۱ هفته |\n"
    parsed = _parse(rows, calendar, header=header)
    assert [(r.parties, r.note, r.text) for r in parsed.resolutions] == [
        (["شهرداری"], "", TEXT),
        (["فرمانداری"], "", TEXT),
    ]
    assert parsed.problems == [texts.UNKNOWN_COLUMN.format(column="کد پیگیری", count="۲")]


def test_party_columns_named_in_the_header_are_parties(calendar: WorkCalendar) -> None:
    header = "| ردیف | مصوبات | مسئول اجرا | دستگاه مسئول | مهلت |\n|---|---|---|---|---|\n"
    parsed = _parse(f"| ۱ | {TEXT} | شهرداری | فرمانداری | ۲ هفته |\n", calendar, header=header)
    assert parsed.resolutions[0].parties == ["شهرداری", "فرمانداری"]
    assert parsed.all_problems() == []


HEADERLESS = "موضوع: پنجاهمین صورتجلسه قرارگاه اجتماعی استان\n\nتاریخ تشکیل: ۱۴۰۲/۰۹/۰۶\n\n"
LONG_PARTY = "اداره کل بهزیستی استان و سازمان مردم نهاد جوانان امید و شهرداری مرکز"


def test_text_told_from_party_by_length_alone_is_flagged(calendar: WorkCalendar) -> None:
    # No header row and no «مقرر گردید»: the longer cell is taken as the text, here wrongly.
    swapped = parse_minutes_text(HEADERLESS + f"۱\tبررسی شود\t{LONG_PARTY}\t۱ هفته\n", calendar)
    r = swapped.resolutions[0]
    assert (r.text, r.parties) == (LONG_PARTY, ["بررسی شود"])
    assert r.problems == [texts.ROW_TEXT_BY_LENGTH.format(row="ردیف ۱")]
    # A row placed by the layout of a row that was itself told by length is flagged as well.
    rows = (
        "۱\tگزارش کامل اقدامات انجام شده در محلات هدف به دبیرخانه ارسال شود\tشهرداری\t۲ هفته\n"
        f"۲\tبررسی شود\t{LONG_PARTY}\t۱ هفته\n"
    )
    one, two = parse_minutes_text(HEADERLESS + rows, calendar).resolutions
    assert (two.text, two.parties) == ("بررسی شود", [LONG_PARTY])
    for r in (one, two):
        assert r.problems == [texts.ROW_TEXT_BY_LENGTH.format(row=texts.row_label(r.number, 1))]


def test_text_told_by_a_marker_or_a_header_is_not_flagged(calendar: WorkCalendar) -> None:
    # The first row's «مقرر گردید» places the second row's text too.
    rows = f"۱\t{TEXT}\tشهرداری\t۲ هفته\n۲\tبررسی شود\t{LONG_PARTY}\t۱ هفته\n"
    parsed = parse_minutes_text(HEADERLESS + rows, calendar)
    assert parsed.resolutions[1].text == "بررسی شود"
    assert parsed.all_problems() == []
    # A header row names the columns.
    parsed = _parse(_row("۱", text="بررسی شود", party=LONG_PARTY), calendar)
    assert (parsed.resolutions[0].text, parsed.resolutions[0].parties) == ("بررسی شود", [LONG_PARTY])
    assert parsed.all_problems() == []
    # A row with only a text and a deadline has no party to swap with.
    parsed = parse_minutes_text(HEADERLESS + f"۱\t{LONG_PARTY}\t۱ هفته\n", calendar)
    assert parsed.resolutions[0].problems == [texts.ROW_NO_PARTY.format(row="ردیف ۱")]


def test_split_row_finds_columns_by_content() -> None:
    row = Row((("۲ هفته",), ("شهرداری", "فرمانداری"), (TEXT,), ("۷",)))
    parts = split_row(row)
    assert parts.number == 7
    assert parts.deadlines == ["۲ هفته"]
    assert parts.text == [TEXT]
    assert parts.party == ["شهرداری", "فرمانداری"]
    assert parts.layout == {3: "number", 0: "deadline", 2: "text", 1: "party"}


def test_merged_number_line_and_deadline_line() -> None:
    parts = split_row(Row((("فرمانداری", "۱ ماه", "۴"), (TEXT,))))
    assert (parts.number, parts.deadlines, parts.party, parts.text) == (4, ["۱ ماه"], ["فرمانداری"], [TEXT])


def test_deadline_on_the_text_cells_last_line() -> None:
    parts = split_row(Row((("۱",), (TEXT, "مستمر"), ("شهرداری",))))
    assert parts.deadlines == ["مستمر"]
    assert parts.text == [TEXT]


def test_a_deadline_cell_saying_more_stays_whole(calendar: WorkCalendar) -> None:
    parsed = _parse(_row("۱") + "| ۲ | " + TEXT + " | شهرداری | ۲ هفته<br>پس از ابلاغ |\n", calendar)
    r = parsed.resolutions[1]
    assert r.parties == ["شهرداری"]
    assert (r.deadline.raw, r.deadline.kind) == ("۲ هفته پس از ابلاغ", "unknown")
    assert r.problems == ['ردیف ۲: زمان اقدام خوانده نشد: "۲ هفته پس از ابلاغ"']


def test_missing_numbers_are_shortened_to_ranges() -> None:
    assert numbering_problems([1, 2, 9, 11]) == [texts.NUMBERING_MISSING.format(numbers="۳ تا ۸، ۱۰")]
    assert numbering_problems([3, None]) == [texts.NUMBERING_MISSING.format(numbers="۱، ۲")]
    assert numbering_problems([]) == []


@pytest.mark.parametrize(
    "labels",
    [
        ("شرح مصوبه", "مسئول پیگیری", "زمان انجام"),
        ("شرح مصوبه", "مسئول اجرا", "مهلت اجرا"),
        ("موضوع", "دستگاه مسئول", "مهلت"),
    ],
)
def test_other_offices_header_words_name_the_columns(calendar: WorkCalendar, labels: tuple[str, ...]) -> None:
    """Header words of other offices: with a text that content alone cannot tell from its party (no
    «مقرر گردید», shorter than the party), the header says which is which; reversed too."""
    text, party = "بررسی و گزارش شود.", "اداره کل آموزش و پرورش استان / کمیته امداد امام خمینی (ره) استان"
    header = "\t".join(("ردیف", *labels))
    for row in (f"۱\t{text}\t{party}\t۲ هفته", f"۲ هفته\t{party}\t{text}\t۱"):
        first = row.startswith("۱")
        lines = header if first else "\t".join(reversed(header.split("\t")))
        parsed = parse_minutes_text(f"{HEADERLESS}{lines}\n{row}\n", calendar)
        r = parsed.resolutions[0]
        assert (r.text, r.deadline.raw) == (text, "۲ هفته")
        assert r.parties == ["اداره کل آموزش و پرورش استان", "کمیته امداد امام خمینی (ره) استان"]
        assert parsed.all_problems() == []


def test_an_unknown_column_on_a_reversed_page_is_counted_once(calendar: WorkCalendar) -> None:
    header = "ردیف\tمصوبات\tاقدام کننده\tزمان اقدام\tکد پیگیری\n"
    rows = f"۱\t{TEXT}\tشهرداری\t۲ هفته\tک-۱۲\nک-۱۳\tیک ماه\tفرمانداری\t{TEXT}\t۲\n"
    parsed = parse_minutes_text(PREFACE + header + rows, calendar)
    assert [(r.number, r.parties, r.deadline.raw) for r in parsed.resolutions] == [
        (1, ["شهرداری"], "۲ هفته"),
        (2, ["فرمانداری"], "یک ماه"),
    ]
    assert parsed.problems == [texts.UNKNOWN_COLUMN.format(column="کد پیگیری", count="۲")]
