"""/new_resolution end to end: the form, the wizard, fixing an unknown agency, and bad input."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, datetime

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.texts import bot as chat_texts
from bot.texts import new_resolution as new_resolution_texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.audit import AuditRepo
from tests.e2e.conftest import AGENCY_A, REP_A, SECRETARIAT, enroll, start_bot
from tests.e2e.helpers import import_sample, wait_for_count


async def at_meeting_31(chat: ScriptedChat, db: Database, clock: FixedClock) -> None:
    """1405/07/18, two days after meeting 31; the municipality's representative is registered."""
    clock.advance(datetime(2026, 10, 10, 6, 0, tzinfo=UTC) - clock.now())
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    await import_sample(db, clock, "minutes_31.md")


async def test_form_with_an_unknown_agency_created_on_the_spot(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await at_meeting_31(chat, tracker_db, clock)
    await chat.say(SECRETARIAT, "/help", expect=["جلسه: ۳۱", "اقدام کننده:", "مهلت: ۲ هفته"])
    form = (
        "/new_resolution\nجلسه: ۳۱\nمتن: پایش کیفیت آب شرب <محلات> هدف\nبندها:\nالف - نمونه‌برداری\n"
        "ب - گزارش ماهانه\nاقدام کننده: کمالشهر، اداره کل هواشناسی\nمهلت: ۳ هفته"
    )
    # «کمالشهر» alone fits more than one agency: did you mean…? Then the unknown one: create it.
    which = await chat.say(SECRETARIAT, form, expect=["«کمالشهر» با چند دستگاه جور است"])
    assert AGENCY_A in which.button_texts()
    asked = await chat.press(SECRETARIAT, which, AGENCY_A, expect=["«اداره کل هواشناسی» شناخته نشد"])
    await chat.press(SECRETARIAT, asked, "دستگاه تازه", expect=["پیش‌نمایش", "ردیف ۵", "۱۴۰۵/۰۸/۰۷"])
    preview = (await sandbox.client.messages(SECRETARIAT.user.id))[-1]
    assert "اداره کل هواشناسی" in preview.text and AGENCY_A in preview.text
    assert "<محلات>" in preview.text and "ب) گزارش ماهانه" in preview.text
    await chat.press(SECRETARIAT, preview, "ثبت و ارسال", expect=["ردیف ۵ ثبت شد", "اداره کل هواشناسی"])
    pushed = await wait_for_count(sandbox, REP_A.user.id, "ردیف ۵", 1)
    assert "پایش کیفیت آب شرب <محلات> هدف" in pushed[0] and "الف) نمونه‌برداری" in pushed[0]
    # Pressing «ثبت» again (a double tap) stores nothing twice.
    data = preview.find_button("ثبت و ارسال").callback_data or ""
    await sandbox.client.press(SECRETARIAT.user, preview.message_id, data)
    await asyncio.sleep(0.5)
    async with tracker_db.read() as conn:
        assert await AgencyRepo(conn).get_by_name("اداره کل هواشناسی") is not None
        actions = [a.action for a in await AuditRepo(conn).list()]
    assert actions.count("resolution.create") == 5 and "agency.create" in actions


async def test_wizard_step_by_step_with_bad_answers(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await at_meeting_31(chat, tracker_db, clock)
    start = await chat.say(SECRETARIAT, "/new_resolution", expect=["کدام جلسه"])
    await chat.press(SECRETARIAT, start, "جلسه ۳۱", expect=["متن مصوبه جلسه ۳۱"])
    await chat.say(SECRETARIAT, "   ", expect=["متن مصوبه خالی است"])
    await chat.say(SECRETARIAT, "ک" * 5000, expect=["۵۰۰۰ نویسه"])
    items = await chat.say(SECRETARIAT, "برگزاری جلسه هماهنگی با بهزیستی", expect=["بند"])
    agencies = await chat.press(SECRETARIAT, items, "بدون بند", expect=["دستگاه اقدام کننده"])
    assert agencies.button_texts() == ["همه دستگاه‌ها"]
    typed = await chat.say(SECRETARIAT, "اداره کل ناموجود", expect=["دقیقاً پیدا نشد"])
    assert new_resolution_texts.BUTTON_CONTINUE not in typed.button_texts()  # nothing chosen yet
    added = await chat.say(SECRETARIAT, "شهرداری کمالشهر", expect=["افزوده شد: شهرداری کمالشهر"])
    # Forward points left and sits at the left end of the row (a row is laid out left to right).
    assert added.buttons[-1][0].text == "ادامه ◀️"
    deadline = await chat.press(SECRETARIAT, added, "ادامه", expect=["مهلت اقدام"])
    assert deadline.button_texts() == ["۱ هفته", "۲ هفته", "۳ هفته", "یک ماه", "مستمر"]
    await chat.say(SECRETARIAT, "۱۴۰۵/۰۷/۰۱", expect=["گذشته است"])
    await chat.say(SECRETARIAT, "هر وقت شد", expect=["نفهمیدم"])
    # A restart here loses nothing: the draft is in the database (the bot's own process is the same,
    # but every step reads it from there; the restart itself is tested in test_secretariat_flows).
    await chat.press(SECRETARIAT, deadline, "مستمر", expect=["پیش‌نمایش", "مهلت: مستمر", "ردیف ۵"])
    preview = (await sandbox.client.messages(SECRETARIAT.user.id))[-1]
    await chat.press(SECRETARIAT, preview, "ثبت و ارسال", expect=["ردیف ۵ ثبت شد"])
    await wait_for_count(sandbox, REP_A.user.id, "ردیف ۵", 1)
    await chat.say(SECRETARIAT, "/cancel", expect=[chat_texts.NOTHING_TO_CANCEL])


async def test_new_meeting_form_errors_and_cancel(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await at_meeting_31(chat, tracker_db, clock)
    await chat.say(
        SECRETARIAT, "/new_resolution\nجلسه: ۳۱\nمتن: الف", expect=["«اقدام کننده» نیامده", "/new_resolution"]
    )
    await chat.say(
        SECRETARIAT,
        "/new_resolution\nجلسه: ۳۲\nمتن: الف\nاقدام کننده: شهرداری کمالشهر\nمهلت: ۱ هفته",
        expect=["تاریخ تشکیل آن را هم بنویسید"],
    )
    start = await chat.say(SECRETARIAT, "/new_resolution", expect=["کدام جلسه"])
    await chat.press(SECRETARIAT, start, "جلسه تازه", expect=["شماره و تاریخ"])
    await chat.say(SECRETARIAT, "۳۲", expect=["تاریخ تشکیل"])
    await chat.say(SECRETARIAT, "۳۲ ۱۴۰۵/۰۷/۳۰", expect=["متن مصوبه جلسه ۳۲"])
    await chat.say(SECRETARIAT, "/cancel", expect=[chat_texts.CANCELLED])
    # The representative cannot use it.
    await chat.say(REP_A, "/new_resolution", expect=["دبیرخانه"])


async def test_the_wizard_survives_a_restart(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    async with start_bot(settings, tracker_db, clock, platform) as first:
        chat = ScriptedChat(first.client, io.StringIO())
        await chat.say(SECRETARIAT, "/start")
        await chat.say(SECRETARIAT, "/new_resolution", expect=["جلسه تازه"])
        await chat.say(SECRETARIAT, "۳۲ ۱۴۰۵/۰۸/۰۱", expect=["متن مصوبه جلسه ۳۲"])
        await chat.say(SECRETARIAT, "پایش روشنایی معابر", expect=["بند"])
    # A new process: the draft and its step are read back from the database.
    async with start_bot(settings, tracker_db, clock, platform) as second:
        chat = ScriptedChat(second.client, io.StringIO())
        await chat.say(SECRETARIAT, "الف - خیابان اصلی", expect=["دستگاه اقدام کننده"])
        added = await chat.say(SECRETARIAT, AGENCY_A, expect=["افزوده شد"])
        await chat.press(SECRETARIAT, added, "ادامه", expect=["مهلت اقدام"])
        preview = await chat.say(
            SECRETARIAT, "مستمر", expect=["پیش‌نمایش", "جلسه ۳۲", "پایش روشنایی", "الف) خیابان اصلی"]
        )
        await chat.press(SECRETARIAT, preview, "ثبت و ارسال", expect=["جلسه ۳۲ ردیف ۱ ثبت شد"])
