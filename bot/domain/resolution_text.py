"""A resolution named in one line: what every list, reminder and notice shows of its text.

Minutes often write a resolution as a lead-in and its sub-items («مقرر گردید: شهرداری کمالشهر :» then
«الف - فضای سبز پارک محله بازسازی گردد.» …; the importer keeps what comes before the first sub-item as
`text` and the sub-items as `items`). The lead-in alone says nothing, so ``resolution_line()`` names
such a resolution by the lead-in and its first sub-item, with the number of the others. A text that
says something itself is shown as written, with the number of its sub-items when it has any. Text is
kept as written (no «مقرر گردید» is dropped); only whitespace is squashed and the trailing colons,
dashes and spaces a lead-in ends with are left out. The line is at most `limit` UTF-16 units (as the
platforms count), the count of sub-items always whole at its end.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.persian import fa, shorten, squash_spaces, utf16_len
from bot.texts import resolution as t

#: A text with sub-items that is at most this long (UTF-16 units, its trailing colon left out) only leads
#: in to them («مقرر گردید», «مقرر گردید شهرداری کمالشهر»), even without a colon at its end.
LEAD_IN_MAX = 40
# What a lead-in ends with before its sub-items: colons (Latin and full-width), dashes, spaces.
_TRAILING = " :：-–—"
# Less room than this for the text beside the count of sub-items: the text comes first, cut.
_MIN_TEXT = 8


def is_lead_in(text: str, items: Sequence[str]) -> bool:
    """True when `text` only introduces its sub-items: it ends with «:», or it is short; never without
    sub-items."""
    if not any(item.strip() for item in items):
        return False
    written = squash_spaces(text)
    return written.endswith((":", "：")) or utf16_len(written.rstrip(_TRAILING)) <= LEAD_IN_MAX


def resolution_line(text: str, items: Sequence[str], limit: int) -> str:
    """The resolution on one line of at most `limit` UTF-16 units (see the module's docstring)."""
    shown = [squash_spaces(item) for item in items if item.strip()]
    lead = squash_spaces(text).rstrip(_TRAILING)
    if not shown:
        return shorten(lead, limit)
    if is_lead_in(text, shown):
        body = t.LEAD_IN_AND_ITEM.format(lead=lead, item=shown[0]) if lead else shown[0]
        rest = len(shown) - 1
        suffix = t.MORE_ITEMS.format(count=fa(rest)) if rest else ""
    else:
        body = lead
        suffix = t.ITEMS_COUNT.format(count=fa(len(shown)))
    room = limit - utf16_len(suffix)
    if room < min(utf16_len(body), _MIN_TEXT):
        return shorten(body + suffix, limit)
    return shorten(body, room) + suffix
