"""Multi-step conversations: /cancel, and routing every message that is not a command.

The step lives in the database (``bot.services.conversations``), so a restart in the middle loses
nothing. :func:`message_router` takes text, documents and photos: first each "taker" may claim the
message (a reply about an item, an upload, a representative's free text), then a text goes to the step
handler of the person's current conversation, found by conversation name; anything else is "not
understood". Each feature exports its step handlers (``STEPS``), and ``handlers/registry.py`` hands them
and the takers to :func:`message_router`. :func:`finish_step` and :func:`stored_id` help the steps.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot.runtime import PeygirContext
from bot.services.conversations import Conversation
from bot.services.errors import ServiceError
from bot.texts import bot as t
from handlers.replies import reply

Step = Callable[[Update, PeygirContext, Conversation, str], Awaitable[None]]


async def cancel(update: Update, context: PeygirContext) -> None:
    finished = await context.runtime.conversations.finish(context.chat_key(update))
    await reply(
        update, context, context.runtime.markup.text(t.CANCELLED if finished else t.NOTHING_TO_CANCEL)
    )


# A handler that may take a message before the conversation steps; True if it did.
Taker = Callable[[Update, PeygirContext], Awaitable[bool]]


def message_router(
    steps: Mapping[str, Step], takers: Sequence[Taker] = ()
) -> MessageHandler[PeygirContext, None]:
    """A message that is not a command: first `takers` (a reply about an item), then the answer to the
    person's current step, if they are in one; otherwise "not understood"."""

    async def route(update: Update, context: PeygirContext) -> None:
        message = update.message
        assert message is not None
        for take in takers:
            if await take(update, context):
                return
        conversation = await context.runtime.conversations.get(context.chat_key(update))
        step = steps.get(conversation.name) if conversation else None
        if conversation is None or step is None or message.text is None:
            await reply(update, context, context.runtime.markup.text(t.NOT_UNDERSTOOD))
            return
        await step(update, context, conversation, message.text)

    return MessageHandler(
        (filters.TEXT & ~filters.Regex(r"^\s*/")) | filters.Document.ALL | filters.PHOTO, route
    )


async def finish_step(
    update: Update, context: PeygirContext, work: Callable[[], Awaitable[str]], again: str
) -> None:
    """Run a step's work: on success end the conversation and say `work`'s answer; on a refusal say why
    and `again`, and stay at the step (unless the refusal is final: then the conversation ends)."""
    runtime = context.runtime
    key = context.chat_key(update)
    try:
        with runtime.conversations.ends_with_the_effects(key):
            answer = await work()
    except ServiceError as exc:
        await refused(update, context, exc, again)
        return
    await runtime.conversations.finish(key)
    await reply(update, context, answer)


async def refused(update: Update, context: PeygirContext, error: ServiceError, again: str | None) -> None:
    """A step's refusal: why, and `again` (the step waits for another answer); a final refusal ends the
    conversation instead."""
    runtime = context.runtime
    text = runtime.markup.escape(error.message)
    if error.final:
        await runtime.conversations.finish(context.chat_key(update))
    elif again:
        text += "\n" + runtime.markup.text(again)
    await reply(update, context, text)


async def stored_id(update: Update, context: PeygirContext, conversation: Conversation, key: str) -> int:
    """An id the conversation stored at its start; a damaged state ends the conversation."""
    value = conversation.data.get(key)
    if not isinstance(value, int):
        await context.runtime.conversations.finish(context.chat_key(update))
        raise ServiceError(t.STALE_BUTTON)
    return value
