"""A failure in a handler: the person gets a short notice, the secretariat is told, the log has the
traceback and never the token."""

from __future__ import annotations

import logging

import pytest

from bot.app import runtime_of
from bot.scripted import Sandbox, ScriptedChat
from bot.simulator import SIMULATOR_TOKEN
from bot.texts import bot as t
from bot.transport import RedactingFormatter
from tests.e2e.conftest import AGENCY_A, REP_A, SECRETARIAT, enroll


async def test_a_failure_is_reported_without_a_stack_trace(
    chat: ScriptedChat, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    runtime = runtime_of(sandbox.app)

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"disk on fire near {SIMULATOR_TOKEN}")

    monkeypatch.setattr(runtime.conversations, "finish", broken)
    before = await sandbox.client.messages(SECRETARIAT.user.id)
    caplog.set_level(logging.DEBUG)
    answer = await chat.say(REP_A, "/cancel")
    assert answer.text == t.ERROR_FOR_USER
    assert "Traceback" not in answer.text and "RuntimeError" not in answer.text

    notices = await sandbox.client.wait_for_bot_messages(
        SECRETARIAT.user.id, after=max(m.message_id for m in before), timeout=5
    )
    assert "RuntimeError" in notices[0].text and "علی" in notices[0].text

    failures = [r for r in caplog.records if r.exc_info and r.levelno >= logging.ERROR]
    assert failures, "the failure is logged with its traceback"
    formatter = RedactingFormatter(SIMULATOR_TOKEN)
    for record in caplog.records:
        assert SIMULATOR_TOKEN not in formatter.format(record)


async def test_a_long_error_notice_is_split(
    chat: ScriptedChat, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.say(SECRETARIAT, "/start")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("ا" * 10_000)

    monkeypatch.setattr(runtime_of(sandbox.app).conversations, "finish", broken)
    answer = await chat.say(SECRETARIAT, "/cancel")
    messages = await sandbox.client.messages(SECRETARIAT.user.id, after=answer.message_id - 3)
    assert all(len(m.text) <= 4096 for m in messages)
