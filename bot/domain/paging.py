"""Long lists shown a page at a time: which items a page holds (the chat's lists and the status service's
SQL pages use the same arithmetic)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from bot.domain.persian import fa

T = TypeVar("T")


@dataclass(frozen=True)
class Page:
    """One page of a long list: items `start` to `stop` (exclusive) of the whole."""

    start: int
    stop: int
    number: int  # 0-based, clamped into range
    count: int  # number of pages (at least 1)

    def numbered(self, items: Sequence[T]) -> list[tuple[str, T]]:
        """This page's items with their place in the whole list, in Persian digits."""
        return [(fa(i), item) for i, item in enumerate(items[self.start : self.stop], self.start + 1)]


def page_of(total: int, number: int, per_page: int) -> Page:
    """Page `number` of `total` items, `per_page` to a page; a number out of range is the nearest page."""
    count = max(1, math.ceil(total / per_page))
    number = min(max(number, 0), count - 1)
    return Page(number * per_page, min(total, (number + 1) * per_page), number, count)
