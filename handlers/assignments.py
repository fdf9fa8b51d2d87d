"""The buttons under a pushed resolution: «دریافت شد», «گزارش پیشرفت» (a short conversation), «انجام شد».

The assignment id in the button is only a hint: the service checks it belongs to the presser's agency.
"""

from __future__ import annotations

from telegram import Update

from bot.app import PeygirContext
from bot.persian import to_persian_digits
from bot.services.assignments import AssignmentView
from bot.services.conversations import Conversation
from bot.texts import bot as bot_texts
from bot.texts import push as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.replies import answer, reply
from handlers.routing import callback_parts

REPORT = "progress_report"


async def assignment_button(update: Update, context: PeygirContext) -> None:
    """as:ack:<id>, as:report:<id>, as:done:<id>."""
    runtime = context.runtime
    parts = callback_parts(update, "as", str, int)
    action, assignment_id = parts if parts is not None else ("", 0)
    if action == "ack":
        await runtime.assignments.acknowledge(context.actor, assignment_id)
        await answer(update, runtime.markup.text(t.ACKNOWLEDGED))
    elif action == "report":
        view = await runtime.assignments.view(context.actor, assignment_id)
        await answer(update)
        await runtime.conversations.start(
            context.chat_key(update), REPORT, "text", {"assignment_id": view.id}
        )
        await reply(update, context, _about(context, t.ASK_REPORT, view))
    elif action == "done":
        view = await runtime.assignments.report_done(context.actor, assignment_id)
        await answer(update)
        await reply(update, context, _about(context, t.DONE_SAVED, view))
    else:
        await answer(update, runtime.markup.text(bot_texts.STALE_BUTTON), alert=True)


def _about(context: PeygirContext, template: str, view: AssignmentView) -> str:
    """A template about one item: its meeting and row number."""
    return context.runtime.markup.fill(
        template, meeting=to_persian_digits(str(view.meeting)), number=to_persian_digits(str(view.number))
    )


async def _report_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    runtime = context.runtime
    assignment_id = await stored_id(update, context, conversation, "assignment_id")

    async def report() -> str:
        view, _ = await runtime.assignments.report(context.actor, assignment_id, text)
        return runtime.markup.fill(t.REPORT_SAVED, percent=to_persian_digits(str(view.percent)))

    await finish_step(update, context, report, bot_texts.SEND_AGAIN)


STEPS: dict[str, Step] = {REPORT: _report_step}
