"""Faults while an update is handled: a passing database fault delays it (the person is told once and it
is handled later, once); a bug fails it and the secretariat hears of each kind once an hour, with a count."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.runtime import runtime_of
from bot.services.error_notices import WINDOW
from bot.services.inbox import backoff
from bot.texts import bot as t
from bot.texts import inbox as inbox_texts
from storage.engine import Database
from tests.e2e.conftest import SECRETARIAT
from tests.e2e.helpers import bot_texts, wait_for_count


async def attempts_recorded(db: Database, attempts: int) -> None:
    """Wait until the update's failed attempts are in the inbox (its retry time is set from then)."""
    for _ in range(200):
        async with db.read() as conn:
            if await conn.scalar(text("SELECT max(attempts) FROM inbox")) == attempts:
                return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{attempts} attempts expected in the inbox")


def locked() -> OperationalError:
    return OperationalError("UPDATE conversation_states", {}, sqlite3.OperationalError("database is locked"))


async def test_a_passing_database_fault_delays_the_update_once_told_and_it_is_handled_later(
    chat: ScriptedChat,
    sandbox: Sandbox,
    clock: FixedClock,
    tracker_db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await chat.say(SECRETARIAT, "/start")
    runtime = runtime_of(sandbox.app)
    real_finish = runtime.conversations.finish
    faults = {"left": 2}

    async def flaky(*args: object, **kwargs: object) -> bool:
        if faults["left"]:
            faults["left"] -= 1
            raise locked()
        return await real_finish(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runtime.conversations, "finish", flaky)
    sent = await sandbox.client.send_message(SECRETARIAT.user, "/cancel")
    delayed = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id)
    assert [m.text for m in delayed] == [inbox_texts.DELAYED]

    await attempts_recorded(tracker_db, 1)
    clock.advance(backoff(0))  # the first retry: the fault is still there; nobody is told again
    await attempts_recorded(tracker_db, 2)
    assert faults["left"] == 0
    clock.advance(backoff(1))  # the second retry succeeds
    answers = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id, count=2)
    texts = [m.text for m in answers]
    assert texts.count(inbox_texts.DELAYED) == 1
    assert t.ERROR_FOR_USER not in texts
    assert len(texts) == 2  # "delayed" once, then the real answer
    assert await runtime.inbox.counts() == {"done": 2}


async def test_a_bug_is_told_to_the_secretariat_once_an_hour_with_a_count(
    chat: ScriptedChat, sandbox: Sandbox, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.say(SECRETARIAT, "/start")
    runtime = runtime_of(sandbox.app)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in /cancel")

    monkeypatch.setattr(runtime.conversations, "finish", broken)
    await chat.say(SECRETARIAT, "/cancel", expect=[t.ERROR_FOR_USER])
    await wait_for_count(sandbox, SECRETARIAT.user.id, "RuntimeError", 1)
    for _ in range(2):
        await chat.say(SECRETARIAT, "/cancel", expect=[t.ERROR_FOR_USER])
    await asyncio.sleep(0.5)  # a notice for these would have been sent by now
    notices = [text for text in await bot_texts(sandbox, SECRETARIAT.user.id) if "RuntimeError" in text]
    assert len(notices) == 1  # not one per update
    clock.advance(WINDOW)  # the hour is over: the repeats in one notice
    (repeats,) = await wait_for_count(sandbox, SECRETARIAT.user.id, "بار دیگر", 1)
    assert "۲ بار دیگر" in repeats and "a bug in /cancel" in repeats
    states = await runtime.inbox.counts()
    assert states.get("failed") == 3
