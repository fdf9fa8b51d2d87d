"""The secretariat uploads minutes: a preview with every row's agencies and due date, then «ثبت و ارسال».

The file's id and hash wait in the conversation state (the database), so a restart between preview
and confirmation loses nothing; the confirmation reads the same file again and checks the hash.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from telegram import Update

from bot.app import PeygirContext
from bot.deadlines import parse_deadline
from bot.jalali import format_jalali
from bot.markup import Raw, shorten
from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_bytes
from bot.persian import persian_list, to_persian_digits
from bot.rendering import render_import
from bot.services.access import Permission, can
from bot.services.minutes_import import PreviewRow
from bot.texts import bot as bot_texts
from bot.texts import new_resolution as new_resolution_texts
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
    await _show_preview(update, context, data, document.file_name or "minutes", document.file_id, {})
    return True


async def _show_preview(
    update: Update, context: PeygirContext, data: bytes, name: str, file_id: str, deadlines: dict[str, str]
) -> None:
    """Parse, preview, and wait for the decision in the database. A party that matches no agency blocks
    «ثبت»; the first one gets buttons: its closest agencies (the party becomes their other name) or a new
    agency by that name. Then the first deadline not understood gets the usual deadlines as buttons
    (`deadlines`: those chosen so far, by row). After a fix the preview is shown again."""
    runtime = context.runtime
    parsed = _parse(context, data, name, deadlines)
    if isinstance(parsed, str):
        await runtime.conversations.finish(context.chat_key(update))
        await reply(update, context, parsed)
        return
    rows = await runtime.minutes.preview(context.actor, parsed)
    problems = [p for row in rows for p in row.problems if p.party]
    blocked = any(row.problems for row in rows)
    unknown = [r.number for r in parsed.resolutions if r.deadline.kind == "unknown" and r.number is not None]
    await runtime.conversations.start(
        context.chat_key(update),
        UPLOAD,
        "confirm",
        {
            "file_id": file_id,
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "problem": [problems[0].party, list(problems[0].suggestions)] if problems else None,
            "deadlines": deadlines,
            "deadline_row": unknown[0] if unknown else None,
        },
    )
    buttons = [[button(t.BUTTON_CANCEL, "mu:no")]]
    if not blocked:
        buttons[0].insert(0, button(t.BUTTON_COMMIT, "mu:ok"))
    text = _preview(context, parsed, rows, blocked)
    if problems:
        first = problems[0]
        fixes = [
            [button(t.BUTTON_USE.format(name=s[:40]), f"mu:alias:{k}")]
            for k, s in enumerate(first.suggestions)
        ]
        fixes.append([button(t.BUTTON_NEW_AGENCY.format(party=first.party[:40]), "mu:new:0")])
        buttons = fixes + buttons
        text += "\n" + runtime.markup.fill(t.FIX_FIRST, party=first.party)
    elif unknown:
        choices = [
            button(label, f"mu:due:{k}") for k, label in enumerate(new_resolution_texts.DEADLINE_BUTTONS)
        ]
        buttons = [choices, *buttons]
        text += "\n" + runtime.markup.fill(t.FIX_DEADLINE, number=to_persian_digits(str(unknown[0])))
    await show(update, context, text, buttons)


async def upload_button(update: Update, context: PeygirContext) -> None:
    """mu:ok (store and push), mu:no (cancel), mu:alias:<k> (the unmatched party is the k-th suggested
    agency), mu:new:0 (register the party as a new agency), mu:due:<k> (the k-th usual deadline for the
    first row whose deadline was not understood)."""
    runtime = context.runtime
    choice = callback_parts(update, "mu", str)
    key = context.chat_key(update)
    state = await runtime.conversations.get(key)
    known = choice is not None or callback_parts(update, "mu", str, int) is not None
    if not known or state is None or state.name != UPLOAD:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)
        return
    if choice == ("no",):
        await runtime.conversations.finish(key)
        await answer(update)
        await show(update, context, runtime.markup.text(t.CANCELLED))
        return
    data = await _download(context, str(state.data.get("file_id")))
    fix = callback_parts(update, "mu", str, int)
    deadlines = _chosen_deadlines(state.data)
    if fix is not None and fix[0] == "due":
        await _fix_deadline(update, context, state.data, fix[1], data)
        return
    if fix is not None:
        await _fix_party(update, context, state.data, fix, data)
        return
    parsed = _parse(context, data, str(state.data.get("name")), deadlines)
    if hashlib.sha256(data).hexdigest() != state.data.get("sha256") or isinstance(parsed, str):
        await runtime.conversations.finish(key)
        await answer(update)
        await reply(update, context, runtime.markup.text(t.CHANGED))
        return
    report = await runtime.minutes.commit_as(context.actor, parsed)
    await runtime.conversations.finish(key)
    await answer(update)
    await show(update, context, "\n".join(runtime.markup.escape(line) for line in render_import(report)))


async def _fix_party(
    update: Update, context: PeygirContext, data: dict[str, object], fix: tuple[str, int], file: bytes
) -> None:
    """The fix chosen for the party waiting in the state (the button only says which suggestion)."""
    runtime = context.runtime
    problem = data.get("problem")
    action, index = fix
    if not (isinstance(problem, list) and len(problem) == 2 and isinstance(problem[1], list)):
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)
        return
    party, suggestions = str(problem[0]), [str(s) for s in problem[1]]
    if action == "alias" and 0 <= index < len(suggestions):
        await runtime.agencies.add_alias(suggestions[index], party, context.actor)
    elif action == "new" and index == 0:
        await runtime.agencies.add(party, [], context.actor)
    else:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)
        return
    await answer(update)
    await _show_preview(
        update, context, file, str(data.get("name")), str(data.get("file_id")), _chosen_deadlines(data)
    )


async def _fix_deadline(
    update: Update, context: PeygirContext, data: dict[str, object], index: int, file: bytes
) -> None:
    """The k-th usual deadline for the row waiting in the state; kept in the state, not in the file."""
    runtime = context.runtime
    row = data.get("deadline_row")
    if not isinstance(row, int) or not 0 <= index < len(new_resolution_texts.DEADLINE_BUTTONS):
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)
        return
    deadlines = {**_chosen_deadlines(data), str(row): new_resolution_texts.DEADLINE_BUTTONS[index]}
    await answer(update)
    await _show_preview(update, context, file, str(data.get("name")), str(data.get("file_id")), deadlines)


def _chosen_deadlines(data: dict[str, object]) -> dict[str, str]:
    chosen = data.get("deadlines")
    return {str(k): str(v) for k, v in chosen.items()} if isinstance(chosen, dict) else {}


async def _download(context: PeygirContext, file_id: str) -> bytes:
    file = await context.bot.get_file(file_id)
    return bytes(await file.download_as_bytearray())


def _parse(context: PeygirContext, data: bytes, name: str, deadlines: dict[str, str]) -> ParsedMinutes | str:
    """The parsed minutes with the deadlines chosen in chat (`deadlines`, by row), or the Persian reason
    they could not be read. A chosen deadline keeps the cell's text as written (importing the file again
    finds the same row) and takes the chosen one's meaning."""
    calendar = context.runtime.settings.work_calendar()
    try:
        parsed = parse_minutes_bytes(data, name, calendar)
    except MinutesError as exc:
        return context.runtime.markup.fill(t.NOT_MINUTES, reason=str(exc))
    for resolution in parsed.resolutions:
        chosen = deadlines.get(str(resolution.number))
        if chosen is not None and resolution.deadline.kind == "unknown":
            meaning = parse_deadline(chosen, parsed.meeting.held_on, calendar)
            resolution.deadline = replace(meaning, raw=resolution.deadline.raw)
    return parsed


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
        text = shorten(resolution.text, TEXT_PREVIEW + 1)
        lines.append(
            markup.fill(
                t.PREVIEW_ROW,
                number=to_persian_digits(str(resolution.number)),
                text=text,
                agencies=persian_list(row.agencies) or t.PREVIEW_NO_AGENCY,
                due=due,
            )
        )
        lines += [markup.fill(t.PREVIEW_PROBLEM, problem=render_party_problem(p)) for p in row.problems]
        if deadline.kind == "unknown":
            lines.append(markup.fill(t.PREVIEW_UNKNOWN_DEADLINE, raw=deadline.raw))
    lines.append(Raw(""))
    lines.append(markup.text(t.PREVIEW_BLOCKED if blocked else t.PREVIEW_READY))
    return "\n".join(lines)
