"""Persian ordinal and cardinal words, 1..999."""

from __future__ import annotations

import pytest

from bot.minutes.ordinals import parse_cardinal, parse_ordinal

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
    words = cardinal_words(n)
    head, _, last = words.rpartition(" و ")
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
    ],
)
def test_known_ordinals(text: str, value: int) -> None:
    assert parse_ordinal(text) == value


@pytest.mark.parametrize("n", range(1, 1000))
def test_every_ordinal_round_trips(n: int) -> None:
    assert parse_ordinal(ordinal_words(n)) == n
    assert parse_cardinal(cardinal_words(n)) == n


@pytest.mark.parametrize(
    "text",
    ["", "جلسه", "سیمین", "سیم", "نام", "سه و بیستمین", "ده و یکمین", "بیست و اول", "بیست و", "یک هزارمین"],
)
def test_not_ordinals(text: str) -> None:
    assert parse_ordinal(text) is None
