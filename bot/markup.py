"""Filling chat texts safely for the platform: HTML on Telegram, plain text on Bale.

Templates in ``bot/texts/bot.py`` may use ``<b>``, ``<i>`` and ``<code>``. In HTML mode every value put
into a template is escaped (user text can never break the markup or inject a link); in plain mode the
tags are removed from the template and values go in as they are.
"""

from __future__ import annotations

import html
import re

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


def split_text(text: str, limit: int = 4096) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible (never inside a tag's line)."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current or not pieces:
        pieces.append(current)
    return pieces
