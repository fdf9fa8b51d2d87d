"""Scripted people on the simulator: they write and press buttons, and every answer is checked.

The demo prints what they do as a transcript; the end-to-end tests use the same class to drive the bot.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TextIO, cast

from pydantic import SecretStr

from bot.app import build_application, running
from bot.config import Settings
from bot.domain.clock import Clock
from bot.platforms import PROFILES, PlatformName
from bot.runtime import PeygirApp
from bot.texts import demo as t
from simulator import SIMULATOR_TOKEN, SimMessage, Simulator, SimulatorClient, SimUser
from storage.engine import Database

STEP_TIMEOUT = 15.0


@dataclass(frozen=True)
class Person:
    user: SimUser
    label: str  # how the transcript names them


class StepFailed(Exception):
    """The bot did not answer as the scenario expects; the message says what was missing."""


class ScriptedChat:
    """Drives the simulator as people would and writes what happens as a transcript."""

    def __init__(self, client: SimulatorClient, out: TextIO) -> None:
        self.client = client
        self.out = out
        self.steps = 0
        self._seen: dict[int, int] = {}  # per chat: the last message `receive` has shown

    def note(self, text: str) -> None:
        self.out.write(f"\n— {text}\n")

    def _show(self, message: SimMessage, edited: bool = False) -> None:
        head = t.BOT_EDITED if edited else t.BOT_SAID
        body = message.text.replace("\n", "\n      ")
        self.out.write(f"  🤖 {head}: {body}\n")
        if message.photo is not None:
            self.out.write(f"      {t.SHOWN_PHOTO.format(size=message.photo.get('size'))}\n")
        if message.document is not None:
            shown = t.SHOWN_DOCUMENT.format(
                name=message.document.get("file_name"), size=message.document.get("size")
            )
            self.out.write(f"      {shown}\n")
        for row in message.buttons:
            self.out.write("      " + "  ".join(f"[{b.text}]" for b in row) + "\n")

    def _check(self, person: Person, text: str, expect: Sequence[str], refuse: Sequence[str]) -> None:
        self.steps += 1
        missing = [e for e in expect if e not in text]
        present = [r for r in refuse if r in text]
        if missing or present:
            raise StepFailed(t.STEP_FAILED.format(who=person.label, missing=missing, present=present))

    async def say(
        self, person: Person, text: str, expect: Sequence[str] = (), refuse: Sequence[str] = ()
    ) -> SimMessage:
        """`person` sends `text`; the bot's answer must contain every `expect` and no `refuse`."""
        self.out.write(f"  👤 {person.label}: {text}\n")
        sent = await self.client.send_message(person.user, text)
        answers = await self.client.wait_for_bot_messages(
            person.user.id, after=sent.message_id, timeout=STEP_TIMEOUT
        )
        for message in answers:
            self._show(message)
        self._check(person, "\n".join(m.text for m in answers), expect, refuse)
        return answers[-1]

    async def send_file(
        self,
        person: Person,
        name: str,
        content: bytes,
        *,
        caption: str | None = None,
        reply_to: SimMessage | None = None,
        photo: bool = False,
        expect: Sequence[str] = (),
    ) -> SimMessage:
        """`person` sends a document (or a photo), optionally as a reply; the answer must hold `expect`."""
        reply_id = reply_to.message_id if reply_to else None
        self.out.write(f"  👤 {person.label}: 📎 {name}{f' — {caption}' if caption else ''}\n")
        if photo:
            sent = await self.client.send_photo(
                person.user, content, caption=caption, reply_to_message_id=reply_id
            )
        else:
            sent = await self.client.send_document(
                person.user, name, content, caption=caption, reply_to_message_id=reply_id
            )
        answers = await self.client.wait_for_bot_messages(
            person.user.id, after=sent.message_id, timeout=STEP_TIMEOUT
        )
        for message in answers:
            self._show(message)
        self._check(person, "\n".join(m.text for m in answers), expect, ())
        return answers[-1]

    async def receive(self, person: Person, marker: str, count: int = 1) -> list[SimMessage]:
        """Wait for `count` bot messages with `marker` that came to `person` unasked (pushes, notices)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while loop.time() < deadline:
            found = [
                m
                for m in await self.client.messages(person.user.id, after=self._seen.get(person.user.id, 0))
                if m.from_bot and marker in m.text
            ]
            if len(found) >= count:
                self.out.write(f"  📨 {t.ARRIVED.format(who=person.label)}\n")
                for message in found:
                    self._show(message)
                self._seen[person.user.id] = found[-1].message_id
                self.steps += 1
                return found
            await asyncio.sleep(0.05)
        raise StepFailed(t.NOTHING_ARRIVED.format(who=person.label, marker=marker))

    async def press(
        self, person: Person, message: SimMessage, button: str, expect: Sequence[str] = ()
    ) -> SimMessage:
        """`person` presses the button whose text contains `button`; the bot edits or answers anew."""
        target = message.find_button(button)
        self.out.write(f"  👆 {person.label}: [{target.text}]\n")
        assert target.callback_data is not None
        before = await self.client.messages(person.user.id)
        last_id = max(m.message_id for m in before)
        # The message as it is now (an earlier press may have edited it since `message` was read).
        current = next((m for m in before if m.message_id == message.message_id), message)
        await self.client.press(person.user, message.message_id, target.callback_data)
        result = await self._after_press(person.user.id, current, last_id)
        self._check(person, result.text, expect, ())
        return result

    async def _after_press(self, chat_id: int, pressed: SimMessage, last_id: int) -> SimMessage:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while loop.time() < deadline:
            messages = await self.client.messages(chat_id)
            fresh = [m for m in messages if m.from_bot and m.message_id > last_id]
            if fresh:
                for message in fresh:
                    self._show(message)
                return fresh[-1]
            for message in messages:
                if message.message_id == pressed.message_id and message.revision > pressed.revision:
                    self._show(message, edited=True)
                    return message
            await asyncio.sleep(0.05)
        raise StepFailed(t.NO_ANSWER)


def link_token(message: SimMessage) -> str:
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", message.text)
    if match is None:
        raise StepFailed(t.NO_LINK)
    return match.group(1)


@dataclass(frozen=True)
class Sandbox:
    """The bot running against its own simulator."""

    simulator: Simulator
    client: SimulatorClient
    app: PeygirApp
    settings: Settings


@asynccontextmanager
async def bot_on_simulator(
    settings: Settings,
    db: Database,
    clock: Clock,
    *,
    platform: str,
    admin_ids: tuple[int, ...],
    limits: bool = True,
) -> AsyncIterator[Sandbox]:
    """Start a simulator in `platform`'s mode and the bot polling it (on `db`); stop both on exit.

    With `limits` off the simulator answers no 429 and the bot does not pace itself, for fast tests.
    """
    if platform not in PROFILES:
        raise ValueError(f"unknown platform {platform!r}")
    mode = cast(PlatformName, platform)
    async with Simulator(mode=mode, limits=limits) as simulator:
        bot_settings = settings.model_copy(
            update={
                "platform": mode,
                "bot_token": SecretStr(SIMULATOR_TOKEN),
                "bot_api_base_url": simulator.bot_api_base_url,
                "bot_api_file_url": simulator.bot_api_file_url,
                "proxy_url": None,
                "admin_ids": admin_ids,
                # Bale is polled, not long-polled: poll often against the local simulator.
                "poll_interval": 0.05 if platform == "bale" else None,
            }
        )
        # Tests and the demo drain the outbox often: a push shows up without a second's wait.
        app = build_application(
            bot_settings, database=db, clock=clock, rate_limits=limits, dispatch_interval=0.1
        )
        async with running(app), SimulatorClient(simulator.base_url) as client:
            yield Sandbox(simulator, client, app, bot_settings)
