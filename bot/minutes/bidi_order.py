"""Text drawn left to right (a PDF's glyphs, as placed on the page) back in the order it was typed.

A PDF keeps no logical order: a right-to-left line's glyphs stand left to right as drawn, with the
numbers and Latin words inside it drawn left to right too. ``visual_to_logical`` undoes that for one
line with the part of the Unicode bidi algorithm that minutes need (letters, digits, the separators
between them); it works on glyphs (a ligature such as lam-alef is one glyph «لا») so that nothing inside
a glyph is reversed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

_LATIN_DIGITS = frozenset("0123456789")


RIGHT_TO_LEFT = ("R", "AL")


LEFT_TO_RIGHT = ("L", "EN", "AN")


_NEUTRAL = ("N", "ES", "CS", "ET")


def bidi_kind(text: str) -> str:
    """A glyph's bidi type, simplified: AL (Arabic script), R (Hebrew), L, EN/AN (digits), ES, CS, ET,
    NSM, or N (spaces, punctuation, ZWNJ, everything neutral)."""
    kind = "N"
    for ch in text:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL", "L", "EN", "AN"):
            return bidi
        if bidi in ("ES", "CS", "ET", "NSM") and kind == "N":
            kind = bidi
    return kind


def is_rtl_letter(text: str) -> bool:
    return bidi_kind(text) in RIGHT_TO_LEFT


def visual_to_logical(glyphs: Sequence[str], rtl: bool | None = None) -> list[str]:
    """A line's glyph texts, given left to right as drawn, in the order they were typed.

    ``rtl`` is the paragraph's direction; by default a line is right to left when it holds any
    right-to-left letter. A left-to-right line is left as it is. A right-to-left line is reversed, then
    each run of left-to-right material is reversed back, as the Unicode bidi algorithm laid it out:

    - Latin words, with the spaces and punctuation between them, and Latin digits next to a Latin word
      («COVID-19»، «Windows 10») are one run;
    - digits after Persian letters are Arabic numbers: only «/ : . ،» between two of them join them
      («۱۴۰۱/۱۰/۱۳»، «۹:۳۰»), a percent sign or a «-» stays outside («۵۰٪» is drawn «٪۵۰»);
    - digits with no letter before them on the line («۱-۲»، «۵۰٪» alone in a cell) are European
      numbers: «-»، «+» between two of them and percent signs next to them join them.

    Two numbers with a space between them stay two runs («۱۲ ۱۳»). The order of the typed text is not
    always recoverable (a Latin word then Latin digits draws like those digits then that word); the
    reading chosen keeps Latin material as drawn.
    """
    if rtl is None:
        rtl = any(is_rtl_letter(glyph) for glyph in glyphs)
    if not rtl:
        return list(glyphs)
    logical = list(reversed(glyphs))
    kinds = _resolve(logical)
    out: list[str] = []
    index = 0
    while index < len(logical):
        end = index + 1
        if kinds[index] in LEFT_TO_RIGHT:
            while end < len(logical) and kinds[end] in LEFT_TO_RIGHT:
                end += 1
        out += reversed(logical[index:end])
        index = end
    return out


def _resolve(logical: list[str]) -> list[str]:
    """Each glyph's type after the bidi rules that matter here (see ``visual_to_logical``): L, EN or AN
    for left-to-right material, anything else for the rest."""
    kinds = [bidi_kind(glyph) for glyph in logical]
    for index, kind in enumerate(kinds):  # a mark takes its letter's type
        if kind == "NSM":
            kinds[index] = kinds[index - 1] if index else "R"
    for index, kind in enumerate(kinds):  # Latin digits next to a Latin word belong to it
        if kind == "EN" and _latin_digits(logical[index]) and "L" in _strong_neighbours(kinds, index):
            kinds[index] = "L"
    strong = "R"  # the paragraph's start: right to left, not Arabic
    for index, kind in enumerate(kinds):  # digits after Arabic letters are Arabic numbers
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            kinds[index] = "AN"
    for index in range(1, len(kinds) - 1):  # one separator between two numbers joins them
        before, kind, after = kinds[index - 1], kinds[index], kinds[index + 1]
        if (before == after == "EN" and kind in ("ES", "CS")) or (before == after == "AN" and kind == "CS"):
            kinds[index] = before
    _join(kinds, ("ET",), lambda before, after: "EN" in (before, after))  # «۵۰٪» after no letter
    _join(kinds, _NEUTRAL, lambda before, after: before == after == "L")  # «Zoom meeting»
    return kinds


def _strong_neighbours(kinds: list[str], index: int) -> set[str]:
    """The first strong types before and after ``index``, looking through numbers and neutrals."""
    found: set[str] = set()
    for step in (-1, 1):
        other = index + step
        while 0 <= other < len(kinds) and kinds[other] not in ("L", "R", "AL"):
            other += step
        if 0 <= other < len(kinds):
            found.add(kinds[other])
    return found


def _join(kinds: list[str], joining: tuple[str, ...], rule: Callable[[str, str], bool]) -> None:
    """Each run of ``joining`` types takes the type of the glyph before it when ``rule`` holds for the
    types around it (the glyph after the run counts too when it is the before one's)."""
    index = 0
    while index < len(kinds):
        end = index + 1
        if kinds[index] in joining:
            while end < len(kinds) and kinds[end] in joining:
                end += 1
            before = kinds[index - 1] if index else ""
            after = kinds[end] if end < len(kinds) else ""
            if rule(before, after):
                kinds[index:end] = [before if before in LEFT_TO_RIGHT else after] * (end - index)
        index = end


def _latin_digits(glyph: str) -> bool:
    return bool(glyph) and all(ch in _LATIN_DIGITS for ch in glyph)
