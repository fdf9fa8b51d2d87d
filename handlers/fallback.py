"""What is left after every feature had its chance: unknown commands, other messages, stale buttons."""

from __future__ import annotations

from telegram import Update

from bot.runtime import PeygirContext
from bot.texts import bot as t
from handlers.replies import reply, stale


async def unknown_command(update: Update, context: PeygirContext) -> None:
    await reply(update, context, context.runtime.markup.text(t.UNKNOWN_COMMAND))


async def other_message(update: Update, context: PeygirContext) -> None:
    await reply(update, context, context.runtime.markup.text(t.NOT_UNDERSTOOD))


async def stale_button(update: Update, context: PeygirContext) -> None:
    await stale(update, context)
