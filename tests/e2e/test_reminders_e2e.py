"""Reminders reach the representative with the buttons of the item's state; a reply to one is a report;
/pause, /resume."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.domain.reminder_policy import ReminderPolicy
from bot.domain.workdays import WorkCalendar
from bot.services.reminders import ReminderService
from storage.engine import Database
from tests.e2e.conftest import REP_A, SECRETARIAT
from tests.e2e.helpers import row_3_pushed, wait_for_count

TEHRAN = ZoneInfo("Asia/Tehran")


async def test_a_reminder_its_reply_and_a_pause(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    # 1405/07/18 (minutes 31: row 3 due 1405/07/26); the reminder 3 working days before, on 07/22.
    clock.advance(datetime(2026, 10, 10, 6, 0, tzinfo=UTC) - clock.now())
    await chat.say(SECRETARIAT, "/start")
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    await chat.press(REP_A, push, "دریافت")  # acknowledged: its reminders have no «دریافت شد»
    sweeper = ReminderService(tracker_db, clock, ReminderPolicy(), WorkCalendar(), TEHRAN)
    clock.advance(datetime(2026, 10, 14, 5, 45, tzinfo=UTC) - clock.now())  # 1405/07/22 09:15
    planned = await sweeper.sweep()
    assert [(p.kind, p.resolution) for p in planned] == [("before_due", 3)]
    reminder = (await wait_for_count(sandbox, REP_A.user.id, "⏰", 1))[0]
    assert "۳ روز کاری تا مهلت جلسه ۳۱ ردیف ۳ (۱۴۰۵/۰۷/۲۶)" in reminder
    message = next(m for m in await sandbox.client.messages(REP_A.user.id) if "⏰" in m.text)
    assert message.button_texts() == ["📝 گزارش پیشرفت", "⏳ درخواست تمدید", "🏁 انجام شد"]
    assert "<b>" not in message.text
    sent = await sandbox.client.send_message(
        REP_A.user, "۸۰٪ انجام شد", reply_to_message_id=message.message_id
    )
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=sent.message_id)
    assert "۸۰٪" in answers[-1].text

    await chat.say(REP_A, "/pause ۱۰", expect=["تا ۱۴۰۵/۰۸/۰۲", "شهرداری کمالشهر", "/resume"])
    clock.advance(datetime(2026, 10, 18, 5, 45, tzinfo=UTC) - clock.now())  # the due morning, 07/26
    assert await sweeper.sweep() == []  # the only representative is paused
    await chat.say(REP_A, "/resume", expect=["دوباره"])
    await chat.say(REP_A, "/resume", expect=["متوقف نبود"])
    await chat.say(REP_A, "/pause هفته", expect=["تعداد روز"])
