"""What differs between Telegram and Bale, checked against the simulator in each mode."""

from __future__ import annotations

import asyncio
import io
import time

import pytest
from telegram import ReplyParameters

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.config import Settings
from bot.domain.clock import FixedClock
from storage.engine import Database
from tests.e2e.conftest import AGENCY_A, REP_A, SECRETARIAT, enroll, start_bot


async def test_command_menu_per_role_where_supported(chat: ScriptedChat, sandbox: Sandbox) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    if sandbox.settings.platform == "bale":
        # Bale documents no setMyCommands: the bot does not call it (and would survive its 404).
        assert await sandbox.client.commands() == []
        assert "setMyCommands" not in (await sandbox.client.stats())["requests"]
        return
    menus = {
        (entry["scope"].get("type"), entry["scope"].get("chat_id")): [c["command"] for c in entry["commands"]]
        for entry in await sandbox.client.commands()
    }
    assert menus[("default", None)] == ["start"]  # a stranger can only register
    assert "invite" not in menus[("chat", REP_A.user.id)]
    assert "whoami" in menus[("chat", REP_A.user.id)]


async def test_replies_use_the_field_the_platform_documents(chat: ScriptedChat, sandbox: Sandbox) -> None:
    first = await chat.say(SECRETARIAT, "/start")
    reply = await sandbox.app.bot.send_message(
        SECRETARIAT.user.id, "پاسخ", reply_parameters=ReplyParameters(first.message_id)
    )
    stored = [
        m for m in await sandbox.client.messages(SECRETARIAT.user.id) if m.message_id == reply.message_id
    ]
    # Telegram honours reply_parameters; Bale's simulator only reply_to_message_id, which the bot mirrors.
    assert stored[0].reply_to_message_id == first.message_id


async def test_commands_work_without_entities_and_with_the_bot_s_name(chat: ScriptedChat) -> None:
    await chat.say(SECRETARIAT, "/help@PeygirBot", expect=["/invite"])
    await chat.say(SECRETARIAT, "/HELP", expect=["/invite"])
    await chat.say(SECRETARIAT, "/help@SomeOtherBot", expect=["متوجه نشدم"])


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_the_bot_keeps_to_the_per_chat_limit(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    """With the simulator's limits on, quick commands in one chat get paced answers and no 429."""
    async with start_bot(settings, tracker_db, clock, platform, limits=True) as box:
        started = time.monotonic()
        sent = [
            await box.client.send_message(SECRETARIAT.user, text) for text in ("/help", "/whoami", "/help")
        ]
        answers = await box.client.wait_for_bot_messages(
            SECRETARIAT.user.id, after=sent[0].message_id, count=3
        )
        elapsed = time.monotonic() - started
        stats = await box.client.stats()
    assert len(answers) == 3
    assert stats["rate_limited"] == 0
    assert elapsed >= 2.0  # three messages to one chat: at least two pauses of a second
    await asyncio.sleep(0)


async def test_html_only_on_telegram(chat: ScriptedChat, sandbox: Sandbox) -> None:
    answer = await chat.say(SECRETARIAT, "/help")
    # The simulator stores Telegram's text with tags parsed away, Bale's exactly as sent: either way the
    # person never sees a tag.
    assert "<b>" not in answer.text
    assert answer.text.startswith("راهنما")


async def test_bale_slow_down_answers_are_retried(
    settings: Settings, tracker_db: Database, clock: FixedClock
) -> None:
    """Bale's 440 / "bot limit exceed" carries no retry_after: the bot's limiter waits and sends again."""
    async with start_bot(settings, tracker_db, clock, "bale", limits=True) as box:
        await box.client.set_faults(0.5, ["440", "429"], methods=["sendMessage"], seed=4)
        chat = ScriptedChat(box.client, io.StringIO())
        for text, expected in (("/whoami", "مریم"), ("/help", "/invite")):
            await chat.say(SECRETARIAT, text, expect=[expected])
        stats = await box.client.stats()
    assert sum(stats["faults"].values()) >= 1
