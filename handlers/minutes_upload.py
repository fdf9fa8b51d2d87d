"""The secretariat uploads minutes: a preview with every row's agencies and due date, then «ثبت و ارسال».

The file's id and hash wait in the conversation state (the database), so a restart between preview
and confirmation loses nothing; the confirmation reads the same file again and checks the hash.
"""

from __future__ import annotations

import hashlib

from telegram import Update

from bot.app import PeygirContext
from bot.jalali import format_jalali
from bot.markup import Raw
from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_bytes
from bot.persian import to_persian_digits
from bot.rendering import render_import
from bot.services.access import Permission, can
from bot.services.minutes_import import PreviewRow
from bot.texts import bot as bot_texts
from bot.texts import upload as t
from bot.texts.cli import render_party_problem
from handlers.replies import answer, button, reply, show
from handlers.routing import callback_parts

UPLOAD = "minutes_upload"
MAX_MEGABYTES = 5
TEXT_PREVIEW = 90  # characters of each resolution's text in the preview


async def take_upload(update: Update, context: PeygirContext) -> bool:
    """A document from someone who may import minutes is an upload (False: leave it to others)."""
    message = update.message
    if message is None or message.document is None or not can(context.actor, Permission.IMPORT_MINUTES):
        return False
    runtime = context.runtime
    document = message.document
    if (document.file_size or 0) > MAX_MEGABYTES * 1024 * 1024:
        await reply(
            update, context, runtime.markup.fill(t.TOO_BIG, most=to_persian_digits(str(MAX_MEGABYTES)))
        )
        return True
    data = await _download(context, document.file_id)
    name = document.file_name or "minutes"
    parsed = _parse(context, data, name)
    if isinstance(parsed, str):
        await reply(update, context, parsed)
        return True
    rows = await runtime.minutes.preview(context.actor, parsed)
    blocked = any(row.problems for row in rows)
    await runtime.conversations.start(
        context.chat_key(update),
        UPLOAD,
        "confirm",
        {"file_id": document.file_id, "name": name, "sha256": hashlib.sha256(data).hexdigest()},
    )
    buttons = [[button(t.BUTTON_CANCEL, "mu:no")]]
    if not blocked:
        buttons[0].insert(0, button(t.BUTTON_COMMIT, "mu:ok"))
    await reply(update, context, _preview(context, parsed, rows, blocked), buttons)
    return True


async def upload_button(update: Update, context: PeygirContext) -> None:
    """mu:ok (store and push), mu:no (cancel)."""
    runtime = context.runtime
    choice = callback_parts(update, "mu", str)
    key = context.chat_key(update)
    state = await runtime.conversations.get(key)
    if choice is None or state is None or state.name != UPLOAD:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)
        return
    if choice == ("no",):
        await runtime.conversations.finish(key)
        await answer(update)
        await show(update, context, runtime.markup.text(t.CANCELLED))
        return
    data = await _download(context, str(state.data.get("file_id")))
    parsed = _parse(context, data, str(state.data.get("name")))
    if hashlib.sha256(data).hexdigest() != state.data.get("sha256") or isinstance(parsed, str):
        await runtime.conversations.finish(key)
        await answer(update)
        await reply(update, context, runtime.markup.text(t.CHANGED))
        return
    report = await runtime.minutes.commit_as(context.actor, parsed)
    await runtime.conversations.finish(key)
    await answer(update)
    await show(update, context, "\n".join(runtime.markup.escape(line) for line in render_import(report)))


async def _download(context: PeygirContext, file_id: str) -> bytes:
    file = await context.bot.get_file(file_id)
    return bytes(await file.download_as_bytearray())


def _parse(context: PeygirContext, data: bytes, name: str) -> ParsedMinutes | str:
    """The parsed minutes, or the Persian reason they could not be read."""
    try:
        return parse_minutes_bytes(data, name, context.runtime.settings.work_calendar())
    except MinutesError as exc:
        return context.runtime.markup.fill(t.NOT_MINUTES, reason=str(exc))


def _preview(context: PeygirContext, parsed: ParsedMinutes, rows: list[PreviewRow], blocked: bool) -> str:
    markup = context.runtime.markup
    meeting = parsed.meeting
    lines = [
        markup.fill(
            t.PREVIEW_HEADER,
            number=to_persian_digits(str(meeting.number)),
            date=format_jalali(meeting.held_on) if meeting.held_on else "—",
            count=to_persian_digits(str(len(rows))),
        )
    ]
    for row in rows:
        resolution = row.resolution
        deadline = resolution.deadline
        if deadline.kind == "ongoing":
            due = t.DUE_ONGOING
        else:
            due = format_jalali(deadline.due) if deadline.due else t.DUE_UNKNOWN
        text = (
            resolution.text if len(resolution.text) <= TEXT_PREVIEW else resolution.text[:TEXT_PREVIEW] + "…"
        )
        lines.append(
            markup.fill(
                t.PREVIEW_ROW,
                number=to_persian_digits(str(resolution.number)),
                text=text,
                agencies="، ".join(row.agencies) or t.PREVIEW_NO_AGENCY,
                due=due,
            )
        )
        lines += [markup.fill(t.PREVIEW_PROBLEM, problem=render_party_problem(p)) for p in row.problems]
        if deadline.kind == "unknown":
            lines.append(markup.fill(t.PREVIEW_UNKNOWN_DEADLINE, raw=deadline.raw))
    lines.append(Raw(""))
    lines.append(markup.text(t.PREVIEW_BLOCKED if blocked else t.PREVIEW_READY))
    return "\n".join(lines)
