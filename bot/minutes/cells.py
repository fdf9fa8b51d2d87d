"""What a cell holds, judged by its content: a row number, a deadline, a resolution text, a header label."""

from __future__ import annotations

import re

from bot.domain.deadlines import looks_like_deadline
from bot.domain.numerals import DIGIT, parse_int
from bot.domain.persian import no_space_key, to_latin_digits
from bot.minutes.blocks import Cell, Row, cell_text

#: A row number alone in its cell: «۳», «3.», «۳-», «(۳)», «۳)». At most three digits.
_ROW_NUMBER = re.compile(rf"[(\[]?\s*({DIGIT}{{1,3}})\s*[)\].\-–:]?")

#: Phrases that open a decision; compared without spaces on normalised text («مقرر گردید»).
_DECISION_KEYS = (
    "مقررگردید",
    "مقررشد",
    "مقررمیگردد",
    "مقررمیشود",
    "مقرراست",
    "مصوبگردید",
    "مصوبشد",
    "تصویبگردید",
    "تصویبشد",
)

#: Deadline cells are short; longer text is never tried against the deadline grammar.
_MAX_DEADLINE_CHARS = 60

#: Header labels (normalised, no spaces) of the resolutions table, by column role. «مسئول» comes in
#: several spellings («مسئول»، «مسوول»، «مسول»).
_RESPONSIBLE = ("مسئول", "مسوول", "مسول")
_HEADER_LABELS: dict[str, tuple[str, ...]] = {
    "number": ("ردیف",),
    "text": ("مصوبات", "مصوبه", "شرحمصوب", "متنمصوب", "عنوانمصوب", "تصمیمات", "شرحاقدام"),
    "party": (
        "اقدامکننده",
        "اقدامکنندگان",
        "دستگاهمسئول",
        "دستگاهاجرایی",
        "مجری",
        *(word + tail for word in _RESPONSIBLE for tail in ("اجرا", "اقدام", "پیگیری", "انجام")),
    ),
    "deadline": (
        "زماناقدام",
        "زمانانجام",
        "زمانبندی",
        "مهلت",
        "مدتاقدام",
        "موعد",
        "تاریخاقدام",
        "تاریخانجام",
    ),
    # The remarks column: kept as the resolution's note, never read as a party.
    "note": ("ملاحظات", "توضیحات"),
}
#: Whole-cell labels that are too short, or too common, to look for inside longer text.
_HEADER_EXACT: dict[str, tuple[str, ...]] = {
    "number": ("شماره", "ش", "#"),
    "text": ("موضوع", "شرح", "عنوان", "متن"),
    "party": (*_RESPONSIBLE, "مسئولین", "دستگاه"),
    "deadline": ("زمان", "تاریخ"),
    "note": ("نتیجه", "توضیح", "یادداشت"),
}
#: A header cell is a label: longer cells (a resolution that quotes «مصوبات») are not.
_MAX_HEADER_CHARS = 120


def row_number(cell: Cell) -> int | None:
    """The row number if the cell holds nothing else, else None."""
    match = _ROW_NUMBER.fullmatch(to_latin_digits(cell_text(cell)).strip())
    return parse_int(match.group(1)) if match else None


def is_decision(text: str) -> bool:
    """Whether the text contains a decision phrase such as «مقرر گردید»."""
    key = no_space_key(text)
    return any(phrase in key for phrase in _DECISION_KEYS)


def is_deadline(text: str) -> bool:
    """Whether the whole text is a deadline («۲ هفته», «مستمر», «۱۴۰۱/۰۹/۱۵»)."""
    return bool(text) and len(text) <= _MAX_DEADLINE_CHARS and looks_like_deadline(text)


def header_role(cell: Cell) -> str | None:
    """The column role a header label names («ردیف» → number, «اقدام کننده» → party, «ملاحظات» → note
    …), else None."""
    text = cell_text(cell)
    if not text or len(text) > _MAX_HEADER_CHARS:
        return None
    key = no_space_key(text).rstrip(":")
    for role, labels in _HEADER_EXACT.items():
        if key in labels:
            return role
    for role, labels in _HEADER_LABELS.items():
        if any(label in key for label in labels):
            return role
    return None


def header_roles(row: Row) -> dict[int, str] | None:
    """Column index → role when the row is the resolutions table's header row, else None.

    A header row names at least two different roles, one of them the text or the party column (a
    letterhead's «شماره / تاریخ / پیوست» is not a resolutions header), and holds no row number.
    """
    roles: dict[int, str] = {}
    for index, cell in enumerate(row.cells):
        if not cell:
            continue
        if row_number(cell) is not None:
            return None
        role = header_role(cell)
        if role is not None:
            roles[index] = role
    named = set(roles.values())
    return roles if len(named) >= 2 and named & {"text", "party"} else None


def looks_like_resolution(row: Row) -> bool:
    """A row number plus a decision text, or plus a long text and a deadline (for tables without a header)."""
    filled = row.filled
    if not any(row_number(cell) is not None for cell in filled):
        return False
    others = [cell_text(cell) for cell in filled if row_number(cell) is None]
    if any(is_decision(text) for text in others):
        return True
    return any(len(text) >= 40 for text in others) and any(is_deadline(text) for text in others)
