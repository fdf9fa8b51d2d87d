"""/start: registration with an invite token, or a greeting for a member."""

from __future__ import annotations

from telegram import Update

from bot.runtime import PeygirContext
from bot.services.registration import Registration
from bot.texts import bot as t
from handlers.describe import role_name
from handlers.gate import platform_user
from handlers.info import help_text
from handlers.menu import set_member_commands
from handlers.replies import reply
from handlers.routing import argument_text

_OUTCOME_TEXT = {
    "registered": t.WELCOME,
    "reactivated": t.REACTIVATED,
    "already_member": t.ALREADY_MEMBER,
    "role_changed": t.WELCOME,
}


async def start(update: Update, context: PeygirContext) -> None:
    token = argument_text(update)
    markup = context.runtime.markup
    if not token:
        # Only members get here without a token (the gate answers strangers).
        assert context.member is not None
        await reply(update, context, markup.fill(t.HELLO_AGAIN, name=context.member.display_name))
        return
    user = platform_user(update, context)
    assert user is not None
    registration: Registration = await context.runtime.registration.register(user, token)
    member = registration.member
    context.member = member
    greeting = markup.fill(
        _OUTCOME_TEXT[registration.outcome],
        name=member.display_name,
        role=role_name(member.role),
        agency=markup.optional(t.WELCOME_AGENCY, member.agency_name),
    )
    if registration.outcome != "already_member":
        await set_member_commands(context.bot, context.runtime, user.chat_id, member.role)
    await reply(update, context, f"{greeting}\n\n{help_text(context, member.role)}")
