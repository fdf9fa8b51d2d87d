"""The one error handler: a refusal goes back to the person; a failure is logged and the secretariat told.

Nobody is ever shown a stack trace; the log gets it (``exc_info``), without the token (see
``bot.transport.RedactingFormatter``).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.markup import split_text
from bot.runtime import PeygirContext
from bot.services.access import Actor, Role
from bot.services.errors import ServiceError
from bot.texts import bot as t
from handlers.replies import answer, reply

logger = logging.getLogger(__name__)

# How much of an error's own text the secretariat's notice quotes.
NOTICE_DETAIL = 300


async def on_error(update: object, context: PeygirContext) -> None:
    error = context.error
    update = update if isinstance(update, Update) else None
    if isinstance(error, ServiceError) and update is not None:
        await _refusal(update, context, error)
        return
    logger.error("handling update %s failed", update.update_id if update else None, exc_info=error)
    if update is not None and update.effective_chat is not None:
        try:
            await answer(update, context)
            await reply(update, context, context.runtime.markup.text(t.ERROR_FOR_USER))
        except TelegramError:
            logger.warning("could not tell the user about the failure", exc_info=True)
    await _tell_secretariat(update, context, error)


async def _refusal(update: Update, context: PeygirContext, error: ServiceError) -> None:
    """The service said no (bad input, not allowed): say why, in the person's chat."""
    markup = context.runtime.markup
    text = "\n".join([markup.escape(error.message), *("• " + markup.escape(d) for d in error.details)])
    try:
        await answer(update, context)
        await reply(update, context, text)
    except TelegramError as exc:
        # The refusal could not be delivered: log it and tell the secretariat, as for any failure.
        logger.warning("could not send a refusal to the user", exc_info=True)
        await _tell_secretariat(update, context, exc)


async def _tell_secretariat(
    update: Update | None, context: PeygirContext, error: BaseException | None
) -> None:
    runtime = context.runtime
    markup = runtime.markup
    user = update.effective_user if update else None
    detail = f"{type(error).__name__}: {error}" if error else "?"
    token = runtime.settings.bot_token.get_secret_value() if runtime.settings.bot_token else ""
    detail = (detail.replace(token, "<token>") if token else detail)[:NOTICE_DETAIL]
    notice = markup.fill(
        t.ERROR_FOR_SECRETARIAT,
        who=markup.optional(t.ERROR_WHO, user.full_name if user else None),
        error=detail,
    )
    try:
        members = await runtime.members.list(Actor.system("error-handler"))
    except Exception:  # the database itself may be what failed
        logger.exception("could not read the secretariat's chats to report the failure")
        return
    for member in members:
        if member.role != Role.SECRETARIAT or member.state != "active":
            continue
        for piece in split_text(notice, runtime.profile.text_limit):
            try:
                await context.bot.send_message(member.chat_id, piece)
            except TelegramError:
                logger.warning("could not notify secretariat member %s", member.id, exc_info=True)
