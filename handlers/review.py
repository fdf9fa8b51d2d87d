"""The secretariat's decisions: on a reported "done" («تأیید انجام», or «بازگرداندن» with a reason), and on
an extension request («موافقت با تمدید», or «مخالفت» with a reason)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.callback_data import ButtonData, ExtensionDecision, Verify
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa
from bot.runtime import PeygirContext
from bot.services.assignments import AssignmentView
from bot.services.conversations import Conversation
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.describe import about_item
from handlers.replies import reply, stale

SEND_BACK = "send_back"
DENY = "deny_extension"


async def review_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """«تأیید انجام», or «بازگرداندن» (then the reason as the next message)."""
    runtime = context.runtime
    match data:
        case Verify(action="ok", assignment_id=assignment_id):
            view = await runtime.assignments.verify(context.actor, assignment_id)
            await reply(update, context, about_item(context.runtime.markup, t.VERIFY_DONE, view))
        case Verify(action="back", assignment_id=assignment_id):
            view = await runtime.assignments.under_review(context.actor, assignment_id)
            await _ask_reason(update, context, SEND_BACK, {"assignment_id": view.id}, t.ASK_REASON, view)
        case _:
            await stale(update, context)


async def extension_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """«موافقت با تمدید», or «مخالفت» (then the reason as the next message)."""
    runtime = context.runtime
    if not isinstance(data, ExtensionDecision):
        await stale(update, context)
    elif data.action == "ok":
        decided = await runtime.extensions.approve(context.actor, data.request_id)
        await reply(
            update,
            context,
            runtime.markup.fill(
                t.EXTEND_APPROVE_DONE,
                meeting=fa(decided.item.meeting),
                number=fa(decided.item.number),
                agency=decided.item.agency,
                due=format_jalali(decided.requested_due),
            ),
        )
    else:
        pending = await runtime.extensions.pending(context.actor, data.request_id)
        await _ask_reason(update, context, DENY, {"request_id": pending.id}, t.ASK_DENY_REASON, pending.item)


async def _ask_reason(
    update: Update,
    context: PeygirContext,
    name: str,
    data: dict[str, object],
    template: str,
    view: AssignmentView,
) -> None:
    """A decision that needs a reason: the next message is the reason (conversation `name`)."""
    await context.runtime.conversations.start(context.chat_key(update), name, "reason", data)
    await reply(update, context, about_item(context.runtime.markup, template, view))


Decide = Callable[[PeygirContext, int, str], Awaitable[AssignmentView]]


def _reason_step(key: str, decide: Decide, done: str) -> Step:
    """The step that takes the reason and makes the decision on the id stored under `key`."""

    async def step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
        target = await stored_id(update, context, conversation, key)

        async def work() -> str:
            return about_item(context.runtime.markup, done, await decide(context, target, text))

        await finish_step(update, context, work, bot_texts.SEND_AGAIN)

    return step


async def _send_back(context: PeygirContext, assignment_id: int, reason: str) -> AssignmentView:
    return await context.runtime.assignments.send_back(context.actor, assignment_id, reason)


async def _deny(context: PeygirContext, request_id: int, reason: str) -> AssignmentView:
    return (await context.runtime.extensions.deny(context.actor, request_id, reason)).item


STEPS: dict[str, Step] = {
    SEND_BACK: _reason_step("assignment_id", _send_back, t.SEND_BACK_DONE),
    DENY: _reason_step("request_id", _deny, t.EXTEND_DENY_DONE),
}
