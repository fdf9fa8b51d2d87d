"""The secretariat's review of a reported "done": «تأیید انجام», or «بازگرداندن» with a reason."""

from __future__ import annotations

from telegram import Update

from bot.app import PeygirContext
from bot.services.conversations import Conversation
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.describe import about_item
from handlers.replies import answer, reply
from handlers.routing import callback_parts

SEND_BACK = "send_back"


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
        await answer(update)
        await runtime.conversations.start(
            context.chat_key(update), SEND_BACK, "reason", {"assignment_id": view.id}
        )
        await reply(update, context, about_item(context.runtime.markup, t.ASK_REASON, view))
    else:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)


async def _reason_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    assignment_id = await stored_id(update, context, conversation, "assignment_id")

    async def send_back() -> str:
        view = await context.runtime.assignments.send_back(context.actor, assignment_id, text)
        return about_item(context.runtime.markup, t.SEND_BACK_DONE, view)

    await finish_step(update, context, send_back, bot_texts.SEND_AGAIN)


STEPS: dict[str, Step] = {SEND_BACK: _reason_step}
