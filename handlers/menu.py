"""The command menu each person sees (setMyCommands per chat), where the platform supports it."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.commands import commands_for
from bot.runtime import Runtime
from bot.services.access import Role

logger = logging.getLogger(__name__)


def _menu(role: Role | None) -> list[BotCommand]:
    return [BotCommand(c.name, c.description[:256]) for c in commands_for(role)]


async def set_default_commands(bot: Bot, runtime: Runtime) -> None:
    """What a stranger's menu shows (also every member's until their own menu is set)."""
    if not runtime.profile.set_commands:
        return
    try:
        await bot.set_my_commands(_menu(None), scope=BotCommandScopeDefault())
    except TelegramError as exc:  # the menu is a convenience; the bot works without it
        logger.info("setMyCommands (default) failed: %s", exc)


async def set_member_commands(bot: Bot, runtime: Runtime, chat_id: int, role: Role | None) -> None:
    """The menu for one member's chat, by role; a deactivated member (role None) gets the stranger's."""
    if not runtime.profile.set_commands:
        return
    try:
        await bot.set_my_commands(_menu(role), scope=BotCommandScopeChat(chat_id))
    except TelegramError as exc:
        logger.info("setMyCommands for a chat failed: %s", exc)
