"""Text made safe to keep and to write into files: what no person can have meant is dropped.

One report or agency name holding a NUL or another control character would otherwise break every XLSX
and DOCX export (XML allows neither) and some terminals. ``clean_text()`` drops exactly the characters
XML 1.0 refuses, plus DEL and the C1 controls, and turns Windows and old Mac line ends into «\\n». What
Persian text needs stays: ZWNJ (U+200C), ZWJ, the bidi marks and the BOM are all legal and kept, as are
tabs, new lines and every letter, digit, emoji and mark.

``clean_payload()`` does the same to every string of a JSON-like structure (an incoming update).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar, cast

__all__ = ["clean_payload", "clean_text"]

#: C0 controls but tab and line feed (CR is turned into LF first), DEL and the C1 controls, surrogates
#: (in a ``str`` they are always lone: a pair would be one code point) and the two BMP non-characters.
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")

T = TypeVar("T")


def clean_text(value: str) -> str:
    """`value` without NUL, control characters (tab and new line kept), lone surrogates, U+FFFE and
    U+FFFF; «\\r\\n» and a lone «\\r» become «\\n». Idempotent; an already clean string comes back equal."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", value)


def clean_payload(obj: T) -> T:
    """A copy of a JSON-like structure (dicts, lists, strings, numbers, booleans, None) with every string,
    keys included, passed through :func:`clean_text`. Other values come back as they are. Iterative, so a
    deeply nested structure cannot exhaust the stack."""
    if isinstance(obj, str):
        return cast(T, clean_text(obj))
    if not isinstance(obj, dict | list):
        return obj
    root: dict[Any, Any] | list[Any] = {} if isinstance(obj, dict) else []
    pending: list[tuple[dict[Any, Any] | list[Any], dict[Any, Any] | list[Any]]] = [(obj, root)]
    while pending:
        source, target = pending.pop()
        pairs = source.items() if isinstance(source, dict) else enumerate(source)
        for key, value in pairs:
            child: Any
            if isinstance(value, dict | list):
                child = {} if isinstance(value, dict) else []
                pending.append((value, child))
            else:
                child = clean_text(value) if isinstance(value, str) else value
            if isinstance(target, dict):
                target[clean_text(key) if isinstance(key, str) else key] = child
            else:
                target.append(child)
    return cast(T, root)
