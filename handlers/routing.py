"""Matching updates to handlers the same way on both platforms.

Bale may deliver a command without a ``bot_command`` entity, so commands are recognised from the text
itself (``/name``, ``/name@OurBot``, then arguments) on every platform: one path, tested on both.
Button data is only a hint of what was pressed (bot.callback_data); the services check it against the
database and the presser.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, BaseHandler, CallbackQueryHandler

from bot.callback_data import ButtonData, namespaces, unpack
from bot.domain.persian import cut_utf16
from bot.runtime import PeygirContext
from handlers.replies import answer, stale

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


# What follows a command is cut to this many UTF-16 units before anything reads it: no command takes more
# (agency names, a meeting and row, a token), and a hostile «/status» with 100,000 characters after it
# costs nothing and is answered with one short message.
ARGUMENT_LIMIT = 1000
# /new_resolution's one-message form is as long as a message may be.
FORM_LIMIT = 4096
# The longest start of a message that can hold a command and its argument: «/name@bot_username » first.
_HEAD = 1 + 32 + 1 + 64 + 1


def parse_command(text: str | None, limit: int = ARGUMENT_LIMIT) -> CommandText | None:
    """The command at the start of `text`; its argument is cut to `limit` UTF-16 units."""
    if not text:
        return None
    match = _COMMAND.match(cut_utf16(text.lstrip(), _HEAD + limit).rstrip())
    if match is None:
        return None
    argument = cut_utf16((match.group(3) or "").strip(), limit).strip()
    return CommandText(match.group(1).lower(), match.group(2), argument)


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


def argument_text(update: Update, limit: int = ARGUMENT_LIMIT) -> str:
    """What follows the command, with its spaces kept (agency names have several words), cut to `limit`
    UTF-16 units."""
    command = parse_command(update.message.text if update.message else None, limit)
    return command.argument if command else ""


def on_press(
    kinds: Sequence[type[ButtonData]], feature: Callable[[Update, PeygirContext, Any], Awaitable[None]]
) -> CallbackQueryHandler[PeygirContext, None]:
    """Presses of the buttons of `kinds` (matched by namespace). The data is unpacked into one of the kinds
    and handed to `feature`; a press that is none of them is stale, answered the same way everywhere; the
    spinner is stopped after the feature ran, unless it answered with a note itself. A refusal raised by
    the feature goes to the error handler, which answers it."""
    allowed = tuple(kinds)
    pattern = re.compile("^(?:" + "|".join(sorted(map(re.escape, namespaces(allowed)))) + "):")

    async def handle(update: Update, context: PeygirContext) -> None:
        query = update.callback_query
        data = unpack(query.data if query is not None else None, allowed)
        if data is None:
            await stale(update, context)
            return
        await feature(update, context, data)
        await answer(update, context)

    return CallbackQueryHandler(handle, pattern=pattern)
