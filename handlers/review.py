"""The secretariat's decisions: on a reported "done" («تأیید انجام», or «بازگرداندن» with a reason), and on
an extension request («موافقت با تمدید», or «مخالفت» with a reason)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update

from bot.app import PeygirContext
from bot.jalali import format_jalali
from bot.persian import to_persian_digits
from bot.services.assignments import AssignmentView
from bot.services.conversations import Conversation
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.describe import about_item
from handlers.replies import answer, reply
from handlers.routing import callback_parts

SEND_BACK = "send_back"
DENY = "deny_extension"


async def review_button(update: Update, context: PeygirContext) -> None:
    """vf:ok:<id>, vf:back:<id> (then the reason as the next message)."""
    runtime = context.runtime
    parts = callback_parts(update, "vf", str, int)
    action, assignment_id = parts if parts is not None else ("", 0)
    if action == "ok":
        view = await runtime.assignments.verify(context.actor, assignment_id)
        await answer(update)
        await reply(update, context, about_item(context.runtime.markup, t.VERIFY_DONE, view))
    elif action == "back":
        view = await runtime.assignments.under_review(context.actor, assignment_id)
        await _ask_reason(update, context, SEND_BACK, {"assignment_id": view.id}, t.ASK_REASON, view)
    else:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)


async def extension_button(update: Update, context: PeygirContext) -> None:
    """ex:ok:<request id>, ex:no:<request id> (then the reason as the next message)."""
    runtime = context.runtime
    parts = callback_parts(update, "ex", str, int)
    action, request_id = parts if parts is not None else ("", 0)
    if action == "ok":
        decided = await runtime.extensions.approve(context.actor, request_id)
        await answer(update)
        await reply(
            update,
            context,
            runtime.markup.fill(
                t.EXTEND_APPROVE_DONE,
                meeting=to_persian_digits(str(decided.item.meeting)),
                number=to_persian_digits(str(decided.item.number)),
                agency=decided.item.agency,
                due=format_jalali(decided.requested_due),
            ),
        )
    elif action == "no":
        pending = await runtime.extensions.pending(context.actor, request_id)
        await _ask_reason(update, context, DENY, {"request_id": pending.id}, t.ASK_DENY_REASON, pending.item)
    else:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)


async def _ask_reason(
    update: Update,
    context: PeygirContext,
    name: str,
    data: dict[str, object],
    template: str,
    view: AssignmentView,
) -> None:
    """A decision that needs a reason: the next message is the reason (conversation `name`)."""
    await answer(update)
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
