"""Persian text helpers: digits both ways, bidi and diacritic stripping, normalisation for matching,
Persian alphabetical order.

``normalize()`` (docs/domain.md, «Normalisation») is what every comparison of names and deadline cells goes
through. It is idempotent (``normalize(normalize(s)) == normalize(s)``) and never raises on a string.
``persian_sort_key()`` orders names the same on every backend (databases sort by code point or locale).

Lengths that a platform limits are counted as the platforms count them, in UTF-16 code units
(``utf16_len()``: an emoji outside the BMP is two); ``cut_utf16()``, ``shorten()`` and ``quote()`` cut to
such a length and never split a surrogate pair.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from persiantools import digits as _digits

__all__ = [
    "ARABIC_INDIC_DIGITS",
    "BIDI_CONTROLS",
    "LATIN_DIGITS",
    "PERSIAN_DIGITS",
    "QUOTE_LIMIT",
    "ZWNJ",
    "cut_utf16",
    "no_space_key",
    "normalize",
    "persian_sort_key",
    "quote",
    "shorten",
    "squash_spaces",
    "strip_bidi",
    "to_latin_digits",
    "to_persian_digits",
    "utf16_len",
]

LATIN_DIGITS = "0123456789"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"

ZWNJ = "\u200c"

#: LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI, the Arabic letter mark and the BOM.
BIDI_CONTROLS = frozenset(
    ["\u200e", "\u200f", "\u061c", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
_STRIP_BIDI = str.maketrans(dict.fromkeys(BIDI_CONTROLS))

_AR_TO_LATIN = str.maketrans(ARABIC_INDIC_DIGITS, LATIN_DIGITS)
_AR_TO_PERSIAN = str.maketrans(ARABIC_INDIC_DIGITS, PERSIAN_DIGITS)


def _diacritics() -> list[str]:
    marks = [chr(c) for c in range(0x064B, 0x0660)]  # tanwin, harakat, shadda, sukun, maddah, hamza marks …
    marks.append("\u0670")  # superscript (dagger) alef
    marks += [chr(c) for c in range(0x06D6, 0x06DD)]  # Quranic annotation marks
    marks += [chr(c) for c in range(0x06DF, 0x06E5)]
    marks += [chr(c) for c in (0x06E7, 0x06E8, 0x06EA, 0x06EB, 0x06EC, 0x06ED)]
    return marks


# Applied after NFKC, so Arabic presentation forms (e.g. U+FEF1, an isolated ي) have already become the
# base letters mapped here; the order makes «ي» and its presentation forms end up as the same «ی».
_LETTER_MAP: dict[str, str | None] = {
    "\u064a": "ی",  # ي Arabic yeh
    "\u0649": "ی",  # ى alef maksura
    "\u0643": "ک",  # ك Arabic kaf
    "\u0629": "ه",  # ة teh marbuta
    "\u06c0": "ه",  # ۀ heh with yeh above
    "\u06d5": "ه",  # ە ae (the base of a decomposed ۀ)
    "\u0623": "ا",  # أ
    "\u0625": "ا",  # إ
    "\u0622": "ا",  # آ
    "\u0671": "ا",  # ٱ alef wasla
    "\u0624": "و",  # ؤ
    "\u0640": None,  # tatweel
    "\u200c": " ",  # ZWNJ
    "\u200b": " ",  # zero width space, used by some editors instead of ZWNJ
    "\u200d": None,  # ZWJ
    "\u00ad": None,  # soft hyphen
}
_LETTER_MAP.update(dict.fromkeys(_diacritics()))
_LETTER_MAP.update(dict.fromkeys(BIDI_CONTROLS))
_LETTER_MAP.update(zip(PERSIAN_DIGITS, LATIN_DIGITS, strict=True))
_LETTER_MAP.update(zip(ARABIC_INDIC_DIGITS, LATIN_DIGITS, strict=True))
_NORMALIZE = str.maketrans(_LETTER_MAP)

#: The Persian alphabet in order. Sorting folds letters like ``normalize()`` does, except that «آ» keeps
#: its own place before «ا», and «ئ» sorts as «ی».
_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_SORT_FOLD = str.maketrans({**_LETTER_MAP, "\u0622": "\u0622", "\u0626": "ی"})
_SORT_RANK: dict[str, int] = {digit: 1 + value for value, digit in enumerate(LATIN_DIGITS)}
_SORT_RANK.update({letter: 100 + index for index, letter in enumerate(_ALPHABET)})


def to_latin_digits(s: str) -> str:
    """Persian (۰-۹) and Arabic-Indic (٠-٩) digits to ASCII 0-9; everything else unchanged."""
    return _digits.fa_to_en(s.translate(_AR_TO_LATIN))


def to_persian_digits(s: str) -> str:
    """Latin (0-9) and Arabic-Indic (٠-٩) digits to Persian ۰-۹; everything else unchanged."""
    return _digits.en_to_fa(_digits.ar_to_fa(s.translate(_AR_TO_PERSIAN)))


#: Sub-items are lettered in the abjad order of Iranian official letters: الف، ب، ج، د، ه …
ABJAD_ORDER = (
    "الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی", "ک", "ل", "م", "ن", "س", "ع",
    "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض", "ظ", "غ",
)  # fmt: skip


def item_letter(index: int) -> str:
    """The `index`-th (from 0) sub-item's letter in the abjad order (the chat's pushes, the DOCX report and
    the letters all letter sub-items so); past the 28 letters, the number in Persian digits."""
    return ABJAD_ORDER[index] if index < len(ABJAD_ORDER) else fa(index + 1)


def fa(value: object) -> str:
    """A value as people read it: its text with Persian digits (``fa(12)`` → «۱۲»)."""
    return to_persian_digits(str(value))


def utf16_len(text: str) -> int:
    """The length as Telegram and Bale count it: UTF-16 code units (🎉 is two, «س» one)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut_utf16(text: str, limit: int) -> str:
    """The longest start of `text` that is at most `limit` UTF-16 units; a character that would be cut
    in half (an emoji's surrogate pair) is left out whole."""
    if limit <= 0:
        return ""
    if len(text) <= limit // 2 or utf16_len(text) <= limit:  # each character is at most two units
        return text
    units = text.encode("utf-16-le", "surrogatepass")[: 2 * limit]
    if 0xD800 <= int.from_bytes(units[-2:], "little") <= 0xDBFF:  # the first half of a pair
        units = units[:-2]
    return units.decode("utf-16-le", "surrogatepass")


