"""The one error handler: a refusal goes back to the person; a passing fault is retried; a failure is
logged and the secretariat told (once per kind and hour, see ``bot.services.error_notices``).

It cannot fail: whatever goes wrong inside it is logged, and it always stops the update's other handler
groups. Nobody is ever shown a stack trace; the log gets it (``exc_info``), without the token (see
``bot.transport.RedactingFormatter``).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.ext import ApplicationHandlerStop

from bot.runtime import PeygirContext
from bot.services.errors import ServiceError
from bot.services.inbox import AlreadyHandled, Ticket, current_ticket
from bot.texts import bot as t
from bot.texts import inbox as inbox_texts
from bot.transport import retry_wait
from handlers.replies import answer, reply
from storage.errors import is_transient

logger = logging.getLogger(__name__)


async def on_error(update: object, context: PeygirContext) -> None:
    try:
        await _on_error(update if isinstance(update, Update) else None, context)
    except Exception:
        logger.exception("the error handler failed")
    # A failure in the gate must not let the features run without knowing who wrote.
    raise ApplicationHandlerStop


async def _on_error(update: Update | None, context: PeygirContext) -> None:
    error = context.error
    ticket = current_ticket.get()
    if error is None or isinstance(error, AlreadyHandled):
        return  # an earlier run handled this update (a redelivery after a crash): nothing to add
    if isinstance(error, Forbidden):  # the person blocked the bot: nobody to answer, nothing to fix
        logger.warning(
            "update %s: the person cannot be answered (%s)", update.update_id if update else None, error
        )
        return
    if isinstance(error, ServiceError) and update is not None:
        await _refusal(update, context, error)
        return
    if ticket is not None and passing(error):
        if ticket.marked:  # its effects are committed: only what came after them (the answer) failed
            logger.warning("update %s handled, but not answered: %s", ticket.row.update_id, error)
            await _tell(update, context, context.runtime.markup.text(inbox_texts.RECORDED))
            return
        if not ticket.last_try:
            ticket.retry(error, retry_wait(error) if isinstance(error, RetryAfter) else None)
            logger.warning("update %s delayed by a passing fault: %s", ticket.row.update_id, error)
            await _tell_delayed(update, context, ticket)
            return
    if ticket is not None:
        ticket.fail(error)
    logger.error("handling update %s failed", update.update_id if update else None, exc_info=error)
    await _tell(update, context, context.runtime.markup.text(t.ERROR_FOR_USER))
    user = update.effective_user if update else None
    try:
        await context.runtime.error_notices.report(error, user.full_name if user else None)
    except Exception:  # the database itself may be what failed
        logger.exception("could not queue the failure's notice for the secretariat")


def passing(error: BaseException) -> bool:
    """A fault that passes by itself: the database's (see is_transient) or the network's on the way to
    the platform (a timeout, a dropped connection, a 5xx, "slow down"); not a refusal (400, 403)."""
    if isinstance(error, RetryAfter):
        return True
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        return True
    return is_transient(error)


async def _tell(update: Update | None, context: PeygirContext, text: str) -> bool:
    """Say `text` in the update's chat (and stop a button's spinner); False if it could not be said."""
    if update is None or update.effective_chat is None:
        return False
    try:
        await answer(update, context)
        await reply(update, context, text)
    except Exception:
        logger.warning("could not answer update %s", update.update_id, exc_info=True)
        return False
    return True


async def _tell_delayed(update: Update | None, context: PeygirContext, ticket: Ticket) -> None:
    """Once per update: the message is kept and will be handled (not "failed", not "saved")."""
    if context.runtime.inbox.was_told(ticket):
        return
    if await _tell(update, context, context.runtime.markup.text(inbox_texts.DELAYED)):
        try:
            await context.runtime.inbox.delay_told(ticket)
        except Exception:
            logger.warning("could not record that update %s was told delayed", ticket.row.update_id)


async def _refusal(update: Update, context: PeygirContext, error: ServiceError) -> None:
    """The service said no (bad input, not allowed): say why, in the person's chat."""
    markup = context.runtime.markup
    text = "\n".join([markup.escape(error.message), *("• " + markup.escape(d) for d in error.details)])
    if not await _tell(update, context, text):
        user = update.effective_user
        try:
            await context.runtime.error_notices.report(error, user.full_name if user else None)
        except Exception:
            logger.exception("could not queue the refusal's notice for the secretariat")
