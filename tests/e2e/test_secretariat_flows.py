"""The secretariat's /members and /agencies, with buttons and a conversation that survives a restart."""

from __future__ import annotations

import io

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.services.access import AccessDenied
from bot.texts import bot as t
from storage.engine import Database
from storage.repositories.audit import AuditRepo
from tests.e2e.conftest import AGENCY_A, AGENCY_B, REP_A, SECRETARIAT, enroll, start_bot


async def test_deactivate_a_member_with_buttons(chat: ScriptedChat, tracker_db: Database) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    listing = await chat.say(SECRETARIAT, "/members", expect=["علی محمدی", "مریم رضایی"])
    card = await chat.press(SECRETARIAT, listing, "علی", expect=[AGENCY_A, "فعال"])
    ask = await chat.press(SECRETARIAT, card, "غیرفعال", expect=["غیرفعال شود"])
    card = await chat.press(SECRETARIAT, ask, "بله", expect=["غیرفعال"])
    assert not any("غیرفعال کردن" in b.text for row in card.buttons for b in row)
    # Now a stranger again.
    answer = await chat.say(REP_A, "/whoami")
    assert answer.text == t.STRANGER
    async with tracker_db.read() as conn:
        actions = [entry.action for entry in await AuditRepo(conn).list()]
    assert "member.deactivate" in actions


async def test_move_a_member_to_another_agency(chat: ScriptedChat) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    listing = await chat.say(SECRETARIAT, "/members")
    card = await chat.press(SECRETARIAT, listing, "علی")
    picker = await chat.press(SECRETARIAT, card, "انتقال", expect=["کدام دستگاه"])
    assert AGENCY_A not in [b.text for row in picker.buttons for b in row]
    await chat.press(SECRETARIAT, picker, AGENCY_B, expect=[AGENCY_B])
    await chat.say(REP_A, "/whoami", expect=[AGENCY_B])


async def test_add_an_agency_and_an_alias(chat: ScriptedChat) -> None:
    listing = await chat.say(SECRETARIAT, "/agencies", expect=[AGENCY_A])
    await chat.press(SECRETARIAT, listing, "افزودن دستگاه", expect=["نام"])
    await chat.say(SECRETARIAT, AGENCY_A, expect=["قبلاً", "/cancel"])  # a duplicate: asked again
    await chat.say(SECRETARIAT, "اداره کل ورزش و جوانان استان", expect=["ثبت شد"])
    await chat.say(SECRETARIAT, "یک متن بی‌ربط", expect=[t.NOT_UNDERSTOOD])  # the conversation is over
    listing = await chat.say(SECRETARIAT, "/agencies", expect=["ورزش و جوانان"])
    picker = await chat.press(SECRETARIAT, listing, "نام دیگر")
    await chat.press(SECRETARIAT, picker, "ورزش و جوانان", expect=["نام دیگری"])
    await chat.say(SECRETARIAT, "ورزش و جوانان", expect=["نام دیگر"])
    await chat.say(SECRETARIAT, "/invite ورزش و جوانان", expect=["?start=", "اداره کل ورزش و جوانان استان"])


async def test_cancel_ends_a_conversation(chat: ScriptedChat) -> None:
    listing = await chat.say(SECRETARIAT, "/agencies")
    await chat.press(SECRETARIAT, listing, "افزودن دستگاه")
    await chat.say(SECRETARIAT, "/cancel", expect=[t.CANCELLED])
    await chat.say(SECRETARIAT, "اداره کل هواشناسی", expect=[t.NOT_UNDERSTOOD])
    await chat.say(SECRETARIAT, "/cancel", expect=[t.NOTHING_TO_CANCEL])


async def test_a_restart_mid_conversation_loses_nothing(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    async with start_bot(settings, tracker_db, clock, platform) as first:
        chat = ScriptedChat(first.client, io.StringIO())
        listing = await chat.say(SECRETARIAT, "/agencies")
        await chat.press(SECRETARIAT, listing, "افزودن دستگاه", expect=["نام"])
    # A new process (new application, new simulator): the step is read back from the database.
    async with start_bot(settings, tracker_db, clock, platform) as second:
        chat = ScriptedChat(second.client, io.StringIO())
        await chat.say(SECRETARIAT, "اداره کل هواشناسی استان", expect=["ثبت شد"])


async def test_forged_callback_data_changes_nothing(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database
) -> None:
    """A modified client can send any callback data: the ids are checked against the database and the role."""
    await enroll(chat, REP_A, AGENCY_A)
    own = await chat.say(REP_A, "/whoami")
    async with tracker_db.read() as conn:
        before = len(await AuditRepo(conn).list())
    secretariat_id = 1  # the admin registered first
    for data in (f"mem:dy:{secretariat_id}", "mem:t:2:2", "inv:r:secretariat", "ag:new", "inv:a:1"):
        sent = await sandbox.client.press(REP_A.user, own.message_id, data, forge=True)
        answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=own.message_id)
        assert answers[-1].text == AccessDenied.default_message(), data
        await sandbox.client.callback_answer(sent.callback_query_id or "")
        own = answers[-1]
    for data in ("mem:dy:abc", "zz:1", "mem:s:1:2:3", "inv:r:root"):
        sent = await sandbox.client.press(REP_A.user, own.message_id, data, forge=True)
        answer = await sandbox.client.callback_answer(sent.callback_query_id or "")
        assert answer["text"] == t.STALE_BUTTON and answer["show_alert"], data
    # The secretariat's own forged ids: refused by what the database holds.
    listing = await chat.say(SECRETARIAT, "/members")
    await sandbox.client.press(SECRETARIAT.user, listing.message_id, "mem:s:99999", forge=True)
    answers = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=listing.message_id)
    assert "پیدا نشد" in answers[-1].text
    async with tracker_db.read() as conn:
        assert len(await AuditRepo(conn).list()) == before
