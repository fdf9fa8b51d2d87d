"""Numbers people type: the one reading of a number written in chat, on the command line or in a file.

Only three sets of digits count: ASCII (0-9), Persian (۰-۹) and Arabic-Indic (٠-٩). Everything else that
``str.isdigit()`` or ``int()`` accepts (superscripts «²», fullwidth «１», Devanagari …) is not a number
here, so a hostile «/pause ²» gets the same clear answer as «/pause x» instead of a ValueError.

Every number is bounded before it is converted (a run of a thousand digits is never handed to ``int()``)
and before it reaches storage: ids, meeting and row numbers fit a 32-bit signed integer (``ID_MAX``), the
smallest integer column of both database backends.
"""

from __future__ import annotations

import re

__all__ = ["DIGIT", "ID_MAX", "INT32_MAX", "is_digits", "number_parts", "parse_int", "parse_ints"]

INT32_MAX = 2**31 - 1
#: The largest id, meeting number or row number a person may write (an INTEGER column on PostgreSQL).
ID_MAX = INT32_MAX

_LATIN = "0123456789"
_DIGITS = _LATIN + "۰۱۲۳۴۵۶۷۸۹" + "٠١٢٣٤٥٦٧٨٩"
_TO_LATIN = str.maketrans(_DIGITS, _LATIN * 3)
_DIGIT_SET = frozenset(_DIGITS)

#: A regular-expression class of one accepted digit (use it instead of ``\d``, which takes any script).
DIGIT = "[0-9۰-۹٠-٩]"

_SEPARATORS = re.compile(r"[\s/\\\-]+")


def is_digits(text: str) -> bool:
    """True when `text` is one or more accepted digits and nothing else (no sign, no space)."""
    return bool(text) and all(ch in _DIGIT_SET for ch in text)


def parse_int(text: str, *, low: int = 0, high: int = INT32_MAX) -> int | None:
    """«۱۹», «١٩», « 19 » → 19; None for anything else: other characters, other scripts' digits, or a
    value outside ``low``..``high`` (checked on the length first, so a huge run costs nothing)."""
    text = text.strip()
    if not is_digits(text):
        return None
    latin = text.translate(_TO_LATIN).lstrip("0") or "0"
    if len(latin) > len(str(high)):
        return None
    value = int(latin)
    return value if low <= value <= high else None


def number_parts(text: str) -> list[str] | None:
    """The runs of digits of «۳۱/۳», «31-3» or «۳۱ ۳» (separated by spaces, «/», «\\» or «-»), as
    written: ["۳۱", "۳"]; None when a part is not digits or there is no part at all."""
    parts = [part for part in _SEPARATORS.split(text) if part]
    return parts if parts and all(is_digits(part) for part in parts) else None


def parse_ints(text: str, *, low: int = 0, high: int = INT32_MAX) -> list[int] | None:
    """The numbers of «۳۱/۳» (see :func:`number_parts`): [31, 3]; None unless every part is a number
    within ``low``..``high``."""
    numbers = [parse_int(part, low=low, high=high) for part in number_parts(text) or ()]
    if not numbers or None in numbers:
        return None
    return [number for number in numbers if number is not None]
