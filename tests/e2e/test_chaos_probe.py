"""One person's heavy update does not stall the others: while each heavy update is handled, another
member's /whoami is answered in under a second (the heavy-update probe of the chaos suite)."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.cli.scripted import Person, Sandbox, ScriptedChat
from simulator import Sent
from tests.e2e.conftest import AGENCY_A, GOVERNOR, REP_A, SECRETARIAT, enroll
from tests.heavy_tasks import docx_bomb

# The goal: another person's simple command while something heavy is in hand.
PROBE_LIMIT = 1.0


async def probe(sandbox: Sandbox, person: Person) -> float:
    """Seconds from /whoami to its answer."""
    started = time.monotonic()
    sent = await sandbox.client.send_message(person.user, "/whoami")
    await sandbox.client.wait_for_bot_messages(person.user.id, after=sent.message_id, timeout=10)
    return time.monotonic() - started


async def answered(sandbox: Sandbox, person: Person, sent: Sent) -> None:
    await sandbox.client.wait_for_bot_messages(person.user.id, after=sent.message_id, timeout=60)


@pytest.fixture
def platform() -> str:
    """The probe measures the bot's own concurrency, the same on both platforms: Telegram's profile."""
    return "telegram"


@pytest.fixture
async def council(chat: ScriptedChat) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    await enroll(chat, GOVERNOR)


async def test_a_huge_command_does_not_stall_another_member(sandbox: Sandbox, council: None) -> None:
    heavy = await sandbox.client.send_message(REP_A.user, "/status " + "ب" * 100_000)
    took = await probe(sandbox, GOVERNOR)
    await answered(sandbox, REP_A, heavy)
    assert took < PROBE_LIMIT, f"/whoami took {took:.2f} s"
    answers = [m for m in await sandbox.client.messages(REP_A.user.id, after=heavy.message_id) if m.from_bot]
    assert len(answers) == 1 and len(answers[0].text) < 500  # one short answer, no echo of the junk


async def test_a_docx_bomb_does_not_stall_another_member(sandbox: Sandbox, council: None) -> None:
    bomb = await asyncio.to_thread(docx_bomb, 190)
    heavy = await sandbox.client.send_document(SECRETARIAT.user, "minutes.docx", bomb)
    await asyncio.sleep(0.2)  # the file is being read
    took = await probe(sandbox, GOVERNOR)
    await answered(sandbox, SECRETARIAT, heavy)
    assert took < PROBE_LIMIT, f"/whoami took {took:.2f} s"
