"""Minutes in the seeds' shapes, written for these tests (tests/fixtures/minutes)."""

from __future__ import annotations

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, ParsedResolution, parse_minutes_file
from tests.minutes.conftest import FIXTURES


def _parse(name: str, calendar: WorkCalendar) -> ParsedMinutes:
    return parse_minutes_file(FIXTURES / name, calendar)


def _deadline(r: ParsedResolution) -> tuple[str, str, str | None]:
    return r.deadline.raw, r.deadline.kind, jalali_str(r.deadline.due) if r.deadline.due else None


def test_markdown_with_arabic_letters_digits_and_br(calendar: WorkCalendar) -> None:
    parsed = _parse("markdown_arabic.md", calendar)
    assert parsed.meeting.number == 28
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1402/02/28"
    assert parsed.meeting.title == "بيست و هشتمين صورتجلسه قرارگاه اجتماعي استان"  # as written
    assert [r.number for r in parsed.resolutions] == [1, 2, 3, 4, 5]
    assert parsed.problems == []

    one, two, three, four, five = parsed.resolutions
    assert one.text == "مقرر گرديد: براي كاهش ترك تحصيل در محلات هدف:"
    assert one.items == [
        "فهرست دانش آموزان بازمانده از تحصيل تا پايان خرداد تهيه شود.",
        "كلاس هاي جبراني تابستاني در مدارس محلات هدف برگزار گردد.",
        "خانواده هاي نيازمند براي دريافت كمك هزينه تحصيلي معرفي شوند.",
    ]
    # «،» and «/» split; «و» never does.
    assert one.parties == ["آموزش و پرورش", "اداره كل بهزيستي", "كميته امداد امام خميني (ره)"]
    assert _deadline(one) == ("٢ هفته", "relative", "1402/03/11")

    assert two.text == (
        "مقرر گرديد: شهرداري كمالشهر نسبت به ايمن سازي زمين بازي محله گلدشت اقدام نمايد.\n"
        "نتيجه در جلسه آتي قرارگاه گزارش گردد."
    )
    # 1402/03/19 is a Friday: due the Saturday after.
    assert _deadline(two) == ("۱۴۰۲/۰۳/۱۹", "date", "1402/03/20")

    # A hyphen inside parentheses does not split.
    assert three.parties == ["فرمانداري شهرستان كرج", "اداره كل راه و شهرسازي (معاونت عمراني - دفتر فني)"]
    # 1402/03/14 and 03/15 are official holidays (Khomeini's death, 15 Khordad): due 1402/03/16.
    assert _deadline(three) == ("۱۴۰۲/۰۳/۱۴", "date", "1402/03/16")
    assert three.deadline.raw_due is not None and jalali_str(three.deadline.raw_due) == "1402/03/14"

    assert four.parties == ["اداره كل ورزش و جوانان", "سازمان آموزش فني و حرفه اي", "جناب آقاي رضايي"]
    assert _deadline(four) == ("يك ماه", "relative", "1402/03/28")

    # An unreadable deadline is kept, flagged, and never guessed.
    assert five.parties == ["دبيرخانه قرارگاه"]
    assert _deadline(five) == ("هر چه سريعتر", "unknown", None)
    assert five.problems == ['ردیف ۵: زمان اقدام خوانده نشد: "هر چه سريعتر"']
    for r in (one, two, three, four):
        assert r.problems == []


