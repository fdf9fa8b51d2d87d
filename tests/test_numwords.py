"""Persian number words, cardinal and ordinal, 1..999 (bot.domain.numwords)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.numwords import (
    CARDINALS,
    cardinal_at,
    cardinal_value,
    combine,
    ordinal_word_value,
    ordinals_in,
    parse_cardinal,
    parse_ordinal,
    words,
)

_UNITS = ["", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"]
_TEENS = ["ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده"]
_TENS = ["", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
_HUNDREDS = ["", "صد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد"]


def cardinal_words(n: int) -> str:
    """A straightforward writer of Persian cardinals, to check the reader against."""
    parts: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        parts.append(_HUNDREDS[hundreds])
    if 10 <= rest < 20:
        parts.append(_TEENS[rest - 10])
    else:
        tens, units = divmod(rest, 10)
        if tens:
            parts.append(_TENS[tens])
        if units:
            parts.append(_UNITS[units])
    return " و ".join(parts)


def ordinal_words(n: int) -> str:
    """«…مین»: the suffix goes on the last word, «سه» becomes «سو», «سی» takes «امین»."""
    text = cardinal_words(n)
    head, _, last = text.rpartition(" و ")
    if last == "سه":
        last = "سو"
    last += "امین" if last == "سی" else "مین"
    return f"{head} و {last}" if head else last


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("اولین", 1),
        ("نخستین", 1),
        ("یکمین", 1),
        ("دومین", 2),
        ("سومین", 3),
        ("سوم", 3),
        ("نهم", 9),
        ("دهمین", 10),
        ("نوزدهمین", 19),
        ("بیستمین", 20),
        ("بیست و سومین", 23),
        ("سی امین", 30),
        ("سی‌امین", 30),  # with a ZWNJ
        ("سیامین", 30),  # ZWNJ lost, as in the seeds
        ("سی‌ام", 30),
        ("سی و یکمین", 31),
        ("صدمین", 100),
        ("یکصدمین", 100),
        ("صد و یکمین", 101),
        ("صد و بیست و سومین", 123),
        ("سیصد و چهل و پنجم", 345),
        ("نهصد و نود و نهمین", 999),
        ("بيست و هشتمين", 28),  # Arabic yeh
        ("هیفدهمین", 17),  # spoken variants
        ("هیجدهم", 18),
        ("پونزدهمین", 15),
        ("شیشمین", 6),
    ],
)
def test_known_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("n", range(1, 1000))
def test_every_number_round_trips(n: int) -> None:
    assert parse_ordinal(ordinal_words(n)) == n
    assert parse_cardinal(cardinal_words(n)) == n


@pytest.mark.parametrize(
    "text",
    ["", "جلسه", "سیمین", "سیم", "نام", "سه و بیستمین", "ده و یکمین", "بیست و اول", "بیست و", "یک هزارمین"],
)
def test_not_ordinals(text: str) -> None:
    assert parse_ordinal(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("یک", 1),
        ("شیش", 6),
        ("ده", 10),
        ("پونزده", 15),
        ("هیفده", 17),
        ("هیجده", 18),
        ("بیست و پنج", 25),
        ("يكصد و بيست", 120),  # Arabic kaf and yeh
        ("صد و ده", 110),
        ("نهصد و نود و نه", 999),
    ],
)
def test_known_cardinals(text: str, value: int) -> None:
    assert parse_cardinal(text) == value


@pytest.mark.parametrize(
    "text", ["", "و", "بیست و", "و بیست", "سه و بیست", "ده و یک", "بیست سه", "صد و صد", "بیست و بیست", "هزار"]
)
def test_not_cardinals(text: str) -> None:
    assert parse_cardinal(text) is None


def test_cardinal_at_takes_the_longest_valid_compound() -> None:
    assert cardinal_at(["بیست", "و", "پنج", "روز"], 0) == (25, 3)
    assert cardinal_at(["تا", "صد", "و", "بیست", "و", "یک", "روز"], 1) == (121, 6)
    assert cardinal_at(["سه", "و", "بیست"], 0) == (3, 1)  # a «و» that starts no valid compound stays
    assert cardinal_at(["ده", "و", "یک"], 0) == (10, 1)
    assert cardinal_at(["بیست", "و"], 0) == (20, 1)
    assert cardinal_at(["روز"], 0) is None
    assert cardinal_at(["یک"], 1) is None
    assert cardinal_at(["یک"], -1) is None


def test_single_words_and_combine() -> None:
    assert cardinal_value("بیست") == 20 and cardinal_value("بیستم") is None
    assert ordinal_word_value("بیستم") == 20 and ordinal_word_value("بیست") is None
    assert combine([300, 40, 5]) == 345
    assert combine([5, 40]) is None
    assert combine([15, 1]) is None
    assert all(" " not in word for word in CARDINALS)


def test_words_joins_a_detached_am() -> None:
    assert words("سی‌امین جلسه") == ["سیامین", "جلسه"]
    assert words("سی ام") == ["سیام"]
    assert words("ام") == ["ام"]


def test_ordinals_in_finds_every_ordinal() -> None:
    tokens = words("نوزدهمین صورتجلسه و بیست و سومین جلسه")
    assert ordinals_in(tokens) == [(0, 1, 19), (3, 6, 23)]
    assert ordinals_in(words("بیست و اولین")) == []  # «اولین» never ends a compound


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["", " روز", " هفته"]))
def test_cardinal_at_reads_a_written_number(n: int, tail: str) -> None:
    tokens = words(cardinal_words(n) + tail)
    assert cardinal_at(tokens, 0) == (n, len(tokens) - (1 if tail else 0))
