"""Matching updates to handlers the same way on both platforms.

Bale may deliver a command without a ``bot_command`` entity, so commands are recognised from the text
itself (``/name``, ``/name@OurBot``, then arguments) on every platform: one path, tested on both.
Callback data is only a hint of what was pressed; handlers check it against the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler

from bot.app import PeygirContext

Callback = Callable[[Update, PeygirContext], Coroutine[Any, Any, None]]

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{1,64}))?(?:\s+(.*))?$", re.DOTALL)


@dataclass(frozen=True)
class CommandText:
    name: str  # lower case, without the slash
    mention: str | None  # the bot named after "@", if any
    argument: str  # the rest of the text, stripped

    @property
    def args(self) -> list[str]:
        return self.argument.split()


def parse_command(text: str | None) -> CommandText | None:
    if not text:
        return None
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return CommandText(match.group(1).lower(), match.group(2), (match.group(3) or "").strip())


def command_of(update: Update, bot: Bot) -> CommandText | None:
    """The command in a new text message addressed to this bot (a mention of another bot is not ours)."""
    message = update.message
    if message is None:
        return None
    command = parse_command(message.text)
    if command is None:
        return None
    if command.mention and command.mention.lower() != (bot.username or "").lower():
        return None
    return command


class Command(BaseHandler[Update, PeygirContext, None]):
    """A command, with or without its entity; `context.args` holds the words after it."""

    def __init__(self, names: str | tuple[str, ...], callback: Callback, bot: Bot) -> None:
        super().__init__(callback)
        self.names = frozenset((names,) if isinstance(names, str) else names)
        self._bot = bot

    def check_update(self, update: object) -> CommandText | None:
        if not isinstance(update, Update):
            return None
        command = command_of(update, self._bot)
        return command if command is not None and command.name in self.names else None

    def collect_additional_context(
        self,
        context: PeygirContext,
        update: Update,
        application: Application[Any, PeygirContext, Any, Any, Any, Any],
        check_result: Any,
    ) -> None:
        context.args = check_result.args


class AnyCommand(Command):
    """Every command not handled before it (the "unknown command" answer)."""

    def __init__(self, callback: Callback, bot: Bot) -> None:
        super().__init__((), callback, bot)

    def check_update(self, update: object) -> CommandText | None:
        return command_of(update, self._bot) if isinstance(update, Update) else None


def argument_text(update: Update) -> str:
    """What follows the command, with its spaces kept (agency names have several words)."""
    command = parse_command(update.message.text if update.message else None)
    return command.argument if command else ""


def buttons(prefix: str, callback: Callback) -> CallbackQueryHandler[PeygirContext, None]:
    """Presses of the buttons whose data starts with ``prefix:``."""
    return CallbackQueryHandler(callback, pattern=re.compile(rf"^{re.escape(prefix)}:"))


def callback_parts(update: Update, prefix: str, *shape: type) -> tuple[Any, ...] | None:
    """The pressed button's data split and typed (``"mem:m:12:0"`` → ``("m", 12, 0)``), or None.

    Data that does not have exactly this shape is refused: it was forged or belongs to an old version.
    """
    query = update.callback_query
    if query is None or not query.data:
        return None
    parts = query.data.split(":")
    if len(parts) != len(shape) + 1 or parts[0] != prefix:
        return None
    values: list[Any] = []
    for part, kind in zip(parts[1:], shape, strict=True):
        if kind is int:
            if not re.fullmatch(r"[0-9]{1,12}", part):
                return None
            values.append(int(part))
        elif not re.fullmatch(r"[a-z_]{1,16}", part):
            return None
        else:
            values.append(part)
    return tuple(values)
