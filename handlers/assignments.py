"""The buttons under a pushed resolution: «دریافت شد», «گزارش پیشرفت» (a short conversation), «انجام شد».

The assignment id in the button is only a hint: the service checks it belongs to the presser's agency.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest

from bot.callback_data import AssignmentAction, AssignmentPress, ButtonData
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa
from bot.domain.statuses import AssignmentStatus
from bot.runtime import PeygirContext
from bot.services.access import Role
from bot.services.assignments import OpenItem, check_report_length
from bot.services.conversations import Conversation
from bot.services.errors import ServiceError
from bot.services.extensions import due_text
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.describe import about_item
from handlers.replies import answer, button, reply, stale

REPORT = "progress_report"
PICK = "pick_item"
EXTEND = "extension_request"
# /my shows at most this many items (a message stays under the platform's limit).
MY_LIMIT = 40


async def assignment_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """«دریافت شد», «گزارش پیشرفت», «درخواست تمدید», «انجام شد», or the item picked for a text sent before."""
    runtime = context.runtime
    if not isinstance(data, AssignmentPress):
        await stale(update, context)
        return
    action, assignment_id = data.action, data.assignment_id
    if action == "ack":
        await runtime.assignments.acknowledge(context.actor, assignment_id)
        await answer(update, context, runtime.markup.text(t.ACKNOWLEDGED))
        await _drop_button(update, data)
    elif action == "report":
        view = await runtime.assignments.reportable(context.actor, assignment_id)
        await runtime.conversations.start(
            context.chat_key(update), REPORT, "text", {"assignment_id": view.id}
        )
        await reply(update, context, about_item(context.runtime.markup, t.ASK_REPORT, view))
    elif action == "extend":
        view, due = await runtime.extensions.extendable(context.actor, assignment_id)
        await runtime.conversations.start(
            context.chat_key(update), EXTEND, "date", {"assignment_id": view.id}
        )
        await reply(
            update,
            context,
            runtime.markup.fill(
                t.ASK_EXTEND_DATE,
                meeting=fa(view.meeting),
                number=fa(view.number),
                due=due_text(due),
            ),
        )
    elif action == "pick":
        await _report_picked(update, context, assignment_id)
    else:
        view = await runtime.assignments.report_done(context.actor, assignment_id)
        await reply(update, context, about_item(context.runtime.markup, t.DONE_SAVED, view))


async def _report_picked(update: Update, context: PeygirContext, assignment_id: int) -> None:
    """The item chosen for a text sent before: that text is the report."""
    runtime = context.runtime
    key = context.chat_key(update)
    state = await runtime.conversations.get(key)
    text = state.data.get("text") if state is not None and state.name == PICK else None
    if not isinstance(text, str):
        await stale(update, context)
        return
    with runtime.conversations.ends_with_the_effects(key):
        view, _ = await runtime.assignments.report(context.actor, assignment_id, text)
    await runtime.conversations.finish(key)
    await reply(update, context, runtime.markup.fill(t.REPORT_SAVED, percent=fa(view.percent)))


async def _drop_button(update: Update, pressed: ButtonData) -> None:
    """Take a done button off the message it was on (acknowledged once is enough)."""
    gone = pressed.pack()
    query = update.callback_query
    message = query.message if query else None
    if query is None or not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [[b for b in row if b.callback_data != gone] for row in message.reply_markup.inline_keyboard]
    try:
        await query.edit_message_reply_markup(InlineKeyboardMarkup([row for row in rows if row]))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def _report_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    runtime = context.runtime
    assignment_id = await stored_id(update, context, conversation, "assignment_id")

    async def report() -> str:
        view, _ = await runtime.assignments.report(context.actor, assignment_id, text)
        return runtime.markup.fill(t.REPORT_SAVED, percent=fa(view.percent))

    await finish_step(update, context, report, bot_texts.SEND_AGAIN)


async def _extend_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    """First the new date (checked at once, the step repeats until it is right), then the reason."""
    runtime = context.runtime
    key = context.chat_key(update)
    assignment_id = await stored_id(update, context, conversation, "assignment_id")
    chosen = conversation.data.get("due")
    if conversation.step != "reason" or not isinstance(chosen, str):
        try:
            due = await runtime.extensions.new_due(context.actor, assignment_id, text)
        except ServiceError as exc:
            await reply(update, context, runtime.markup.escape(exc.message))
            return
        await runtime.conversations.start(
            key, EXTEND, "reason", {"assignment_id": assignment_id, "due": due.isoformat()}
        )
        await reply(update, context, runtime.markup.fill(t.ASK_EXTEND_REASON, due=format_jalali(due)))
        return

    async def request() -> str:
        sent = await runtime.extensions.request(
            context.actor, assignment_id, date.fromisoformat(chosen), text
        )
        return runtime.markup.fill(
            t.EXTEND_SENT,
            meeting=fa(sent.item.meeting),
            number=fa(sent.item.number),
            due=format_jalali(sent.requested_due),
        )

    await finish_step(update, context, request, bot_texts.SEND_AGAIN)


STEPS: dict[str, Step] = {REPORT: _report_step, EXTEND: _extend_step}


def attachments_of(message: Message) -> list[dict[str, Any]]:
    """A scanned letter or a photo sent with a report: the platform's file id and a name."""
    if message.document is not None:
        return [{"file_id": message.document.file_id, "name": message.document.file_name or "document"}]
    if message.photo:
        return [{"file_id": message.photo[-1].file_id, "name": "photo"}]
    return []


