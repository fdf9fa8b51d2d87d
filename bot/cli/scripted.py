"""Scripted people on the simulator: they write and press buttons, and every answer is checked.

The demo prints what they do as a transcript; the end-to-end tests use the same class to drive the bot.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TextIO, cast

from pydantic import SecretStr

from bot.app import build_application, running
from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.persian import fa
from bot.platforms import PROFILES, PlatformName
from bot.runtime import PeygirApp
from bot.texts import demo as t
from simulator import SIMULATOR_TOKEN, SimMessage, Simulator, SimulatorClient, SimUser
from storage.engine import Database

STEP_TIMEOUT = 15.0


INDENT = "      "  # the transcript's indent for a message's second and later lines, and its buttons


@dataclass(frozen=True)
class Person:
    user: SimUser
    label: str  # how the transcript names them

    @property
    def full_name(self) -> str:
        """The name the bot knows them by (the platform's first and last name)."""
        return " ".join(part for part in (self.user.first_name, self.user.last_name) if part)


class StepFailed(Exception):
    """The bot did not answer as the scenario expects; the message says what was missing."""


def indented(text: str) -> str:
    """`text` for the transcript: its second and later lines after INDENT, each keeping its own leading
    spaces (a sub-item stays deeper than its item)."""
    return f"\n{INDENT}".join(text.splitlines() or [""])


class ScriptedChat:
    """Drives the simulator as people would and writes what happens as a transcript.

    Every message the bot sends a person is shown once, in the order of their chat: the answers to a
    step right after it, and what came unasked (pushes, notices, reminders) before that person's next
    step, at a `receive`, or at `show_the_rest`.
    """

    def __init__(self, client: SimulatorClient, out: TextIO) -> None:
        self.client = client
        self.out = out
        self.steps = 0
        self._people: dict[int, Person] = {}
        # Per chat: the last message shown (every bot message up to it has been), the last one `receive`
        # has handed out, and the bot's answers to steps (which `receive` does not count as unasked).
        self._shown: dict[int, int] = {}
        self._received: dict[int, int] = {}
        self._answers: dict[int, set[int]] = {}

    @property
    def people(self) -> list[Person]:
        """Everyone who has taken part so far."""
        return list(self._people.values())

    def note(self, text: str) -> None:
        self.out.write(f"\n— {text}\n")

    def _show(self, message: SimMessage, edited: bool = False) -> None:
        head = t.BOT_EDITED if edited else t.BOT_SAID
        self.out.write(f"  🤖 {head}: {indented(message.text)}\n")
        if message.photo is not None:
            self.out.write(f"{INDENT}{t.SHOWN_PHOTO.format(size=message.photo.get('size'))}\n")
        if message.document is not None:
            shown = t.SHOWN_DOCUMENT.format(
                name=message.document.get("file_name"), size=message.document.get("size")
            )
            self.out.write(f"{INDENT}{shown}\n")
        for row in message.buttons:
            self.out.write(INDENT + "  ".join(f"[{b.text}]" for b in row) + "\n")

    def _show_arrived(self, person: Person, messages: Sequence[SimMessage]) -> None:
        """Show the bot's `messages` to `person` that are not shown yet, under «arrived»."""
        chat = person.user.id
        fresh = [m for m in messages if m.from_bot and m.message_id > self._shown.get(chat, 0)]
        if not fresh:
            return
        self.out.write(f"  📨 {t.ARRIVED.format(who=person.label)}\n")
        for message in fresh:
            self._show(message)
        self._shown[chat] = fresh[-1].message_id

    def _show_answers(
        self, person: Person, answers: Sequence[SimMessage], edited: SimMessage | None = None
    ) -> None:
        chat = person.user.id
        if edited is not None:
            self._show(edited, edited=True)
        for message in answers:
            self._show(message)
        if answers:
            self._shown[chat] = max(self._shown.get(chat, 0), answers[-1].message_id)
            self._answers.setdefault(chat, set()).update(m.message_id for m in answers)

    def _chat(self, person: Person) -> int:
        """`person`'s chat (they take part from now on)."""
        self._people.setdefault(person.user.id, person)
        return person.user.id

    async def _catch_up(self, person: Person) -> None:
        """Show what came to `person` unasked since their chat was last shown."""
        chat = self._chat(person)
        self._show_arrived(person, await self.client.messages(chat, after=self._shown.get(chat, 0)))

    async def show_the_rest(self) -> None:
        """Show what came to anyone in the scenario and is not shown yet (at the end of a part of the
        story, or of the transcript). What is shown now is done with: a later `receive` waits for newer
        messages."""
        for person in self._people.values():
            await self._catch_up(person)
            chat = person.user.id
            self._received[chat] = max(self._received.get(chat, 0), self._shown.get(chat, 0))

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
        await self._catch_up(person)
        self.out.write(f"  👤 {person.label}: {indented(text)}\n")
        sent = await self.client.send_message(person.user, text)
        return await self._answered(person, sent.message_id, expect, refuse)

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
        await self._catch_up(person)
        reply_id = reply_to.message_id if reply_to else None
        self.out.write(f"  👤 {person.label}: 📎 {name}{f' — {indented(caption)}' if caption else ''}\n")
        if photo:
            sent = await self.client.send_photo(
                person.user, content, caption=caption, reply_to_message_id=reply_id
            )
        else:
            sent = await self.client.send_document(
                person.user, name, content, caption=caption, reply_to_message_id=reply_id
            )
        return await self._answered(person, sent.message_id, expect, ())

    async def _answered(
        self, person: Person, sent_id: int, expect: Sequence[str], refuse: Sequence[str]
    ) -> SimMessage:
        """Wait for the bot's answer to message `sent_id`, show it and check it. A message that came
        unasked just before `sent_id` (after the step's catching up) is shown first, as arrived."""
        chat = person.user.id
        await self.client.wait_for_bot_messages(chat, after=sent_id, timeout=STEP_TIMEOUT)
        fresh = [m for m in await self.client.messages(chat, after=self._shown.get(chat, 0)) if m.from_bot]
        self._show_arrived(person, [m for m in fresh if m.message_id < sent_id])
        answers = [m for m in fresh if m.message_id > sent_id]
        self._show_answers(person, answers)
        self._check(person, "\n".join(m.text for m in answers), expect, refuse)
        return answers[-1]

    async def receive(
        self, person: Person, marker: str = "", count: int = 1, expect: Sequence[str] = ()
    ) -> list[SimMessage]:
        """Wait for `count` more messages with `marker` that came to `person` unasked (pushes, notices,
        reminders); together they must contain every `expect`. Every message not shown yet is shown."""
        chat = self._chat(person)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while True:
            messages = await self.client.messages(chat, after=self._received.get(chat, 0))
            answers = self._answers.get(chat, set())
            found = [m for m in messages if m.from_bot and m.message_id not in answers and marker in m.text]
            if len(found) >= count or loop.time() >= deadline:
                break
            await asyncio.sleep(0.05)
        self._show_arrived(person, messages)
        if len(found) < count:
            with_marker = t.WITH_MARKER.format(marker=marker) if marker else ""
            raise StepFailed(
                t.TOO_FEW_ARRIVED.format(
                    who=person.label, arrived=fa(len(found)), marker=with_marker, count=fa(count)
                )
            )
        taken = found[:count]
        if taken:
            self._received[chat] = taken[-1].message_id
        self._check(person, "\n".join(m.text for m in taken), expect, ())
        return taken

    async def press(
        self, person: Person, message: SimMessage, button: str, expect: Sequence[str] = ()
    ) -> SimMessage:
        """`person` presses the button whose text contains `button` on `message` as it is now (an earlier
        press may have edited it); the bot edits it or answers anew."""
        chat = self._chat(person)
        before = await self.client.messages(chat, after=min(message.message_id - 1, self._shown.get(chat, 0)))
        self._show_arrived(person, before)
        current = next((m for m in before if m.message_id == message.message_id), message)
        target = current.find_button(button)
        self.out.write(f"  👆 {person.label}: [{target.text}]\n")
        assert target.callback_data is not None
        last_id = max([message.message_id, *(m.message_id for m in before)])
        sent = await self.client.press(person.user, message.message_id, target.callback_data)
        # Once the press is answered, whatever the bot handled before it in this chat (an edit that came
        # late) is done, and an answer sent before the spinner stopped is there to be read.
        if sent.callback_query_id is not None:
            try:
                await self.client.callback_answer(sent.callback_query_id, timeout=STEP_TIMEOUT)
            except TimeoutError:
                raise StepFailed(t.NO_ANSWER) from None
        result = await self._after_press(person, current, last_id)
        self._check(person, result.text, expect, ())
        return result

    async def _after_press(self, person: Person, pressed: SimMessage, last_id: int) -> SimMessage:
        """The bot's answer to a press: its new messages (the last is returned) or else the pressed
        message edited; both are shown when both came."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + STEP_TIMEOUT
        while loop.time() < deadline:
            messages = await self.client.messages(person.user.id, after=pressed.message_id - 1)
            fresh = [m for m in messages if m.from_bot and m.message_id > last_id]
            edited = next(
                (m for m in messages if m.message_id == pressed.message_id and m.revision > pressed.revision),
                None,
            )
            if fresh or edited is not None:
                self._show_answers(person, fresh, edited)
                return fresh[-1] if fresh else cast(SimMessage, edited)
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


def free_local_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (the caller binds it next)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _local_webhook() -> dict[str, object]:
    """Webhook settings for a bot on this machine: a free port, a random secret."""
    port = free_local_port()
    return {
        "webhook_url": f"http://127.0.0.1:{port}",
        "webhook_listen": "127.0.0.1",
        "webhook_port": port,
        "webhook_secret": SecretStr(secrets.token_urlsafe(24)),
    }


@asynccontextmanager
async def bot_on_simulator(
    settings: Settings,
    db: Database,
    clock: Clock,
    *,
    platform: str,
    admin_ids: tuple[int, ...],
    limits: bool = True,
    warm: bool = True,
    webhook: bool = False,
) -> AsyncIterator[Sandbox]:
    """Start a simulator in `platform`'s mode and the bot polling it (on `db`); stop both on exit.

    With `limits` off the simulator answers no 429 and the bot does not pace itself, for fast tests; with
    `warm` off the heavy workers start at the first file the bot reads or writes, not at once (about
    0.2 s of CPU saved for each bot started that never reads a file). With `webhook` the bot listens on a
    free local port and the simulator posts the updates there (a random secret in the path).
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
                **(_local_webhook() if webhook else {}),
            }
        )
        # Tests and the demo drain the outbox often: a push shows up without a second's wait.
        app = build_application(
            bot_settings, database=db, clock=clock, rate_limits=limits, dispatch_interval=0.1
        )
        async with running(app, warm=warm, webhook=webhook), SimulatorClient(simulator.base_url) as client:
            yield Sandbox(simulator, client, app, bot_settings)
