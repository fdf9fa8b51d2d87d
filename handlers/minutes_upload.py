"""The secretariat uploads minutes: a preview with every row's agencies and due date, then «ثبت و ارسال».

The workflow is bot.services.minutes_upload's: the file is downloaded once, when it arrives, and kept in
the database with a typed state until the decision; a press only names its action (and an index into
that state). This module reads the update, calls the service and renders the preview it returns.
"""

from __future__ import annotations

from telegram import InlineKeyboardButton, Update

from bot.callback_data import ButtonData, Upload, UploadAlias, UploadDeadline
from bot.domain.deadlines import Deadline
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa, persian_list, quote
from bot.domain.resolution_text import resolution_line
from bot.markup import Raw
from bot.rendering import render_import
from bot.runtime import PeygirContext
from bot.services.access import Permission, can
from bot.services.minutes_upload import DEADLINE_CHOICES, UploadPreview
from bot.texts import upload as t
from bot.texts.cli import render_party_problem
from handlers.replies import NAME_ON_BUTTON, button, show, stale

TEXT_PREVIEW = 90  # characters of each resolution's text in the preview
NOTE_PREVIEW = 120  # characters of its note


async def take_upload(update: Update, context: PeygirContext) -> bool:
    """A document from someone who may import minutes is an upload (False: leave it to others)."""
    message = update.message
    if message is None or message.document is None or not can(context.actor, Permission.IMPORT_MINUTES):
        return False
    document = message.document

    async def download() -> bytes:
        file = await context.bot.get_file(document.file_id)
        return bytes(await file.download_as_bytearray())

    preview = await context.runtime.uploads.receive(
        context.actor, context.chat_key(update), document.file_name or "minutes", document.file_size, download
    )
    await _show_preview(update, context, preview)
    return True


async def upload_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """«ثبت و ارسال» (store and push), «لغو», the k-th suggested agency for the unmatched party, the party
    as a new agency, or the k-th usual deadline for the row asked. A press with no upload waiting (or an
    index the state has not) is stale."""
    runtime = context.runtime
    uploads, actor, key = runtime.uploads, context.actor, context.chat_key(update)
    preview: UploadPreview | None = None
    match data:
        case Upload(action="commit"):
            report = await uploads.commit(actor, key)
            if report is None:
                await stale(update, context)
                return
            await show(
                update, context, "\n".join(runtime.markup.escape(line) for line in render_import(report))
            )
            return
        case Upload(action="cancel"):
            if not await uploads.cancel(actor, key):
                await stale(update, context)
                return
            await show(update, context, runtime.markup.text(t.CANCELLED))
            return
        case Upload(action="new_agency"):
            preview = await uploads.new_agency(actor, key)
        case UploadAlias(index=index):
            preview = await uploads.alias(actor, key, index)
        case UploadDeadline(index=index):
            preview = await uploads.deadline(actor, key, index)
    if preview is None:
        await stale(update, context)
        return
    await _show_preview(update, context, preview)


async def _show_preview(update: Update, context: PeygirContext, preview: UploadPreview) -> None:
    """The preview and its buttons. A party that matches no agency blocks «ثبت»; the first one gets
    buttons: its closest agencies (the party becomes their other name) or a new agency by that name. Then
    the first deadline not understood gets the usual deadlines as buttons."""
    markup = context.runtime.markup
    buttons: list[list[InlineKeyboardButton]] = [[button(t.BUTTON_CANCEL, Upload("cancel"))]]
    if not preview.blocked:
        buttons[0].insert(0, button(t.BUTTON_COMMIT, Upload("commit")))
    text = _preview_text(context, preview)
    problem = preview.problem
    if problem is not None:
        fixes = [
            [button(t.BUTTON_USE.format(name=quote(name, NAME_ON_BUTTON)), UploadAlias(k))]
            for k, name in enumerate(problem.suggestions)
        ]
        party = quote(problem.party, NAME_ON_BUTTON)
        fixes.append([button(t.BUTTON_NEW_AGENCY.format(party=party), Upload("new_agency"))])
        buttons = fixes + buttons
        text += "\n" + markup.fill(t.FIX_FIRST, party=quote(problem.party))
    elif preview.deadline is not None:
        choices = [button(label, UploadDeadline(k)) for k, label in enumerate(DEADLINE_CHOICES)]
        buttons = [choices, *buttons]
        number, agencies = fa(preview.deadline.row), preview.asked_agencies()
        if agencies:
            text += "\n" + markup.fill(t.FIX_AGENCY_DEADLINE, number=number, agencies=persian_list(agencies))
        else:
            text += "\n" + markup.fill(t.FIX_DEADLINE, number=number)
    await show(update, context, text, buttons)


def _due(deadline: Deadline) -> str:
    if deadline.kind == "ongoing":
        return t.DUE_ONGOING
    return format_jalali(deadline.due) if deadline.due else t.DUE_UNKNOWN


def _preview_text(context: PeygirContext, preview: UploadPreview) -> str:
    markup = context.runtime.markup
    meeting = preview.minutes.meeting
    lines = [
        markup.fill(
            t.PREVIEW_HEADER,
            number=fa(meeting.number),
            date=format_jalali(meeting.held_on) if meeting.held_on else "—",
            count=fa(len(preview.rows)),
        )
    ]
    lines += [markup.fill(t.PREVIEW_FILE_PROBLEM, problem=p) for p in preview.minutes.problems]
    for row in preview.rows:
        resolution = row.resolution
        text = resolution_line(resolution.text, resolution.items, TEXT_PREVIEW + 1)
        lines.append(markup.fill(t.PREVIEW_ROW, number=fa(resolution.number), text=text))
        groups = row.deadlines() or [([], resolution.deadline)]  # no agency matched yet: the row's
        lines += [
            markup.fill(
                t.PREVIEW_AGENCIES, agencies=persian_list(names) or t.PREVIEW_NO_AGENCY, due=_due(deadline)
            )
            for names, deadline in groups
        ]
        if resolution.note:
            lines.append(markup.fill(t.PREVIEW_NOTE, note=quote(resolution.note, NOTE_PREVIEW)))
        lines += [markup.fill(t.PREVIEW_PROBLEM, problem=p) for p in resolution.problems]
        lines += [
            markup.fill(t.PREVIEW_PROBLEM, problem=render_party_problem(p.resolution, p.party, p.suggestions))
            for p in row.problems
        ]
    lines.append(Raw(""))
    lines.append(markup.text(t.PREVIEW_BLOCKED if preview.blocked else t.PREVIEW_READY))
    return "\n".join(lines)
