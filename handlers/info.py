"""/help (what this role may do) and /whoami."""

from __future__ import annotations

from telegram import Update

from bot.commands import commands_for
from bot.runtime import PeygirContext
from bot.services.access import Role
from bot.texts import bot as t
from bot.texts import new_resolution as new_resolution_texts
from handlers.describe import role_name, whoami
from handlers.replies import reply

_FOOTERS = {
    Role.SECRETARIAT: t.HELP_FOOTER_SECRETARIAT + new_resolution_texts.FORM_HELP,
    Role.GOVERNOR: t.HELP_FOOTER_GOVERNOR,
    Role.AGENCY: t.HELP_FOOTER_AGENCY,
}


def help_text(context: PeygirContext, role: Role) -> str:
    markup = context.runtime.markup
    lines: list[str] = [markup.fill(t.HELP_HEADER, role=role_name(role))]
    lines += [markup.fill(t.HELP_LINE, command=c.name, description=c.description) for c in commands_for(role)]
    lines += ["", markup.text(_FOOTERS[role])]
    return "\n".join(lines)


async def show_help(update: Update, context: PeygirContext) -> None:
    assert context.member is not None
    await reply(update, context, help_text(context, context.member.role))


async def show_whoami(update: Update, context: PeygirContext) -> None:
    assert context.member is not None
    await reply(update, context, whoami(context.runtime.markup, context.member))
