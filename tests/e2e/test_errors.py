"""A failure in a handler: the person gets a short notice, the secretariat is told, the log has the
traceback and never the token."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.persian import fa
from bot.runtime import runtime_of
from bot.services.error_notices import DETAIL as NOTICE_DETAIL
from bot.services.errors import ServiceError
from bot.texts import bot as t
from bot.transport import RedactingFormatter
from simulator import SIMULATOR_TOKEN, SimMessage
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


async def test_a_long_error_is_quoted_short_in_the_secretariat_s_notice(
    chat: ScriptedChat, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    await chat.say(SECRETARIAT, "/start")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("x" * 10_000)

    monkeypatch.setattr(runtime_of(sandbox.app).conversations, "finish", broken)
    sent = await sandbox.client.send_message(SECRETARIAT.user, "/cancel")
    messages = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id, count=2)
    texts = [m.text for m in messages]
    assert len(texts) == 2 and texts[0] == t.ERROR_FOR_USER
    quoted = "RuntimeError: " + "x" * (NOTICE_DETAIL - len("RuntimeError: "))
    assert quoted in texts[1] and quoted + "x" not in texts[1]


async def bot_messages_until(
    sandbox: Sandbox, user_id: int, after: int, length: int, seconds: float = 5
) -> list[SimMessage]:
    """The bot's messages after `after` once their texts, joined by line ends, reach `length` characters
    (or whatever has come when `seconds` are up)."""
    messages: list[SimMessage] = []
    for _ in range(int(seconds / 0.05)):
        messages = [m for m in await sandbox.client.messages(user_id, after=after) if m.from_bot]
        if len("\n".join(m.text for m in messages)) >= length:
            break
        await asyncio.sleep(0.05)
    return messages


async def test_a_long_answer_arrives_whole_in_parts_within_the_limit(
    chat: ScriptedChat, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer longer than a message may be (here a refusal listing 300 items) comes in several messages,
    each within the platform's limit, in order, cut only at line ends: together they are the whole answer."""
    await chat.say(SECRETARIAT, "/start")
    runtime = runtime_of(sandbox.app)
    lines = [f"مصوبه {fa(n)}: گزارش پیشرفت طرح بازآفرینی محله و تسهیلات اشتغال خانگی" for n in range(1, 301)]

    async def refuse(*args: object, **kwargs: object) -> None:
        raise ServiceError("این کار انجام نشد:", lines)

    monkeypatch.setattr(runtime.conversations, "finish", refuse)
    whole = "\n".join(["این کار انجام نشد:", *(f"• {line}" for line in lines)])
    limit = runtime.profile.text_limit
    assert len(whole) > 3 * limit

    sent = await sandbox.client.send_message(SECRETARIAT.user, "/cancel")
    parts = await bot_messages_until(sandbox, SECRETARIAT.user.id, sent.message_id, len(whole))
    texts = [m.text for m in parts]
    assert t.ERROR_FOR_USER not in texts
    assert len(parts) >= 4, texts
    assert all(0 < len(text.encode("utf-16-le")) // 2 <= limit for text in texts)
    assert [m.message_id for m in parts] == sorted(m.message_id for m in parts)
    assert "\n".join(texts) == whole
