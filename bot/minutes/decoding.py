"""Bytes of a text file (.txt, .md, .html) to a string, refusing what is not text."""

from __future__ import annotations

import codecs
import unicodedata

from bot.minutes.model import MinutesError
from bot.texts import minutes as texts

#: Control characters a text file may hold: tab, new lines, form feed, vertical tab (Word's line break).
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")

#: A text with more control characters than this share is binary, even if it decoded.
_MAX_CONTROL_SHARE = 0.01

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without a BOM), UTF-16/32 when a BOM says so, else Windows-1256.

    Raises ``MinutesError`` for an empty file, undecodable bytes after a BOM, or binary content (a NUL
    byte without a UTF-16 BOM, or many control characters).
    """
    if not data.strip():
        raise MinutesError(texts.EMPTY_FILE)
    text = _decode(data)
    if "\x00" in text or _looks_binary(text):
        raise MinutesError(texts.BINARY_FILE)
    if not text.strip():
        raise MinutesError(texts.EMPTY_FILE)
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    """Windows and old Mac line ends, Word's vertical tab and form feeds all become «\\n»."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\v", "\n").replace("\f", "\n")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise MinutesError(texts.UNDECODABLE) from None
    if b"\x00" in data:
        raise MinutesError(texts.BINARY_FILE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows-1256 (Arabic) maps every byte, so this cannot fail; the control check catches binaries.
        return data.decode("cp1256")


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ch not in _TEXT_CONTROLS and unicodedata.category(ch) == "Cc")
    return controls > max(1, int(len(text) * _MAX_CONTROL_SHARE))