def test_tabs_p_blocks_reversed_page_and_continuation(calendar: WorkCalendar) -> None:
    parsed = _parse("tabs_reversed.txt", calendar)
    assert parsed.meeting.number == 33
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1402/04/07"
    assert [r.number for r in parsed.resolutions] == [1, 2, 3, 4, 5]
    assert parsed.all_problems() == []
    one, two, three, four, five = parsed.resolutions

    assert one.parties == ["کمیته امداد امام خمینی (ره)"]
    assert _deadline(one) == ("۱ هفته", "relative", "1402/04/14")

    # Row 2 was cut by a page break in the middle of a sentence and of a party's name.
    assert two.text == (
        "مقرر گردید: اداره کل بهزیستی استان با همکاری شهرداری نسبت به شناسایی کودکان کار در محلات هدف "
        "اقدام و گزارش آن را هر ماه به دبیرخانه قرارگاه ارسال نماید."
    )
    assert two.parties == ["اداره کل بهزیستی", "سازمان مردم نهاد جوانان امید"]
    assert _deadline(two) == ("مستمر", "ongoing", None)

    # Row 3: party and deadline merged in one cell as two <p> lines; two paragraphs of text.
    assert three.parties == ["اداره کل ورزش و جوانان استان"]
    assert three.text == (
        "مقرر گردید: اداره کل ورزش و جوانان استان برای راه اندازی زمین ورزشی محله گلدشت اقدام نماید.\n"
        "هزینه از محل اعتبارات استانی تامین می شود."
    )
    # 1402/04/07 + 10 days = 04/17, a Saturday and a working day.
    assert _deadline(three) == ("۱۰ روز", "relative", "1402/04/17")

    # Rows 4 and 5 come reversed (deadline, party, text, number); row 4 has «الف)» items inline.
    assert four.text == "مقرر گردید: شرکت آب و فاضلاب استان :"
    assert four.items == [
        "لوله کشی آب شرب کوچه های باقیمانده محله حصار انجام شود.",
        "شکایات اهالی در خصوص افت فشار آب بررسی گردد.",
    ]
    assert four.parties == ["شرکت آب و فاضلاب استان"]
    assert _deadline(four) == ("۲ هفته", "relative", "1402/04/21")
    assert five.parties == ["فرمانداری شهرستان کرج", "بخشداری مرکزی"]
    # 1402/04/16 is a Friday and Eid al-Ghadir: due Saturday 04/17.
    assert _deadline(five) == ("۱۴۰۲/۰۴/۱۶", "date", "1402/04/17")


def test_html_table(calendar: WorkCalendar) -> None:
    parsed = _parse("table.html", calendar)
    assert parsed.meeting.number == 40
    assert parsed.meeting.title == "چهلمین صورتجلسه قرارگاه اجتماعی استان"  # the <h1>: no «موضوع:» line
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1402/05/04"
    # The attendance table after the resolutions is not read as resolutions.
    assert [r.number for r in parsed.resolutions] == [1, 2, 3]
    assert parsed.all_problems() == []
    one, two, three = parsed.resolutions
    assert one.text == "مقرر گردید: شرکت توزیع برق استان :"
    assert one.items == [
        "روشنایی معابر اصلی محله حصار تا پایان مرداد تکمیل شود.",
        "تیرهای فرسوده محله گلدشت تعویض گردد.",  # &nbsp; is a space
    ]
    assert _deadline(one) == ("۳ هفته", "relative", "1402/05/25")
    # The deadline cell spans rows 1 and 2 (rowspan); <br> splits lines; &amp; is decoded.
    assert (
        two.text
        == "مقرر گردید: شهرداری کمالشهر با همکاری شرکت توزیع برق & روشنایی پارک محله را\nتامین نماید."
    )
    assert two.parties == ["شهرداری کمالشهر", "شرکت توزیع برق استان"]
    assert _deadline(two) == ("۳ هفته", "relative", "1402/05/25")
    # Unclosed <td> tags.
    assert three.parties == ["اداره کل آموزش و پرورش استان"]
    assert _deadline(three) == ("مستمر", "ongoing", None)


def test_table_without_header_row(calendar: WorkCalendar) -> None:
    parsed = _parse("no_header.txt", calendar)
    assert parsed.meeting.number == 45  # «صورتجلسه شماره ۴۵»
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1402/06/08"
    assert parsed.meeting.title == "صورتجلسه شماره ۴۵ قرارگاه اجتماعی استان"
    assert [r.number for r in parsed.resolutions] == [1, 2, 3]
    assert parsed.all_problems() == []
    assert parsed.resolutions[1].parties == ["شهرداری کمالشهر", "اداره کل آموزش و پرورش"]
    assert _deadline(parsed.resolutions[1]) == ("۲ ماه", "relative", "1402/08/08")
    assert _deadline(parsed.resolutions[2]) == ("مستمر", "ongoing", None)
