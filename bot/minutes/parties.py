"""Responsible parties: a cell's text split into names as written.

Separators: «-», «–», «—», «،», «,», «/», «؛», «;» and new lines. Never «و» («آموزش و پرورش» is one
agency). A cell listing parties as sub-items («الف - …», «ب - …» on two or more lines, or Word list
paragraphs) loses the markers first. Nothing is split inside parentheses or brackets
(«(معاونت عمرانی - دفتر فنی)»), nor between two digits («۱۴۰۱/۰۶/۱۰», «منطقه ۲-۳»). Names keep their
words («جناب», «محترم» included); only whitespace is squashed and separator or stray punctuation
trimmed from the ends. Exact repeats are dropped.
"""

from __future__ import annotations

from bot.domain.persian import squash_spaces
from bot.minutes.items import starts_with_marker, strip_marker

_SEPARATORS = frozenset("-–—،,/؛;")
_OPENING = {"(": ")", "[": "]", "«": "»", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
_TRIM = " \t.:;,،؛-–—_•*·|"


def _is_digit(ch: str) -> bool:
    return ch.isdigit()


def _pieces(line: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = 0
    for index, ch in enumerate(line):
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(depth - 1, 0)
        elif ch in _SEPARATORS and depth == 0:
            before = line[index - 1] if index > 0 else ""
            after = line[index + 1] if index + 1 < len(line) else ""
            if _is_digit(before) and _is_digit(after):
                continue  # a date or a range, not two names
            pieces.append(line[start:index])
            start = index + 1
    pieces.append(line[start:])
    return pieces


def clean_party(piece: str) -> str:
    return squash_spaces(piece).strip(_TRIM)


def split_parties(lines: list[str]) -> list[str]:
    """«فرمانداری کرج - شهرداری کمالشهر»، «آموزش و پرورش، کمیته امداد» → the names, in order."""
    parties: list[str] = []
    if sum(1 for line in lines if starts_with_marker(line)) >= 2:
        lines = [strip_marker(line) for line in lines]
    for line in lines:
        for piece in _pieces(line):
            name = clean_party(piece)
            if name and name not in parties:
                parties.append(name)
    return parties
