"""The buttons under a message about an item (a push, a reminder, a decision): «دریافت شد», «گزارش پیشرفت»
(a short conversation), «درخواست تمدید» (a new date, confirmed, then the reason), «انجام شد»; replies as
reports; /my and /report.

The assignment id in the button is only a hint: the service checks it belongs to the presser's agency,
and that the item still takes the step (the state is read from the database, never from the button). A
press for a step the item has gone past is answered «این مرحله گذشته است» with where it stands; after
every press the pressed message's buttons follow the item's state (``bot.services.push.step_buttons``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from telegram import InlineKeyboardButton, Message, Update

from bot.callback_data import AssignmentAction, AssignmentPress, ButtonData, ExtensionConfirm
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa, quote
from bot.domain.statuses import AssignmentStatus
from bot.markup import Raw
from bot.runtime import PeygirContext
from bot.services.access import Role
from bot.services.assignments import AssignmentView, OpenItem, StepPassed, check_report_length
from bot.services.conversations import Conversation
from bot.services.errors import ServiceError
from bot.services.extensions import ExtensionStart, NewDue
from bot.services.push import step_buttons
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, refused, stored_id
from handlers.describe import about_item
from handlers.replies import answer, button, reply, set_buttons, show, stale

REPORT = "progress_report"
PICK = "pick_item"
EXTEND = "extension_request"
# /my shows at most this many items (a message stays under the platform's limit).
MY_LIMIT = 40


async def assignment_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """«دریافت شد», «گزارش پیشرفت», «درخواست تمدید», «انجام شد», the item picked for a text sent before, or
    the answer to an extension's new date."""
    if isinstance(data, ExtensionConfirm):
        await _extension_confirmed(update, context, data)
        return
    if not isinstance(data, AssignmentPress):
        await stale(update, context)
        return
    if data.action == "pick":
        await _report_picked(update, context, data.assignment_id)
        return
    try:
        view = await _take_step(update, context, data)
    except StepPassed as passed:
        await answer(update, context, passed.message, alert=True)
        view = passed.view
    await _buttons_follow(update, context, view)


async def _take_step(update: Update, context: PeygirContext, data: AssignmentPress) -> AssignmentView:
    """The step the button asks for (the service refuses one the item has gone past): the item after it."""
    runtime = context.runtime
    action, assignment_id = data.action, data.assignment_id
    if action == "ack":
        view = await runtime.assignments.acknowledge(context.actor, assignment_id)
        await answer(update, context, runtime.markup.text(t.ACKNOWLEDGED))
    elif action == "report":
        view = await runtime.assignments.reportable(context.actor, assignment_id)
        await runtime.conversations.start(
            context.chat_key(update), REPORT, "text", {"assignment_id": view.id}
        )
        await reply(update, context, about_item(context.runtime.markup, t.ASK_REPORT, view))
    elif action == "extend":
        start = await runtime.extensions.extendable(context.actor, assignment_id)
        await runtime.conversations.start(
            context.chat_key(update), EXTEND, "date", {"assignment_id": start.item.id}
        )
        await reply(update, context, _ask_date(context, start))
        view = start.item
    else:
        view = await runtime.assignments.report_done(context.actor, assignment_id)
        await reply(update, context, about_item(context.runtime.markup, t.DONE_SAVED, view))
    return view


async def _buttons_follow(update: Update, context: PeygirContext, view: AssignmentView) -> None:
    """The pressed message, if it is one the bot sent about this item (a push, a reminder, a decision:
    not a /my list), gets the buttons of what the item takes now (none, once it is verified)."""
    query = update.callback_query
    message = query.message if query else None
    if not isinstance(message, Message):
        return
    linked = await context.runtime.assignments.linked(context.actor, message.chat_id, message.message_id)
    if linked == view.id:
        steps = step_buttons(view.id, view.status, view.ongoing)
        await set_buttons(update, [[button(label, data) for label, data in row] for row in steps])


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


async def _report_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    runtime = context.runtime
    assignment_id = await stored_id(update, context, conversation, "assignment_id")

    async def report() -> str:
        view, _ = await runtime.assignments.report(context.actor, assignment_id, text)
        return runtime.markup.fill(t.REPORT_SAVED, percent=fa(view.percent))

    await finish_step(update, context, report, bot_texts.SEND_AGAIN)


# --- «درخواست تمدید»: the new date (a date, or a length), its confirmation, then the reason ----------------
# The conversation EXTEND goes "date" → "confirm" (the date kept as `due`) → "reason"; it lives in the
# database, so a restart at any step loses nothing.


