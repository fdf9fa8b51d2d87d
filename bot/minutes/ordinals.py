"""Persian number words, cardinal and ordinal, 1..999: «نوزدهمین» = 19, «بیست و سومین» = 23.

Ordinals are a cardinal plus «م» / «مین» («سوم» from «سه», «سی‌ام»/«سی‌امین» for 30); «اول»,
«اولین», «نخست», «نخستین» and «یکم» are 1. A compound is joined with «و» from the largest part down:
«صد و یکمین» = 101, «سیصد و چهل و پنجم» = 345. Words are compared after ``bot.persian.normalize``,
so Arabic letter forms and ZWNJ («سی‌امین» → «سی امین») are handled.
"""

from __future__ import annotations

import re

from bot.persian import normalize

_UNITS = {"یک": 1, "دو": 2, "سه": 3, "چهار": 4, "پنج": 5, "شش": 6, "هفت": 7, "هشت": 8, "نه": 9}
_TEENS = {
    "ده": 10, "یازده": 11, "دوازده": 12, "سیزده": 13, "چهارده": 14, "پانزده": 15, "پونزده": 15,
    "شانزده": 16, "هفده": 17, "هیفده": 17, "هجده": 18, "هیجده": 18, "نوزده": 19,
}  # fmt: skip
_TENS = {"بیست": 20, "سی": 30, "چهل": 40, "پنجاه": 50, "شصت": 60, "هفتاد": 70, "هشتاد": 80, "نود": 90}
_HUNDREDS = {
    "صد": 100, "یکصد": 100, "دویست": 200, "سیصد": 300, "چهارصد": 400, "پانصد": 500,
    "ششصد": 600, "هفتصد": 700, "هشتصد": 800, "نهصد": 900,
}  # fmt: skip
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


def combine(parts: list[int]) -> int | None:
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
    if not tokens or len(tokens) % 2 == 0 or any(t != "و" for t in tokens[1::2]):
        return None
    values = [CARDINALS.get(t) for t in tokens[::2]]
    if any(v is None for v in values):
        return None
    return combine([v for v in values if v is not None])


def ordinals_in(tokens: list[str]) -> list[tuple[int, int, int]]:
    """Every ordinal in a word list as (first token, end token, value), longest compound first-found."""
    found: list[tuple[int, int, int]] = []
    for end, token in enumerate(tokens):
        last = ordinal_word_value(token)
        if last is None:
            continue
        start = end
        parts = [last]
        # Walk back over «X و» pairs while the compound stays valid («صد و بیست و سومین»).
        while start >= 2 and tokens[start - 1] == "و" and tokens[start - 2] in CARDINALS:
            candidate = [CARDINALS[tokens[start - 2]], *parts]
            if combine(candidate) is None:
                break
            parts = candidate
            start -= 2
        value = combine(parts) if len(parts) > 1 else last
        if value is not None and not (token in _FIRST and len(parts) > 1):
            found.append((start, end + 1, value))
    return found
