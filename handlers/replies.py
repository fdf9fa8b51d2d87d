"""Answering in chat: messages split to the platform's limit, keyboards, edits of a pressed message."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.app import PeygirContext
from bot.markup import Markup, split_text
from bot.persian import to_persian_digits
from bot.texts import bot as t

Rows = Sequence[Sequence[InlineKeyboardButton]]
T = TypeVar("T")


def button(text: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > 64:
        raise ValueError(f"callback data over 64 bytes: {data!r}")
    return InlineKeyboardButton(text, callback_data=data)


def keyboard(rows: Rows | None) -> InlineKeyboardMarkup | None:
    rows = [list(row) for row in rows or () if row]
    return InlineKeyboardMarkup(rows) if rows else None


@dataclass(frozen=True)
class Page:
    """One page of a long list: which items, and the navigation row."""

    start: int
    stop: int
    number: int  # 0-based, clamped into range
    count: int  # number of pages (at least 1)

    @property
    def label(self) -> str:
        return t.PAGE.format(
            page=to_persian_digits(str(self.number + 1)), pages=to_persian_digits(str(self.count))
        )

    def numbered(self, items: Sequence[T]) -> list[tuple[str, T]]:
        """This page's items with their place in the whole list, in Persian digits."""
        return [
            (to_persian_digits(str(i)), item)
            for i, item in enumerate(items[self.start : self.stop], self.start + 1)
        ]

    def navigation(self, data_prefix: str) -> list[InlineKeyboardButton]:
        """◀️ / ▶️ buttons whose data is ``{data_prefix}:{page}``."""
        row = []
        if self.number > 0:
            row.append(button(t.PREVIOUS_BUTTON, f"{data_prefix}:{self.number - 1}"))
        if self.number + 1 < self.count:
            row.append(button(t.NEXT_BUTTON, f"{data_prefix}:{self.number + 1}"))
        return row


def page_text(markup: Markup, header: str, empty: str, total: int, page: Page, lines: Sequence[str]) -> str:
    """A header with the count, the page's lines (or a note that there are none) and "page n of m"."""
    text = [markup.fill(header, count=to_persian_digits(str(total))), *lines]
    if not total:
        text.append(markup.text(empty))
    if page.count > 1:
        text.append(page.label)
    return "\n".join(text)


def page_of(total: int, number: int, per_page: int) -> Page:
    count = max(1, math.ceil(total / per_page))
    number = min(max(number, 0), count - 1)
    return Page(number * per_page, min(total, (number + 1) * per_page), number, count)


async def reply(update: Update, context: PeygirContext, text: str, rows: Rows | None = None) -> Message:
    """Send `text` to the update's chat, in pieces if it is long; buttons go under the last piece."""
    chat = update.effective_chat
    assert chat is not None
    pieces = split_text(text, context.runtime.profile.text_limit)
    message: Message | None = None
    for index, piece in enumerate(pieces):
        last = index == len(pieces) - 1
        message = await context.bot.send_message(
            chat.id, piece, reply_markup=keyboard(rows) if last else None
        )
    assert message is not None
    return message


async def show(update: Update, context: PeygirContext, text: str, rows: Rows | None = None) -> None:
    """Answer a button press by replacing the pressed message; a command gets a new message."""
    query = update.callback_query
    if query is None or query.message is None or len(text) > context.runtime.profile.text_limit:
        await reply(update, context, text, rows)
        return
    try:
        await query.edit_message_text(text, reply_markup=keyboard(rows))
    except BadRequest as exc:
        # Pressing the same button twice asks for the same content: nothing to change.
        if "not modified" not in str(exc).lower():
            raise


async def answer(update: Update, text: str | None = None, alert: bool = False) -> None:
    """Stop the button's spinner (every press must be answered), optionally with a short note."""
    if update.callback_query is None:
        return
    try:
        await update.callback_query.answer(text, show_alert=alert)
    except BadRequest as exc:
        # Answered already (a refusal after the spinner stopped), or too late: nothing left to stop.
        if "query is too old" not in str(exc).lower():
            raise