def _ask_date(context: PeygirContext, start: ExtensionStart) -> Raw:
    """What to write, and what a length such as «۲ هفته» counts from (exactly as the service counts)."""
    markup = context.runtime.markup
    if start.due is None:
        counted = t.EXTEND_COUNTED_NO_DUE
    else:
        counted = t.EXTEND_COUNTED_FROM_DUE if start.from_due else t.EXTEND_COUNTED_FROM_TODAY
    return markup.fill(
        t.ASK_EXTEND_DATE,
        meeting=fa(start.item.meeting),
        number=fa(start.item.number),
        due=format_jalali(start.due) if start.due is not None else t.EXTEND_NO_DUE,
        example=format_jalali(start.example),
        counted=counted.format(base=format_jalali(start.counted_from)),
    )


async def _confirm_due(update: Update, context: PeygirContext, new: NewDue) -> None:
    """The date the text came to, and how; the reason is asked once it is confirmed."""
    runtime = context.runtime
    markup = runtime.markup
    item = new.start.item
    how = Raw("")
    if new.relative:
        how = markup.fill(
            t.EXTEND_HOW_FROM_DUE if new.start.from_due else t.EXTEND_HOW_FROM_TODAY,
            length=fa(quote(new.raw)),
            base=format_jalali(new.start.counted_from),
        )
    moved = markup.fill(t.EXTEND_MOVED, day=format_jalali(new.moved_from)) if new.moved_from else Raw("")
    await runtime.conversations.start(
        context.chat_key(update), EXTEND, "confirm", {"assignment_id": item.id, "due": new.due.isoformat()}
    )
    day = new.due.toordinal()
    rows = [
        [
            button(t.BUTTON_EXTEND_CONFIRM, ExtensionConfirm("ok", item.id, day)),
            button(t.BUTTON_EXTEND_CHANGE, ExtensionConfirm("change", item.id, day)),
            button(t.BUTTON_EXTEND_CANCEL, ExtensionConfirm("cancel", item.id, day)),
        ]
    ]
    text = markup.fill(
        t.EXTEND_CONFIRM,
        meeting=fa(item.meeting),
        number=fa(item.number),
        due=format_jalali(new.due),
        how=how,
        moved=moved,
    )
    await reply(update, context, text, rows)


async def _extension_confirmed(update: Update, context: PeygirContext, data: ExtensionConfirm) -> None:
    """«تأیید مهلت» (the reason is asked next), «تاریخ دیگر» (the date is asked again) or «انصراف». Only
    the confirmation the conversation waits on counts: an older one (for another date) is stale."""
    runtime = context.runtime
    key = context.chat_key(update)
    conversation = await runtime.conversations.get(key)
    due = _stored_due(conversation) if conversation is not None and conversation.step == "confirm" else None
    if (
        conversation is None
        or conversation.name != EXTEND
        or conversation.data.get("assignment_id") != data.assignment_id
        or due is None
        or due.toordinal() != data.due
    ):
        await stale(update, context)
        await set_buttons(update, None)
        return
    if data.action == "cancel":
        await runtime.conversations.finish(key)
        await show(update, context, runtime.markup.text(t.EXTEND_CANCELLED))
        return
    try:  # the item may have moved on since the date was written (another representative, a decision)
        start = await runtime.extensions.extendable(context.actor, data.assignment_id)
    except ServiceError as exc:
        await set_buttons(update, None)
        await refused(update, context, exc, None)
        return
    if data.action == "change":
        await runtime.conversations.start(key, EXTEND, "date", {"assignment_id": start.item.id})
        await show(update, context, _ask_date(context, start))
    else:
        await runtime.conversations.start(
            key, EXTEND, "reason", {"assignment_id": data.assignment_id, "due": due.isoformat()}
        )
        await show(update, context, runtime.markup.fill(t.ASK_EXTEND_REASON, due=format_jalali(due)))


def _stored_due(conversation: Conversation) -> date | None:
    value = conversation.data.get("due")
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


async def _extend_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    """At "date" (or "confirm": another date written instead of pressing a button) the text is the new
    date, checked at once; at "reason" it is the reason, and the request goes to the secretariat."""
    runtime = context.runtime
    assignment_id = await stored_id(update, context, conversation, "assignment_id")
    chosen = _stored_due(conversation)
    if conversation.step == "reason" and chosen is not None:

        async def request() -> str:
            sent = await runtime.extensions.request(context.actor, assignment_id, chosen, text)
            return runtime.markup.fill(
                t.EXTEND_SENT,
                meeting=fa(sent.item.meeting),
                number=fa(sent.item.number),
                due=format_jalali(sent.requested_due),
            )

        await finish_step(update, context, request, bot_texts.SEND_AGAIN)
        return
    try:
        new = await runtime.extensions.new_due(context.actor, assignment_id, text)
    except ServiceError as exc:
        if conversation.step == "confirm" and exc.message == t.EXTEND_BAD_DATE:
            # Not a date: most likely the reason, written before the date was confirmed.
            exc = ServiceError(t.EXTEND_CONFIRM_FIRST)
        await refused(update, context, exc, None)
        return
    await _confirm_due(update, context, new)


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
