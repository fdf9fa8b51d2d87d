"""Persian alphabetical order."""

from __future__ import annotations

from storage.collation import persian_sort_key


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


def test_arabic_letter_forms_sort_with_their_persian_letters() -> None:
    assert persian_sort_key("كرج")[0] == persian_sort_key("کرج")[0]
    assert persian_sort_key("علي")[0] == persian_sort_key("علی")[0]


def test_spaces_then_digits_then_letters() -> None:
    words = ["منطقه ۲", "منطقه 10", "منطقه‌ای", "منطقه", "منطقه ۱"]
    assert sorted(words, key=persian_sort_key) == ["منطقه", "منطقه ۱", "منطقه 10", "منطقه ۲", "منطقه‌ای"]


def test_diacritics_do_not_change_the_order() -> None:
    assert persian_sort_key("مُدیریت")[0] == persian_sort_key("مدیریت")[0]
