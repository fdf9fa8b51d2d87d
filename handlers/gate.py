"""Handler group -1: who is writing. Members go on to the features; strangers hear how to get an invite.

A person the bot does not know can register with an invite (``/start <token>``) and nothing else.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop

from bot.runtime import PeygirContext
from bot.services.registration import PlatformUser
from bot.texts import bot as t
from handlers.replies import answer, reply
from handlers.routing import command_of


def platform_user(update: Update, context: PeygirContext) -> PlatformUser | None:
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None:
        return None
    return PlatformUser(
        platform=context.runtime.profile.name,
        user_id=user.id,
        chat_id=chat.id,
        display_name=user.full_name,
        username=user.username,
    )


async def identify(update: Update, context: PeygirContext) -> None:
    user = platform_user(update, context)
    # Only private chats with people are served; other updates stop here, unanswered.
    if user is None or update.effective_user is None or update.effective_user.is_bot:
        raise ApplicationHandlerStop
    if update.effective_chat is None or update.effective_chat.type != ChatType.PRIVATE:
        raise ApplicationHandlerStop
    member = await context.runtime.registration.identify(user)
    context.member = member if member is not None and member.active else None
    if context.member is not None:
        return
    command = command_of(update, context.bot)
    if command is not None and command.name == "start" and command.argument:
        return  # registration with an invite: handlers/registration.py
    if update.callback_query is not None:
        await answer(update, context, context.runtime.markup.text(t.STRANGER), alert=True)
    elif update.message is not None:
        await reply(update, context, context.runtime.markup.text(t.STRANGER))
    raise ApplicationHandlerStop