async def reply_as_report(update: Update, context: PeygirContext) -> bool:
    """A representative's reply to a bot message about one of the agency's items is a progress report
    on it (text, a scanned letter or a photo). Anything else is left to the next handler (False)."""
    message = update.message
    replied = message.reply_to_message if message else None
    member = context.member
    if message is None or replied is None or member is None or member.role != Role.AGENCY:
        return False
    runtime = context.runtime
    assignment_id = await runtime.assignments.linked(context.actor, message.chat_id, replied.message_id)
    if assignment_id is None:
        return False
    view, _ = await runtime.assignments.report(
        context.actor, assignment_id, message.text or message.caption or "", attachments_of(message)
    )
    await reply(update, context, runtime.markup.fill(t.REPORT_SAVED, percent=fa(view.percent)))
    return True


async def my_items(update: Update, context: PeygirContext) -> None:
    """/my: the agency's open items, those waiting on it first, each with a report button."""
    runtime = context.runtime
    markup = runtime.markup
    items = await runtime.assignments.open_items(context.actor)
    member = context.member
    lines = [
        markup.fill(
            t.MY_LINE,
            index=fa(i),
            meeting=fa(item.view.meeting),
            number=fa(item.view.number),
            status=t.STATUS_NAMES[item.view.status],
            percent=fa(item.view.percent),
            due=t.DUE_ONGOING if item.ongoing else (format_jalali(item.due_on) if item.due_on else "—"),
        )
        for i, item in enumerate(items[:MY_LIMIT], start=1)
    ]
    header = markup.fill(t.MY_HEADER, agency=member.agency_name if member else "", count=fa(len(items)))
    body = "\n".join(lines) if items else markup.text(t.MY_EMPTY)
    await reply(update, context, f"{header}\n{body}", _item_buttons(items, "report"))


def _item_buttons(items: list[OpenItem], action: AssignmentAction) -> list[list[InlineKeyboardButton]]:
    """A button per item still waiting on the agency («۳۱/۳»), three to a row."""
    buttons = [
        button(
            t.MY_BUTTON.format(meeting=fa(i.view.meeting), number=fa(i.view.number)),
            AssignmentPress(action, i.view.id),
        )
        for i in items[:MY_LIMIT]
        if i.view.status != AssignmentStatus.DONE_REPORTED
    ]
    return [buttons[k : k + 3] for k in range(0, len(buttons), 3)]


async def report_command(update: Update, context: PeygirContext) -> None:
    """/report: which item? (then the report conversation)."""
    items = await context.runtime.assignments.open_items(context.actor)
    rows = _item_buttons(items, "report")
    await reply(update, context, context.runtime.markup.text(t.WHICH_ITEM if rows else t.MY_EMPTY), rows)


async def text_for_which_item(update: Update, context: PeygirContext) -> bool:
    """A representative's free text, outside any conversation and not a reply: which item is it about?
    The text waits in the database until an item is chosen (nothing typed is lost)."""
    message = update.message
    member = context.member
    if message is None or message.text is None or member is None or member.role != Role.AGENCY:
        return False
    runtime = context.runtime
    key = context.chat_key(update)
    if await runtime.conversations.get(key) is not None:
        return False
    rows = _item_buttons(await runtime.assignments.open_items(context.actor), "pick")
    if not rows:
        return False
    check_report_length(message.text)  # said now, not after an item is picked; nothing kept
    await runtime.conversations.start(key, PICK, "item", {"text": message.text})
    await reply(update, context, runtime.markup.text(t.WHICH_ITEM_FOR_TEXT), rows)
    return True
