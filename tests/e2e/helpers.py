"""Shared steps of the end-to-end tests: the sample minutes imported, waiting for the bot's messages, a
forged button press, the municipality's push about row 3 of minutes 31."""

from __future__ import annotations

import asyncio

from bot.cli.scripted import Person, Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.samples import sample_bytes
from bot.services.access import AccessDenied
from bot.services.minutes_import import ImportReport, MinutesImportService
from simulator import SimMessage
from storage.engine import Database
from tests.e2e.conftest import AGENCY_A, REP_A, enroll


async def import_sample(db: Database, clock: FixedClock, name: str) -> ImportReport:
    parsed = parse_minutes_bytes(sample_bytes(name), name, WorkCalendar())
    return await MinutesImportService(db, clock).commit(parsed, actor="test")


async def bot_texts(sandbox: Sandbox, user_id: int, after: int = 0) -> list[str]:
    return [m.text for m in await sandbox.client.messages(user_id, after=after) if m.from_bot]


async def wait_for_count(
    sandbox: Sandbox, user_id: int, marker: str, count: int, seconds: float = 10
) -> list[str]:
    for _ in range(int(seconds / 0.05)):
        found = [text for text in await bot_texts(sandbox, user_id) if marker in text]
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} messages with {marker!r} expected in chat {user_id}")


async def forged_press_is_denied(chat: ScriptedChat, sandbox: Sandbox, person: Person, data: str) -> None:
    """`person` sends another role's button data from their own chat (a modified client): refused."""
    own = await chat.say(person, "/whoami")
    await sandbox.client.press(person.user, own.message_id, data, forge=True)
    answers = await sandbox.client.wait_for_bot_messages(person.user.id, after=own.message_id)
    assert answers[-1].text == AccessDenied.default_message()


async def row_3_pushed(chat: ScriptedChat, sandbox: Sandbox, db: Database, clock: FixedClock) -> SimMessage:
    """The municipality's representative registers, minutes 31 arrive: its push about row 3."""
    await enroll(chat, REP_A, AGENCY_A)
    await import_sample(db, clock, "minutes_31.md")
    await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)
    return next(m for m in await sandbox.client.messages(REP_A.user.id) if "ردیف ۳" in m.text)


async def all_answers(
    sandbox: Sandbox, person: Person, text: str, *, reply_to: int | None = None, seconds: float = 10
) -> list[SimMessage]:
    """Every message the bot sends `person` in answer to `text`: after it, `person` sends /whoami, and once
    that is answered (its «نقش:» line) the messages between are the whole answer to `text`."""
    sent = await sandbox.client.send_message(person.user, text, reply_to_message_id=reply_to)
    await sandbox.client.send_message(person.user, "/whoami")
    for _ in range(int(seconds / 0.05)):
        messages = [
            m for m in await sandbox.client.messages(person.user.id, after=sent.message_id) if m.from_bot
        ]
        if any("نقش:" in m.text for m in messages):
            return [m for m in messages if "نقش:" not in m.text]
        await asyncio.sleep(0.05)
    raise AssertionError(f"no answer to /whoami after {text[:40]!r}")


async def buttons_of(
    sandbox: Sandbox, user_id: int, message_id: int, expected: list[str], seconds: float = 10
) -> list[str]:
    """Wait until the bot's message `message_id` shows the buttons `expected` (their labels, in order)."""
    shown: list[str] = []
    for _ in range(int(seconds / 0.05)):
        messages = await sandbox.client.messages(user_id)
        shown = next((m.button_texts() for m in messages if m.message_id == message_id), [])
        if shown == expected:
            return shown
        await asyncio.sleep(0.05)
    raise AssertionError(f"message {message_id} shows {shown}, not {expected}")


async def press_answer(
    sandbox: Sandbox, person: Person, message: SimMessage, button: str
) -> dict[str, object]:
    """`person` presses the button of `message` whose label holds `button`; the press's answer (its
    `text` and `show_alert`), for presses answered without a message."""
    data = message.find_button(button).callback_data or ""
    pressed = await sandbox.client.press(person.user, message.message_id, data)
    return await sandbox.client.callback_answer(pressed.callback_query_id or "")