def shorten(text: str, limit: int) -> str:
    """`text`, or its start and «…» together `limit` UTF-16 units when it is longer than that."""
    if utf16_len(text) <= limit:
        return text
    return cut_utf16(text, limit - 1) + "…"


#: Whatever a person or a file wrote is quoted back at most this long (UTF-16 units).
QUOTE_LIMIT = 80


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """Something a person wrote, to quote in an answer: on one line and short (see ``shorten()``)."""
    return shorten(squash_spaces(text), limit)


def persian_list(items: Iterable[str]) -> str:
    """«الف، ب، پ»: items joined with the Persian comma."""
    return "، ".join(items)


def persian_decimal(value: float, places: int = 1) -> str:
    """«۵۶٫۵», «۳۷»: a number rounded to `places`, Persian digits and decimal separator, no trailing «٫۰»."""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return to_persian_digits(text.replace(".", "٫"))


def strip_bidi(s: str) -> str:
    """Remove bidi control characters (LRM, RLM, embeddings, isolates, ALM) and the BOM."""
    return s.translate(_STRIP_BIDI)


def squash_spaces(s: str) -> str:
    """Collapse every run of whitespace (NBSP, tabs, new lines included) to one space and strip."""
    return " ".join(s.split())


def normalize(s: str) -> str:
    """Normalise for matching (docs/domain.md, «Normalisation»).

    NFKC; Arabic letter variants to Persian (ي/ى→ی, ك→ک, ة/ۀ→ه, أ/إ/آ→ا, ؤ→و); diacritics, tatweel and
    bidi marks dropped; digits to Latin; ZWNJ to a space; whitespace squashed. Latin letters are
    case-folded as well, so ``"Friday"`` and ``"friday"`` compare equal.
    """
    text = unicodedata.normalize("NFKC", s).translate(_NORMALIZE)
    # Dropping marks or case-folding can leave a sequence that NFKC would write differently (a Latin
    # letter followed by an accent that sat behind an Arabic mark); a second pass keeps it idempotent.
    text = unicodedata.normalize("NFKC", text.casefold()).translate(_NORMALIZE)
    return squash_spaces(text)


def persian_sort_key(s: str) -> tuple[tuple[int, ...], str]:
    """Sort key in Persian alphabetical order: spaces (ZWNJ included) first, then digits of any script by
    value, then letters in Persian order (آ ا ب پ … ی; Arabic forms with their Persian letter), then
    everything else by code point. Diacritics, tatweel and bidi marks do not count; ``s`` itself breaks
    ties, so the order is total.
    """
    folded = unicodedata.normalize("NFKC", s).translate(_SORT_FOLD)
    ranks = tuple(0 if ch.isspace() else _SORT_RANK.get(ch, 1000 + ord(ch)) for ch in folded)
    return ranks, s


def no_space_key(s: str) -> str:
    """``normalize(s)`` without any spaces: «دستگاه های» and «دستگاههای» give the same key."""
    return normalize(s).replace(" ", "")
