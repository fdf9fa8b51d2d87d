"""Persian number words, cardinal and ordinal, 1..999: «بیست و پنج» = 25, «نوزدهمین» = 19.

One table for the whole program: the minutes header reads the meeting's ordinal («بیست و سومین
صورتجلسه»), deadlines read amounts in words («بیست و پنج روز»).

Ordinals are a cardinal plus «م» / «مین» («سوم» from «سه», «سی‌ام»/«سی‌امین» for 30); «اول»,
«اولین», «نخست», «نخستین» and «یکم» are 1. A compound is joined with «و» from the largest part down:
«صد و یکمین» = 101, «سیصد و چهل و پنجم» = 345. Spoken variants are read too («شیش», «پونزده»,
«هیفده», «هیجده»). Words are compared after ``bot.domain.persian.normalize``, so Arabic letter forms and ZWNJ
(«سی‌امین» → «سی امین») are handled; functions that take tokens expect them normalised already.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.domain.persian import normalize

__all__ = [
    "AND",
    "CARDINALS",
    "cardinal_at",
    "cardinal_value",
    "combine",
    "ordinal_word_value",
    "ordinals_in",
    "parse_cardinal",
    "parse_ordinal",
    "words",
]

#: The «و» that joins the parts of a compound number.
AND = "و"

_UNITS = {
    "یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "شیش": 6, "هفت": 7, "هشت": 8, "نه": 9,
}  # fmt: skip
_TEENS = {
    "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
    "شانزده": 16, "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19,
}  # fmt: skip
_TENS = {"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90}
_HUNDREDS = {
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
#: Every single cardinal word (normalised) → its value.
CARDINALS: dict[str, int] = {**_UNITS, **_TEENS, **_TENS, **_HUNDREDS}

_FIRST = frozenset({"اول", "اولین", "نخست", "نخستین"})

#: «سی» takes «ام»/«امین» («سی‌ام»); the rest take «م»/«مین»; «سه» becomes «سو» («سوم»).
_ORDINAL_STEMS: dict[str, int] = {**CARDINALS, "سو": 3}
_ORDINAL_SUFFIXES = ("مین", "م")
_VOWEL_SUFFIXES = ("امین", "ام")


def cardinal_value(word: str) -> int | None:
    """«بیست» → 20; a single word only."""
    return CARDINALS.get(word)


def ordinal_word_value(word: str) -> int | None:
    """The value of one ordinal word («نوزدهمین», «سوم», «سی امین» already joined, «اولین»), else None."""
    if word in _FIRST:
        return 1
    for suffix in _VOWEL_SUFFIXES:
        if word.endswith(suffix) and word[: -len(suffix)] == "سی":
            return 30
    for suffix in _ORDINAL_SUFFIXES:
        stem = word[: -len(suffix)]
        # «سیم»/«سیمین» are ordinary words (wire, silver), not 30th.
        if word.endswith(suffix) and stem != "سی" and stem in _ORDINAL_STEMS:
            return _ORDINAL_STEMS[stem]
    return None


def _place(value: int) -> int:
    """3 for hundreds, 2 for tens and teens, 1 for units."""
    return 3 if value >= 100 else 2 if value >= 10 else 1


def combine(parts: Sequence[int]) -> int | None:
    """Sum of «و»-joined parts if they are in a valid order («بیست و سه», not «سه و بیست»)."""
    total = 0
    previous_place = 4
    for index, value in enumerate(parts):
        place = _place(value)
        if place >= previous_place:
            return None
        if 10 <= value < 20 and index < len(parts) - 1:  # a teen is never followed by a unit
            return None
        total += value
        previous_place = place
    return total


def words(text: str) -> list[str]:
    """Normalised words; a detached «ام»/«امین» (from «سی‌ام») is joined back to its number."""
    tokens = re.findall(r"\w+", normalize(text))
    joined: list[str] = []
    for token in tokens:
        if token in _VOWEL_SUFFIXES and joined and joined[-1] in _TENS:
            joined[-1] += token
        else:
            joined.append(token)
    return joined


def cardinal_at(tokens: Sequence[str], i: int) -> tuple[int, int] | None:
    """The longest cardinal in words starting at ``tokens[i]``, as (value, index after it), else None.

    ``["بیست", "و", "پنج", "روز"]`` at 0 → (25, 3); a «و» that does not continue a valid compound is
    left alone: ``["سه", "و", "بیست"]`` at 0 → (3, 1).
    """
    if not 0 <= i < len(tokens) or tokens[i] not in CARDINALS:
        return None
    parts = [CARDINALS[tokens[i]]]
    end = i + 1
    while end + 1 < len(tokens) and tokens[end] == AND and tokens[end + 1] in CARDINALS:
        candidate = [*parts, CARDINALS[tokens[end + 1]]]
        if combine(candidate) is None:
            break
        parts = candidate
        end += 2
    return sum(parts), end


def parse_ordinal(text: str) -> int | None:
    """The whole of ``text`` as an ordinal, 1..999: «بیست و سومین» → 23; else None."""
    tokens = words(text)
    if not tokens:
        return None
    found = ordinals_in(tokens)
    if found and found[0][0] == 0 and found[0][1] == len(tokens):
        return found[0][2]
    return None


def parse_cardinal(text: str) -> int | None:
    """The whole of ``text`` as a cardinal, 1..999: «صد و بیست و پنج» → 125; else None."""
    tokens = words(text)
    found = cardinal_at(tokens, 0)
    return found[0] if found is not None and found[1] == len(tokens) else None


def ordinals_in(tokens: Sequence[str]) -> list[tuple[int, int, int]]:
    """Every ordinal in a word list as (first token, end token, value), longest compound first-found."""
    found: list[tuple[int, int, int]] = []
    for end, token in enumerate(tokens):
        last = ordinal_word_value(token)
        if last is None:
            continue
        start = end
        parts = [last]
        # Walk back over «X و» pairs while the compound stays valid («صد و بیست و سومین»).
        while start >= 2 and tokens[start - 1] == AND and tokens[start - 2] in CARDINALS:
            candidate = [CARDINALS[tokens[start - 2]], *parts]
            if combine(candidate) is None:
                break
            parts = candidate
            start -= 2
        value = combine(parts) if len(parts) > 1 else last
        if value is not None and not (token in _FIRST and len(parts) > 1):
            found.append((start, end + 1, value))
    return found
