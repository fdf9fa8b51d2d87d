"""Persian alphabetical order, the same on every backend (databases sort by code point or by locale)."""

from __future__ import annotations

# Letter groups in Persian alphabetical order; Arabic variants share their Persian letter's place.
_LETTER_GROUPS = (
    "آ", "اأإٱ", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د", "ذ", "ر", "ز", "ژ", "س", "ش",
    "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق", "کك", "گ", "ل", "م", "ن", "وؤ", "هةۀ", "یيىئ",
)  # fmt: skip
_DIGITS = ("0۰٠", "1۱١", "2۲٢", "3۳٣", "4۴٤", "5۵٥", "6۶٦", "7۷٧", "8۸٨", "9۹٩")
_SPACES = " \u200c\t\n"
# Diacritics, tatweel and bidi marks do not take part in ordering.
_IGNORED = {chr(c) for c in range(0x064B, 0x0653)} | {"\u0670", "\u0640", "\u200e", "\u200f", "\u061c"}

_RANK: dict[str, int] = {ch: 0 for ch in _SPACES}
_RANK.update({ch: 1 + value for value, chars in enumerate(_DIGITS) for ch in chars})
_RANK.update({ch: 100 + index for index, chars in enumerate(_LETTER_GROUPS) for ch in chars})


def persian_sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key: spaces, then digits, then letters in Persian order (آ ا ب پ … ی), then everything else."""
    ranks = tuple(_RANK.get(ch, 1000 + ord(ch)) for ch in text if ch not in _IGNORED)
    return ranks, text
