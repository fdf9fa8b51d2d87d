"""Sub-items of a resolution: «الف - …»، «ب - …»، «پ - …» inline or on their own lines.

A marker is a letter standing alone as a word (after the start of a line, a space, «:» or «(»), then a
separator: «-», «–», «—», «)», «.», or «:» («الف -», «الف)», «(الف)», «الف.», «الف:», «الف-»). It is not
a marker when a digit follows the separator at once («ب-۱» is a reference, not an item).

Only a chain of markers counts: it starts with «الف», every next letter comes later in the Persian
alphabet (gaps allowed, as in the seeds' «الف ب ج چ د») or is the next letter of the abjad order
(«الف ب ج د ه و»), and there are at least two markers. A letter that breaks the chain is ordinary text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.persian import ABJAD_ORDER, normalize, squash_spaces

#: Letters in Persian alphabetical order («الف» first). A marker may be written with any form that
#: ``bot.domain.persian.normalize`` reads as the letter («ي», «ك», «ألف», presentation forms).
PERSIAN_ORDER = (
    "الف", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ", "ر", "ز", "ژ", "س", "ش",
    "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ک", "گ", "ل", "م", "ن", "و", "ه", "ی",
)  # fmt: skip

#: Arabic letters and their presentation forms: where the other written forms of a letter are.
_ARABIC_BLOCKS = (*range(0x0600, 0x0700), *range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00))


def _written_forms() -> dict[str, str]:
    """Each character of the letters → a regex class of every character ``normalize`` reads as it."""
    forms: dict[str, set[str]] = {}
    for char in map(chr, _ARABIC_BLOCKS):
        forms.setdefault(normalize(char), set()).add(char)
    return {
        char: "[" + "".join(sorted(forms.get(char, set()) | {char})) + "]"
        for letter in PERSIAN_ORDER
        for char in letter
    }


_FORMS = _written_forms()
_LETTER_ALTERNATIVES = "|".join(
    "".join(_FORMS[char] for char in letter)
    for letter in sorted(PERSIAN_ORDER, key=len, reverse=True)  # «الف» before single letters
)

_MARKER = re.compile(
    r"(?:^|(?<=[\s:؛،.(]))"  # the letter starts a word: line start, space, «:», «؛», «،», «.», «(»
    rf"\(?(?P<letter>{_LETTER_ALTERNATIVES})"
    r"\s*[-–—).:]"  # the separator, maybe after a space: «الف -», «الف)», «الف.», «الف:»
    r"(?![0-9۰-۹٠-٩])"  # «ب-۱» is a reference, not an item
    r"\s*",
    re.MULTILINE,
)

#: Longest allowed jump in Persian order between two markers («ب» → «ج» skips three letters).
_MAX_GAP = 6

_PERSIAN_INDEX = {letter: index for index, letter in enumerate(PERSIAN_ORDER)}
_ABJAD_INDEX = {letter: index for index, letter in enumerate(ABJAD_ORDER)}


@dataclass(frozen=True)
class SplitText:
    text: str
    items: list[str]


def _letter(raw: str) -> str:
    return normalize(raw)


def _follows(previous: str, letter: str) -> bool:
    """Whether ``letter`` may come after ``previous`` in a chain of sub-item markers."""
    before, after = _PERSIAN_INDEX[previous], _PERSIAN_INDEX[letter]
    if before < after <= before + _MAX_GAP:
        return True
    if previous in _ABJAD_INDEX and letter in _ABJAD_INDEX:
        return _ABJAD_INDEX[letter] == _ABJAD_INDEX[previous] + 1
    return False


def starts_with_marker(line: str) -> bool:
    """Whether a line begins with a sub-item marker of any letter (used to join page-break pieces)."""
    match = _MARKER.match(line.lstrip())
    return match is not None


def strip_marker(line: str) -> str:
    """The line without a leading sub-item marker."""
    match = _MARKER.match(line.lstrip())
    return line.lstrip()[match.end() :] if match else line


def _chain(text: str) -> list[re.Match[str]]:
    chain: list[re.Match[str]] = []
    for match in _MARKER.finditer(text):
        letter = _letter(match.group("letter"))
        if not chain:
            if letter == "الف":
                chain.append(match)
        elif _follows(_letter(chain[-1].group("letter")), letter):
            chain.append(match)
    return chain


def _tidy(text: str) -> str:
    """Whitespace squashed inside each line; empty lines dropped; lines joined with a new line."""
    lines = (squash_spaces(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def split_items(lines: list[str]) -> SplitText:
    """A text cell's lines to the text before the first marker and the items without their markers.

    Lines after an item that carry no marker belong to that item. Paragraphs stay separate lines.
    """
    whole = "\n".join(lines)
    chain = _chain(whole)
    if len(chain) < 2:
        return SplitText(_tidy(whole), [])
    items: list[str] = []
    for match, following in zip(chain, [*chain[1:], None], strict=True):
        end = following.start() if following is not None else len(whole)
        items.append(_tidy(whole[match.end() : end]))
    return SplitText(_tidy(whole[: chain[0].start()]), items)
