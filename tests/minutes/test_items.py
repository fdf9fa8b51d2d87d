"""Sub-item markers: «الف -»، «ب -» … inline or on their own lines, with guards against false positives."""

from __future__ import annotations

import pytest

from bot.minutes.items import split_items


def test_items_on_their_own_lines() -> None:
    split = split_items(["مقرر گردید: شهرداری :", "الف - اول.", "ب - دوم.", "ج - سوم."])
    assert split.text == "مقرر گردید: شهرداری :"
    assert split.items == ["اول.", "دوم.", "سوم."]


def test_inline_items() -> None:
    split = split_items(["مقرر گردید: دانشگاه : الف - اول انجام شود. ب - دوم انجام شود. پ - سوم."])
    assert split.text == "مقرر گردید: دانشگاه :"
    assert split.items == ["اول انجام شود.", "دوم انجام شود.", "سوم."]


@pytest.mark.parametrize("separator", ["-", "–", ")", ".", ":", "-"])
def test_separators(separator: str) -> None:
    text = f"متن الف{separator} اول ب{separator} دوم"
    assert split_items([text]).items == ["اول", "دوم"]


def test_glued_and_parenthesised_markers() -> None:
    assert split_items(["متن: الف-اول ب-دوم"]).items == ["اول", "دوم"]
    assert split_items(["متن: (الف) اول (ب) دوم"]).items == ["اول", "دوم"]


def test_skipped_letter_is_allowed() -> None:
    # Seed 002 row 2 goes الف ب ج چ د, skipping پ.
    lines = ["متن", "الف - ۱", "ب - ۲", "ج - ۳", "چ - ۴", "د - ۵"]
    assert split_items(lines).items == ["۱", "۲", "۳", "۴", "۵"]


def test_abjad_order() -> None:
    lines = ["متن", "الف - ۱", "ب - ۲", "ج - ۳", "د - ۴", "ه - ۵", "و - ۶"]
    assert split_items(lines).items == ["۱", "۲", "۳", "۴", "۵", "۶"]


def test_lines_after_an_item_belong_to_it() -> None:
    split = split_items(["متن:", "الف - اول", "ادامه اول", "ب - دوم"])
    assert split.items == ["اول\nادامه اول", "دوم"]


def test_paragraphs_of_text_stay_separate_lines() -> None:
    split = split_items(["بند   اول  متن.", "همچنین   دوم."])
    assert split.text == "بند اول متن.\nهمچنین دوم."
    assert split.items == []


@pytest.mark.parametrize(
    "text",
    [
        "مقرر گردید: بند ب - ماده ۵ رعایت شود.",  # no «الف» first
        "طبق بند الف - ماده ۵ اقدام شود.",  # a single marker is not a list
        "مطابق الف-۱ و ب-۲ آیین نامه اقدام شود.",  # references: a digit right after the separator
        "کتاب - دفتر - ب -",  # a letter inside a word is no marker
        "الف - اول. ت - آن. ب - این.",  # «ب» after «ت» breaks the chain …
    ],
)
def test_no_false_items(text: str) -> None:
    split = split_items([text])
    if text.startswith("الف - اول. ت"):
        # … so only «الف» and «ت» are items; «ب - این.» stays inside the second one.
        assert split.items == ["اول.", "آن. ب - این."]
    else:
        assert split.items == []
        assert split.text == text


def test_arabic_letter_forms() -> None:
    # The abjad order's tenth letter written with an Arabic yeh.
    letters = ["الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ي"]
    text = "متن " + " ".join(f"{letter} - بند {index}" for index, letter in enumerate(letters))
    assert split_items([text]).items == [f"بند {index}" for index in range(10)]


@pytest.mark.parametrize(
    "text",
    [
        "متن ألف - اول ب - دوم",  # alef with hamza, as Arabic keyboards write «الف»
        "متن إلف - اول ب - دوم",
        "متن الف - اول ﺏ - دوم",  # a presentation form, as PDF converters leave it
        # the abjad order's tenth and eleventh letters with an Arabic yeh and kaf
        "متن الف - اول ب - دوم ج - سوم د - چهار ه - پنج و - شش ز - هفت ح - هشت ط - نه ي - ده ك - یازده",
    ],
)
def test_markers_in_any_form_normalize_reads_as_the_letter(text: str) -> None:
    items = split_items([text]).items
    assert items[:2] == ["اول", "دوم"]
    assert len(items) == text.count(" - ")
