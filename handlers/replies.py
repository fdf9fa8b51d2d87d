"""Answering in chat: messages split to the platform's limit, keyboards, edits of a pressed message."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.callback_data import ButtonData
from bot.domain.paging import Page
from bot.domain.persian import fa, shorten, utf16_len
from bot.markup import Markup, split_text
from bot.runtime import PeygirContext
from bot.texts import bot as t

Rows = Sequence[Sequence[InlineKeyboardButton]]

# A button's text is cut to this many UTF-16 units (an agency's name can be long; clients cut it anyway).
BUTTON_TEXT_LIMIT = 64
# A name someone typed (an agency, a party of the minutes) on a button, with the words around it.
NAME_ON_BUTTON = 40


def button(text: str, data: ButtonData) -> InlineKeyboardButton:
    return InlineKeyboardButton(shorten(text, BUTTON_TEXT_LIMIT), callback_data=data.pack())


def caption(context: PeygirContext, text: str) -> str:
    """A document's or photo's caption, cut to the platform's caption limit (UTF-16 units; 200 on Bale)."""
    return shorten(text, context.runtime.profile.caption_limit)


def keyboard(rows: Rows | None) -> InlineKeyboardMarkup | None:
    rows = [list(row) for row in rows or () if row]
    return InlineKeyboardMarkup(rows) if rows else None


def page_label(page: Page) -> str:
    """«صفحه ۲ از ۵»."""
    return t.PAGE.format(page=fa(page.number + 1), pages=fa(page.count))


def navigation(page: Page, to_page: Callable[[int], ButtonData]) -> list[list[InlineKeyboardButton]]:
    """The row of «بعدی ◀️» / «▶️ قبلی», whose data is ``to_page(the other page's number)``; no row at all
    for a list of one page.

    Lists read right to left, but Telegram and Bale lay out a row's buttons left to right whatever the
    language: so "next" comes first (the left end, where the reading goes on) and "previous" last (the
    right end, where it came from)."""
    row = []
    if page.number + 1 < page.count:
        row.append(button(t.NEXT_BUTTON, to_page(page.number + 1)))
    if page.number > 0:
        row.append(button(t.PREVIOUS_BUTTON, to_page(page.number - 1)))
    return [row] if row else []


def page_text(markup: Markup, header: str, empty: str, total: int, page: Page, lines: Sequence[str]) -> str:
    """A header with the count, the page's lines (or a note that there are none) and "page n of m"."""
    text = [markup.fill(header, count=fa(total)), *lines]
    if not total:
        text.append(markup.text(empty))
    if page.count > 1:
        text.append(page_label(page))
    return "\n".join(text)


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
    if query is None or query.message is None or utf16_len(text) > context.runtime.profile.text_limit:
        await reply(update, context, text, rows)
        return
    with _unless_unchanged():
        await query.edit_message_text(text, reply_markup=keyboard(rows))


async def set_buttons(update: Update, rows: Rows | None) -> None:
    """Replace the pressed message's buttons with `rows` (none: take them all off); the buttons it has
    already are left as they are, without a call to the platform."""
    query = update.callback_query
    message = query.message if query else None
    if query is None or message is None:
        return
    markup = keyboard(rows)
    if isinstance(message, Message) and _shown(message.reply_markup) == _shown(markup):
        return
    with _unless_unchanged():
        await query.edit_message_reply_markup(markup)


def _shown(markup: InlineKeyboardMarkup | None) -> list[list[tuple[str, object]]]:
    """A keyboard as the person sees and presses it: each button's label and data."""
    return [[(b.text, b.callback_data) for b in row] for row in (markup.inline_keyboard if markup else ())]


@contextmanager
def _unless_unchanged() -> Iterator[None]:
    """An edit that asks for what the message shows already (the same button pressed twice) changes
    nothing: the platform's «not modified» refusal is no error."""
    try:
        yield
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def answer(
    update: Update, context: PeygirContext, text: str | None = None, alert: bool = False
) -> None:
    """Stop the button's spinner, optionally with a short note. Every press is answered once: the first
    call does it (handlers.routing.on_press answers after the feature if it did not)."""
    if update.callback_query is None or context.answered:
        return
    context.answered = True
    try:
        await update.callback_query.answer(text, show_alert=alert)
    except BadRequest as exc:
        # Answered already (a refusal after the spinner stopped), or too late: nothing left to stop.
        if "query is too old" not in str(exc).lower():
            raise


async def stale(update: Update, context: PeygirContext) -> None:
    """The one answer to a button that no longer means anything (an old message's, or forged data)."""
    await answer(update, context, context.runtime.markup.text(t.STALE_BUTTON), alert=True)
