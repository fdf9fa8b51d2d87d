from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.persian import (
    ARABIC_INDIC_DIGITS,
    LATIN_DIGITS,
    PERSIAN_DIGITS,
    fa,
    no_space_key,
    normalize,
    persian_sort_key,
    squash_spaces,
    strip_bidi,
    to_latin_digits,
    to_persian_digits,
)

ALL_DIGITS = LATIN_DIGITS + PERSIAN_DIGITS + ARABIC_INDIC_DIGITS
_TO_ARABIC = str.maketrans(LATIN_DIGITS + PERSIAN_DIGITS, ARABIC_INDIC_DIGITS * 2)


def to_arabic_digits(s: str) -> str:
    return s.translate(_TO_ARABIC)


def test_to_latin_digits_handles_persian_and_arabic_indic() -> None:
    assert to_latin_digits("۱۴۰۱/۰۶/۱۰") == "1401/06/10"
    assert to_latin_digits("١٤٠١-٠٦-١٠") == "1401-06-10"
    assert to_latin_digits("ردیف ۳ و ٤ و 5") == "ردیف 3 و 4 و 5"


def test_to_persian_digits_handles_latin_and_arabic_indic() -> None:
    assert to_persian_digits("1401/06/10") == "۱۴۰۱/۰۶/۱۰"
    assert to_persian_digits("١٤٠١-٠٦") == "۱۴۰۱-۰۶"
    assert to_persian_digits("ساعت 9:30") == "ساعت ۹:۳۰"


@given(st.text(alphabet=ALL_DIGITS + "/-: ابپ", max_size=30))
def test_digit_round_trips(text: str) -> None:
    latin = to_latin_digits(text)
    persian = to_persian_digits(text)
    arabic = to_arabic_digits(text)
    assert not set(latin) & set(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)
    assert not set(persian) & set(LATIN_DIGITS + ARABIC_INDIC_DIGITS)
    assert not set(arabic) & set(LATIN_DIGITS + PERSIAN_DIGITS)
    assert to_latin_digits(persian) == latin
    assert to_latin_digits(arabic) == latin
    assert to_persian_digits(latin) == persian
    assert to_persian_digits(arabic) == persian
    assert to_arabic_digits(latin) == arabic


@given(st.integers(min_value=0, max_value=10**12))
def test_numbers_survive_persian_digits(n: int) -> None:
    assert int(to_latin_digits(fa(n))) == n
    assert int(to_latin_digits(to_arabic_digits(str(n)))) == n


@pytest.mark.parametrize(
    "mark",
    [
        "\u200e",
        "\u200f",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u202e",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u061c",
        "\ufeff",
    ],
)
def test_strip_bidi_removes_each_control(mark: str) -> None:
    assert strip_bidi(f"{mark}۱۴۰۱/۰۶/۱۰{mark}") == "۱۴۰۱/۰۶/۱۰"


def test_strip_bidi_keeps_zwnj_and_text() -> None:
    assert strip_bidi("\u200fدستگاه\u200cهای\u200e") == "دستگاه\u200cهای"


