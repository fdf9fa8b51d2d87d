"""Filling chat texts safely for the platform: HTML on Telegram, plain text on Bale.

Templates in ``bot/texts/bot.py`` may use ``<b>``, ``<i>`` and ``<code>``. In HTML mode every value put
into a template is escaped (user text can never break the markup or inject a link); in plain mode the
tags are removed from the template and values go in as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from bot.domain.persian import cut_utf16, shorten, utf16_len

_TAG = re.compile(r"</?(?:b|i|code)>")


class Raw(str):
    """A piece already rendered by :meth:`Markup.fill`: put into a template as it is, not escaped again."""


class Markup:
    def __init__(self, html_mode: bool) -> None:
        self.html = html_mode

    def fill(self, template: str, **values: object) -> Raw:
        if self.html:
            return Raw(template.format(**{k: self.escape(v) for k, v in values.items()}))
        return Raw(_TAG.sub("", template).format(**{k: str(v) for k, v in values.items()}))

    def text(self, template: str) -> Raw:
        """A template without placeholders."""
        return Raw(template if self.html else _TAG.sub("", template))

    def escape(self, value: object) -> str:
        if isinstance(value, Raw) or not self.html:
            return str(value)
        return html.escape(str(value), quote=False)

    def optional(self, template: str, value: object | None) -> Raw:
        """`template` filled with `value` (as ``{value}``), or nothing when there is no value."""
        return self.fill(template, value=value) if value else Raw("")


def fit_quote(template: str, values: Mapping[str, object], key: str, limit: int) -> dict[str, object]:
    """`values` with the text under `key` (what a person wrote) shortened so that `template` filled with
    them is at most `limit` UTF-16 units as the platform counts it (the tags and escapes of HTML do not
    count there; they are counted here all the same, to be safe)."""
    rest = utf16_len(Markup(False).fill(template, **{**values, key: ""}))
    return {**values, key: shorten(str(values[key]), max(limit - rest, 1))}


def split_text(text: str, limit: int = 4096) -> list[str]:
    """Pieces of at most `limit` UTF-16 units (as the platforms count), cut at line ends where possible.
    A line longer than a piece is cut where it must be, but never inside a surrogate pair (an emoji), an
    HTML entity («&amp;») or a tag."""
    pieces: list[str] = []
    current = ""
    size = 0  # utf16_len(current)
    for line in text.split("\n"):
        length = utf16_len(line)
        while length > limit:
            if current:
                pieces.append(current)
                current, size = "", 0
            head = _cut_line(line, limit)
            pieces.append(head)
            line = line[len(head) :]
            length = utf16_len(line)
        if not current:
            current, size = line, length
        elif size + 1 + length > limit:
            pieces.append(current)
            current, size = line, length
        else:
            current, size = f"{current}\n{line}", size + 1 + length
    if current or not pieces:
        pieces.append(current)
    return pieces


# An entity or a tag is at most this long; a cut is moved back before one it would split.
_TOKEN = 12


def _cut_line(line: str, limit: int) -> str:
    head = cut_utf16(line, limit) or line[:1]  # at least one character, however small the limit
    for opening, closing in (("&", ";"), ("<", ">")):
        start = head.rfind(opening)
        if start > 0 and head.rfind(closing) < start and len(head) - start < _TOKEN:
            return head[:start]
    return head
