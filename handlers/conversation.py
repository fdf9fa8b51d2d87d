"""Multi-step conversations: /cancel, and routing a plain message to the step it answers.

The step lives in the database (``bot.services.conversations``), so a restart in the middle loses
nothing. Each feature hands its step handlers to :func:`text_router` by conversation name.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.app import PeygirContext
from bot.services.conversations import Conversation
from bot.texts import bot as t
from handlers.replies import reply

Step = Callable[[Update, PeygirContext, Conversation, str], Awaitable[None]]


async def cancel(update: Update, context: PeygirContext) -> None:
    finished = await context.runtime.conversations.finish(context.chat_key(update))
    await reply(
        update, context, context.runtime.markup.text(t.CANCELLED if finished else t.NOTHING_TO_CANCEL)
    )


def text_router(steps: Mapping[str, Step]) -> MessageHandler[PeygirContext, None]:
    """Plain text (not a command): the answer to the person's current step, if they are in one."""

    async def route(update: Update, context: PeygirContext) -> None:
        assert update.message is not None and update.message.text is not None
        conversation = await context.runtime.conversations.get(context.chat_key(update))
        step = steps.get(conversation.name) if conversation else None
        if conversation is None or step is None:
            await reply(update, context, context.runtime.markup.text(t.NOT_UNDERSTOOD))
            return
        await step(update, context, conversation, update.message.text)

    return MessageHandler(filters.TEXT & ~filters.Regex(r"^\s*/"), route)