def test_squash_spaces() -> None:
    assert squash_spaces("  فرمانداری\u00a0\u00a0شهرستان\t\n کرج  ") == "فرمانداری شهرستان کرج"
    assert squash_spaces("\u00a0 \n") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كميته امداد", "کمیته امداد"),  # Arabic kaf and yeh
        ("مصطفى", "مصطفی"),  # alef maksura
        ("خانۀ سلامت", "خانه سلامت"),
        ("مدرسة", "مدرسه"),
        ("آموزش و پرورش", "اموزش و پرورش"),
        ("أحمد إمام", "احمد امام"),
        ("مؤسسه", "موسسه"),
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("هٰذا", "هذا"),  # superscript alef
        ("امـــــور", "امور"),  # tatweel
        ("دستگاه\u200cهای اجرایی", "دستگاه های اجرایی"),  # ZWNJ → space
        ("\u200f۱۴۰۱/٠٦/۱۰\u200e", "1401/06/10"),
        ("  شهرداری\u00a0\u00a0کمالشهر ", "شهرداری کمالشهر"),
        ("ا\u0654", "ا"),  # decomposed alef + hamza above: NFKC composes أ, then it maps to ا
        ("Friday", "friday"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_presentation_forms_give_the_same_letters() -> None:
    # U+FEF1/U+FEF2 are presentation forms of the Arabic ي, U+FBFC/U+FBFD of the Persian ی, U+FEDB of ك:
    # NFKC turns them into base letters first, the mapping then gives one Persian letter either way.
    assert normalize("\ufef1") == normalize("\ufbfc") == normalize("ي") == "ی"
    assert normalize("\ufedb\ufbfe") == normalize("کی") == "کی"
    assert normalize("\ufef7") == "لا"  # lam-alef with hamza ligature → لأ → لا


def test_no_space_key() -> None:
    assert no_space_key("دستگاه\u200cهای اجرايي") == no_space_key("دستگاههای اجرایی") == "دستگاههایاجرایی"
    assert no_space_key("  ") == ""


@given(st.text(max_size=60))
def test_normalize_is_idempotent_and_total(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once
    assert not set(once) & set("يكىةۀأإآؤ\u0640\u200c\u200f" + PERSIAN_DIGITS + ARABIC_INDIC_DIGITS)
    assert unicodedata.is_normalized("NFKC", once)
    assert " " not in no_space_key(text)


# --- Persian alphabetical order ------------------------------------------------------------------------


def test_persian_letters_follow_the_persian_alphabet() -> None:
    words = ["ژاله", "گلستان", "چمران", "پلیس", "کرج", "آب", "یزد", "ورزش", "ارشاد", "بهزیستی"]
    assert sorted(words, key=persian_sort_key) == [
        "آب",
        "ارشاد",
        "بهزیستی",
        "پلیس",
        "چمران",
        "ژاله",
        "کرج",
        "گلستان",
        "ورزش",
        "یزد",
    ]


def test_alef_madda_sorts_before_alef() -> None:
    assert sorted(["اب", "آب", "ب"], key=persian_sort_key) == ["آب", "اب", "ب"]
    assert persian_sort_key("آب")[0] == persian_sort_key("ا\u0653ب")[0]  # decomposed آ


@pytest.mark.parametrize(
    ("arabic", "persian"),
    [
        ("كرج", "کرج"),
        ("علي", "علی"),
        ("مصطفى", "مصطفی"),
        ("مدرسة", "مدرسه"),
        ("خانۀ", "خانه"),
        ("مؤسسه", "موسسه"),
        ("أمور", "امور"),
        ("مسئول", "مسیول"),
    ],
)
def test_arabic_letter_forms_sort_with_their_persian_letters(arabic: str, persian: str) -> None:
    assert persian_sort_key(arabic)[0] == persian_sort_key(persian)[0]


def test_spaces_then_digits_then_letters() -> None:
    words = ["منطقه ۲", "منطقه 10", "منطقه\u200cای", "منطقه", "منطقه ۱"]
    assert sorted(words, key=persian_sort_key) == ["منطقه", "منطقه ۱", "منطقه 10", "منطقه ۲", "منطقه\u200cای"]
    assert persian_sort_key("منطقه ٣")[0] == persian_sort_key("منطقه 3")[0]


def test_diacritics_and_marks_do_not_change_the_order() -> None:
    assert persian_sort_key("مُدیریت")[0] == persian_sort_key("مدیریت")[0]
    assert persian_sort_key("\u200fامـــور")[0] == persian_sort_key("امور")[0]


@given(st.lists(st.text(max_size=12), max_size=8))
def test_sort_key_orders_totally(texts: list[str]) -> None:
    ordered = sorted(texts, key=persian_sort_key)
    assert sorted(reversed(ordered), key=persian_sort_key) == ordered


def test_persian_decimal_drops_a_zero_fraction() -> None:
    from bot.domain.persian import persian_decimal

    assert persian_decimal(56.5) == "۵۶٫۵"
    assert persian_decimal(37.0) == "۳۷" and persian_decimal(40.04) == "۴۰"
    assert persian_decimal(2.25, 2) == "۲٫۲۵" and persian_decimal(0.5) == "۰٫۵"


def test_persian_list_joins_with_the_persian_comma() -> None:
    from bot.domain.persian import persian_list

    assert persian_list(["شهرداری", "فرمانداری"]) == "شهرداری، فرمانداری" and persian_list([]) == ""


def test_utf16_len_counts_as_the_platforms_do() -> None:
    from bot.domain.persian import utf16_len

    assert utf16_len("") == 0
    assert utf16_len("abc") == 3
    assert utf16_len("سلام") == 4
    assert utf16_len("🎉") == 2 and len("🎉") == 1
    assert utf16_len("🎉" * 2100) == 4200  # over a message's 4,096 although 2,100 characters
    assert utf16_len("a\ud800") == 2  # a lone surrogate is one unit and does not raise


@given(st.text(), st.integers(min_value=0, max_value=60))
def test_cut_utf16_is_the_longest_start_within_the_limit(text: str, limit: int) -> None:
    from bot.domain.persian import cut_utf16, utf16_len

    cut = cut_utf16(text, limit)
    assert text.startswith(cut)
    assert utf16_len(cut) <= limit
    if cut != text:  # one more character would not fit
        assert utf16_len(text[: len(cut) + 1]) > limit


def test_cut_utf16_never_splits_an_emoji() -> None:
    from bot.domain.persian import cut_utf16

    assert cut_utf16("a🎉b", 2) == "a"
    assert cut_utf16("a🎉b", 3) == "a🎉"
    assert cut_utf16("🎉", 1) == ""
    assert cut_utf16("abc", 0) == ""


def test_shorten_counts_utf16_units_and_ends_with_an_ellipsis() -> None:
    from bot.domain.persian import shorten, utf16_len

    assert shorten("🎉" * 3, 6) == "🎉" * 3
    assert shorten("🎉" * 10, 6) == "🎉🎉…"
    assert shorten("🎉" * 10, 4) == "🎉…"  # 3 units: half an emoji is left out, not cut
    long = shorten("🎉" * 2100, 80)
    assert utf16_len(long) <= 80 and long.endswith("…")


def test_quote_puts_what_a_person_wrote_on_one_short_line() -> None:
    from bot.domain.persian import QUOTE_LIMIT, quote, utf16_len

    assert quote("  شهرداری\n کمالشهر ") == "شهرداری کمالشهر"
    assert utf16_len(quote("🎉" * 2100)) <= QUOTE_LIMIT
    assert utf16_len(quote("x" * 500, 40)) == 40
