"""The two real minutes (seeds 000 and 002) parse exactly: every row, text, item, party and deadline."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.jalali import jalali_str
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, ParsedResolution, parse_minutes_file
from tests.minutes.conftest import seed_path


@pytest.fixture(scope="module")
def seed_000() -> ParsedMinutes:
    return parse_minutes_file(seed_path("000"), WorkCalendar(weekend=(4,)))


@pytest.fixture(scope="module")
def seed_002() -> ParsedMinutes:
    return parse_minutes_file(seed_path("002"), WorkCalendar(weekend=(4,)))


def _deadline(r: ParsedResolution) -> tuple[str, str, int | None, str | None, str | None]:
    d = r.deadline
    return d.raw, d.kind, d.amount, d.unit, jalali_str(d.due) if d.due else None


# --- seed 000: a markdown pipe table ------------------------------------------------------------------


def test_000_meeting(seed_000: ParsedMinutes) -> None:
    meeting = seed_000.meeting
    assert meeting.number == 23
    assert meeting.held_on is not None and jalali_str(meeting.held_on) == "1401/08/05"
    assert meeting.title == "بیست و سومین صورتجلسه قرارگاه اجتماعی استان"
    assert seed_000.problems == []


def test_000_resolutions(seed_000: ParsedMinutes) -> None:
    assert [r.number for r in seed_000.resolutions] == [1, 2]
    for r in seed_000.resolutions:
        assert r.parties == ["دبیرخانه قرارگاه اجتماعی استانداری"]
        assert r.items == []
        assert r.problems == []
        # One Jalali month from 1401/08/05 is 1401/09/05, a Saturday and a working day.
        assert _deadline(r) == ("یک ماه", "relative", 1, "month", "1401/09/05")
    first, second = seed_000.resolutions
    assert first.text.startswith("با عنایت به تفاهم نامه های منعقد شده فی مابین ستاد محرومیت زدایی")
    assert first.text.endswith("نسبت به اجرای مفاد آنها در استان اقدام لازم معمول گردد.")
    assert second.text.startswith("با عنایت به توضیحات ارائه شده توسط جناب آقای دکتر آقامحمدی")
    assert second.text.endswith("معاون آموزشی ستاد محرومیت زدایی وزارت کشور برگزار و اتخاذ تصمیم گردد.")


def test_000_json_shape(seed_000: ParsedMinutes) -> None:
    data = seed_000.to_json()
    assert set(data) == {"meeting", "resolutions", "problems"}
    assert data["meeting"] == {
        "number": 23,
        "date": "1401/08/05",
        "title": "بیست و سومین صورتجلسه قرارگاه اجتماعی استان",
    }
    resolutions = data["resolutions"]
    assert isinstance(resolutions, list)
    assert set(resolutions[0]) == {
        "number",
        "text",
        "items",
        "parties",
        "deadline",
        "agency_deadlines",
        "note",
        "problems",
    }
    assert (resolutions[0]["agency_deadlines"], resolutions[0]["note"]) == ([], "")
    assert resolutions[0]["deadline"] == {
        "raw": "یک ماه",
        "kind": "relative",
        "amount": 1,
        "unit": "month",
        "due": "1401/09/05",
    }
    assert seed_000.source_name.startswith("000_")
    assert len(seed_000.source_sha256) == 64


# --- seed 002: tab-separated rows, <p> cells, a page break and a reversed page -------------------------


def test_002_meeting(seed_002: ParsedMinutes) -> None:
    assert seed_002.meeting.number == 19
    assert seed_002.meeting.held_on == date(2022, 9, 1)  # 1401/06/10, a Thursday
    assert seed_002.meeting.title == "نوزدهمین صورتجلسه قرارگاه اجتماعی استان"
    assert seed_002.all_problems() == []


def test_002_numbers(seed_002: ParsedMinutes) -> None:
    assert [r.number for r in seed_002.resolutions] == list(range(1, 10))


EXPECTED_002: dict[int, tuple[list[str], tuple[str, str, int | None, str | None, str | None]]] = {
    1: (["مسئولین کمیته های ذیل قرارگاه"], ("۲ هفته", "relative", 2, "week", "1401/06/24")),
    2: (
        ["فرمانداری کرج", "شهرداری کمالشهر", "کمیته خدمات شهری", "شرکت توزیع برق استان"],
        ("مستمر", "ongoing", None, None, None),
    ),
    3: (["فرمانداری شهرستان کرج"], ("۱ هفته", "relative", 1, "week", "1401/06/17")),
    4: (["مدیر محله شهرک امیرالمومنین (ع)"], ("۲ هفته", "relative", 2, "week", "1401/06/24")),
    5: (["نیروی انتظامی استان"], ("۳ هفته", "relative", 3, "week", "1401/06/31")),
    6: (["معاون محترم هماهنگی امور عمرانی"], ("۱ ماه", "relative", 1, "month", "1401/07/10")),
    7: (["دانشگاه علوم پزشکی"], ("۳ هفته", "relative", 3, "week", "1401/06/31")),
    8: (["اداره کل امور شهری و شوراهای استانداری"], ("۲ هفته", "relative", 2, "week", "1401/06/24")),
    9: (["مدیران دستگاه های اجرایی"], ("۲ هفته", "relative", 2, "week", "1401/06/24")),
}


@pytest.mark.parametrize("number", sorted(EXPECTED_002))
def test_002_parties_and_deadlines(seed_002: ParsedMinutes, number: int) -> None:
    resolution = seed_002.resolutions[number - 1]
    parties, deadline = EXPECTED_002[number]
    assert resolution.number == number
    assert resolution.parties == parties
    assert _deadline(resolution) == deadline
    assert resolution.problems == []


def test_002_row_1(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[0]
    assert r.text.startswith("مقرر گردید: مسائل و مشکلات احصاء شده توسط مدیر محله شهرک امیر المومنین (ع)")
    assert "نتیجه را در ۲ هفته آتی در قرارگاه گزارش نمایند." in r.text
    assert r.text.endswith("به پیوست جهت اطلاع و بهره برداری ارسال میگردد.")
    assert r.items == []


def test_002_row_2_joined_across_the_page_break(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[1]
    assert r.text == "مقرر گردید: شهرداری کمالشهر :"
    assert r.items == [
        "مسائل مطرح شده توسط مدیر محله شهرک امیرالمومنین (ع) در دستور کار شهردار قرار گیرد و به صورت ویژه "
        "برای رفع مشکلات مذکور اقدام و در صورت نیاز از طریق فرمانداری کرج جلسات هماهنگی برگزار گردد.",
        "در خصوص تامین مکان برای مرکز جامع سلامت در شهرک امیرالمومنین (ع) بررسی و مساعدت لازم به عمل آورد.",
        "در خصوص مبلمان شهری کمالشهر ، پاکداشت محیط شهری و رفع خاموشی ها معابر و سایر اقدامات مورد نیاز "
        "برای تغییر وضعیت فعلی کمالشهر اقدام گردد.",
        "از گسترش ساخت و ساز های غیر مجاز جلوگیری گردد.",
        "جلسه ای با محوریت کمیته خدمات شهری و با حضور شهرداری ، اداره کل برق استان و شهرستان و دستگاههای "
        "مربوطه برگزار و نتیجه به دبیرخانه قرارگاه ارائه گردد.",
    ]


def test_002_row_3_merged_party_and_deadline_two_paragraphs(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[2]
    assert r.text == (
        "مقرر گردید: فرمانداری شهرستان کرج در کمیته تطبیق ، نسبت به تجدید نظر مصوبه شورای اسلامی مبنی بر "
        "امکان دارای قرارداد اجاره با اداره کل اوقاف برای اخذ پروانه اقدام و اتخاذ تدبیر نماید.\n"
        "همچنین با تشکیل جلسه با دستگاه های خدمات رسان در ارائه مطلوب خدمات در کمالشهر ، نظارت و راهبری "
        "لازم به عمل آورد."
    )
    assert r.items == []


def test_002_row_4_items_in_paragraphs(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[3]
    assert r.text == "مقرر گردید: مدیر محله شهرک امیرالمومنین (ع) :"
    assert r.items == [
        "با نصب بنر و تشکیل نشست های محلی برای تشویق اهالی برای تنظیم اجاره نامه با اوقاف در اراضی موقوفه "
        "و دریافت پروانه ساختمان از شهرداری اقدام نماید.",
        "با احصاء آمار مستند از وضعیت کودکان کار، مراکز خرید و فروش مواد مخدر و ضایعات و همچنین معتادین "
        "متجاهر ، گزارش مستند به حوزه دادستان محترم مرکز استان اقدام نماید.",
    ]


def test_002_rows_5_and_6(seed_002: ParsedMinutes) -> None:
    five, six = seed_002.resolutions[4], seed_002.resolutions[5]
    assert five.text == (
        "مقرر گردید: نیروی انتظامی استان با استقرار کانکس و تقویت گشت های انتظامی اقدام لازم معمول و "
        "نتیجه را به دبیرخانه قرارگاه گزارش نماید."
    )
    assert six.text.startswith("مقرر گردید: معاون محترم هماهنگی امور عمرانی با تشکیل تیم های کارشناسی")
    assert six.text.endswith("نسبت به پیگیری رفع مسائل و مشکلات موجود اقدام نماید.")
    assert five.items == six.items == []


def test_002_row_7_inline_items(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[6]
    assert r.text == "مقرر گردید: دانشگاه علوم پزشکی :"
    assert r.items == [
        "برای راه اندازی مرکز جامع سلامت ، پیگیری و اقدام لازم به عمل آورد.",
        "هماهنگی لازم برای استقرار پزشک در شهرک امیرالمومنین (ع) را معمول نماید.",
        "تدابیر لازم برای داروخانه شبانه روزی کمالشهر را انجام نماید.",
    ]


def test_002_row_8_parentheses_and_a_deadline_phrase_in_the_text(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[7]
    assert r.items == []
    assert r.text.startswith("مقرر گردید: اداره کل امور شهری و شوراهای استانداری با حضور در کمالشهر")
    assert "(مشکلات شهرک امیرالمومنین (ع) توسط مدیر محله و مشکلات کلی شهر" in r.text
    assert r.text.endswith("و نتیجه در ۲ هفته آتی در جلسه قرارگاه گزارش گردد.")


def test_002_row_9(seed_002: ParsedMinutes) -> None:
    r = seed_002.resolutions[8]
    assert r.text.startswith("مقرر گردید: کلیه مدیران دستگاه های اجرایی ضمن حضور در کمالشهر")
    assert r.text.endswith("اقدامات انجام شده به منظور جمع بندی به دبیرخانه قرارگاه گزارش گردد.")


def test_002_json_matches_the_guide_example(seed_002: ParsedMinutes) -> None:
    resolutions = seed_002.to_json()["resolutions"]
    assert isinstance(resolutions, list)
    row_2 = resolutions[1]
    assert row_2["number"] == 2
    assert row_2["text"] == "مقرر گردید: شهرداری کمالشهر :"
    assert row_2["deadline"] == {"raw": "مستمر", "kind": "ongoing", "amount": None, "unit": None, "due": None}
    assert row_2["problems"] == []
