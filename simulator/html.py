"""Telegram's HTML parse mode: which markup it accepts, and the plain text a message then holds."""

from __future__ import annotations

import re

ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>"
)
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = re.compile(r"&[a-zA-Z][a-zA-Z0-9]*;")
_REPLACEMENTS = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ParseError(ValueError):
    """The text is not valid in Telegram's HTML; the message is Telegram's description after the prefix."""


def _decode(segment: str, offset: int) -> str:
    bad = _NAMED.search(_ENTITY.sub("", segment))
    if bad is not None:
        raise ParseError(f'Unsupported HTML entity "{bad.group(0)}" at byte offset {offset}')

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in _REPLACEMENTS:
            return _REPLACEMENTS[name]
        number = int(name[2:], 16) if name.startswith("#x") else int(name[1:])
        return chr(number) if 0 < number < 0x110000 else ""

    return _ENTITY.sub(one, segment)


def strip_html(text: str) -> str:
    """The plain text Telegram would show for `text` in HTML mode, or ParseError as Telegram would refuse."""
    plain: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        start = text.find("<", position)
        if start < 0:
            plain.append(_decode(text[position:], position))
            break
        plain.append(_decode(text[position:start], position))
        match = _TAG.match(text, start)
        if match is None:
            raise ParseError(f"Unsupported start tag at byte offset {len(text[:start].encode())}")
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name not in ALLOWED_TAGS:
            raise ParseError(f'Unsupported start tag "{name}" at byte offset {len(text[:start].encode())}')
        if closing:
            if not stack or stack[-1] != name:
                raise ParseError(f'Unexpected end tag "{name}" at byte offset {len(text[:start].encode())}')
            stack.pop()
        else:
            attributes = match.group(3)
            if name == "a" and "href" not in attributes:
                raise ParseError("Can't find href in the a tag")
            if name == "span" and "tg-spoiler" not in attributes:
                raise ParseError('Tag "span" must have class "tg-spoiler"')
            stack.append(name)
        position = match.end()
    if stack:
        raise ParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(plain)
