"""«درخواست تمدید» end to end: the representative asks with a date and a reason, the secretariat decides."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.texts import bot as chat_texts
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from tests.e2e.conftest import REP_A, SECRETARIAT
from tests.e2e.helpers import buttons_of, forged_press_is_denied, press_answer, row_3_pushed, wait_for_count


async def test_extension_is_asked_approved_then_asked_again_and_denied(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    # 1405/07/18, two days after meeting 31; its row 3 is due 1405/07/26.
    clock.advance(datetime(2026, 10, 10, 6, 0, tzinfo=UTC) - clock.now())
    await chat.say(SECRETARIAT, "/start")
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    assert push.button_texts() == ["✅ دریافت شد", "📝 گزارش پیشرفت", "⏳ درخواست تمدید", "🏁 انجام شد"]
    ongoing = next(m for m in await sandbox.client.messages(REP_A.user.id) if "ردیف ۴" in m.text)
    assert ongoing.button_texts() == ["✅ دریافت شد", "📝 گزارش پیشرفت", "🏁 انجام شد"]  # nothing to extend

    # The prompt says what «۲ هفته» counts from: the due date, which has not passed.
    from_due = "«۲ هفته»، که از مهلت فعلی (۱۴۰۵/۰۷/۲۶) شمرده می‌شود"
    await chat.press(REP_A, push, "تمدید", expect=["مهلت فعلی: ۱۴۰۵/۰۷/۲۶", from_due])
    confirm = await chat.say(REP_A, "۱ هفته", expect=["مهلت تازه جلسه ۳۱ ردیف ۳: ۱۴۰۵/۰۸/۰۳"])
    assert "(۱ هفته پس از مهلت فعلی، ۱۴۰۵/۰۷/۲۶)" in confirm.text
    assert confirm.button_texts() == ["✔️ تأیید مهلت", "✏️ تاریخ دیگر", "✖️ انصراف"]
    await chat.press(REP_A, confirm, "انصراف", expect=["درخواست تمدید لغو شد"])
    await chat.say(REP_A, "/cancel", expect=[chat_texts.NOTHING_TO_CANCEL])  # nothing left waiting

    await chat.press(REP_A, push, "تمدید", expect=["مهلت فعلی: ۱۴۰۵/۰۷/۲۶"])
    await chat.say(REP_A, "هر وقت شد", expect=["تاریخ را نفهمیدم"])
    await chat.say(REP_A, "۱۴۰۵/۰۷/۲۰", expect=["باید بعد از ۱۴۰۵/۰۷/۲۶"])
    confirm = await chat.say(REP_A, "۱۴۰۵/۰۸/۱۰", expect=["۱۴۰۵/۰۸/۱۰", "درست است؟"])
    await chat.press(REP_A, confirm, "تاریخ دیگر", expect=["مهلت فعلی: ۱۴۰۵/۰۷/۲۶", from_due])
    confirm = await chat.say(REP_A, "۱۴۰۵/۰۸/۱۴", expect=["مهلت تازه جلسه ۳۱ ردیف ۳: ۱۴۰۵/۰۸/۱۴"])
    assert "پس از" not in confirm.text  # a date, not a length
    # The reason, written before the date is confirmed: the date comes first.
    await chat.say(REP_A, "پاسخ شرکت برق نرسیده", expect=["اول مهلت تازه را"])
    await chat.press(REP_A, confirm, "تأیید مهلت", expect=["دلیل درخواست تمدید تا ۱۴۰۵/۰۸/۱۴"])
    await chat.say(REP_A, "  ", expect=["دلیل درخواست تمدید را بنویسید"])
    await chat.say(REP_A, "پاسخ شرکت برق <نرسیده>", expect=["برای دبیرخانه فرستاده شد"])
    await chat.press(REP_A, push, "تمدید", expect=["در انتظار تصمیم"])

    notices = await wait_for_count(sandbox, SECRETARIAT.user.id, "⏳", 1)
    assert "از ۱۴۰۵/۰۷/۲۶ تا ۱۴۰۵/۰۸/۱۴" in notices[0] and "پاسخ شرکت برق <نرسیده>" in notices[0]
    notice = next(m for m in await sandbox.client.messages(SECRETARIAT.user.id) if "⏳" in m.text)
    assert notice.button_texts() == ["✔️ موافقت با تمدید", "✖️ مخالفت"]
    # The representative cannot approve their own request, even with forged data.
    await forged_press_is_denied(chat, sandbox, REP_A, notice.buttons[0][0].callback_data or "")
    await chat.press(SECRETARIAT, notice, "موافقت", expect=["تا ۱۴۰۵/۰۸/۱۴ تمدید شد"])
    approved = await wait_for_count(sandbox, REP_A.user.id, "موافقت کرد", 1)
    assert "۱۴۰۵/۰۸/۱۴" in approved[0]
    await chat.press(SECRETARIAT, notice, "مخالفت", expect=["پیش‌تر بررسی شده"])

    # Again, once the new due date has passed (1405/08/20): a length counts from today; this time the
    # request is denied with a reason and the date stays.
    clock.advance(datetime(2026, 11, 11, 5, 30, tzinfo=UTC) - clock.now())
    from_today = "«۲ هفته»، که از امروز (۱۴۰۵/۰۸/۲۰) شمرده می‌شود، چون مهلت فعلی گذشته است"
    await chat.press(REP_A, push, "تمدید", expect=["مهلت فعلی: ۱۴۰۵/۰۸/۱۴", from_today])
    # Two days from Wednesday is a Friday: the next working day, and why.
    first = await chat.say(
        REP_A, "2 روز", expect=["۱۴۰۵/۰۸/۲۳", "(۲ روز پس از امروز، ۱۴۰۵/۰۸/۲۰)", "۱۴۰۵/۰۸/۲۲ روز کاری نیست"]
    )
    second = await chat.say(REP_A, "۲ هفته", expect=["۱۴۰۵/۰۹/۰۴", "(۲ هفته پس از امروز، ۱۴۰۵/۰۸/۲۰)"])
    # The first confirmation is for a date no longer asked: stale, and its buttons go.
    answer = await press_answer(sandbox, REP_A, first, "تأیید مهلت")
    assert answer["text"] == chat_texts.STALE_BUTTON
    await buttons_of(sandbox, REP_A.user.id, first.message_id, [])
    await chat.press(REP_A, second, "تأیید مهلت", expect=["دلیل درخواست تمدید تا ۱۴۰۵/۰۹/۰۴"])
    await chat.say(REP_A, "تعطیلات", expect=["فرستاده شد"])
    await wait_for_count(sandbox, SECRETARIAT.user.id, "⏳", 2)
    second = [m for m in await sandbox.client.messages(SECRETARIAT.user.id) if "⏳" in m.text][-1]
    await chat.press(SECRETARIAT, second, "مخالفت", expect=["دلیل مخالفت"])
    await chat.say(SECRETARIAT, "مهلت کافی است", expect=["مخالفت با تمدید ثبت شد"])
    denied = await wait_for_count(sandbox, REP_A.user.id, "موافقت نکرد", 1)
    assert "مهلت کافی است" in denied[0] and "۱۴۰۵/۰۸/۱۴" in denied[0]

    timeline = await chat.say(
        SECRETARIAT, "/history ۳۱/۳", expect=["تاریخچه جلسه ۳۱ ردیف ۳", "روشنایی معابر"]
    )
    lines = timeline.text.splitlines()
    assert any("۱۴۰۵/۰۷/۱۸" in line and "تمدید مهلت تا ۱۴۰۵/۰۸/۱۴ خواست" in line for line in lines)
    assert any("تا ۱۴۰۵/۰۸/۱۴ تمدید شد" in line for line in lines)
    assert any("رد شد: مهلت کافی است" in line for line in lines)
    assert "<b>" not in timeline.text
    # A resolution that is a lead-in to its sub-items is named by the lead-in and the first of them.
    await chat.say(
        SECRETARIAT,
        "/history ۳۱/۲",
        expect=["\nمقرر گردید: برای کاهش ترک تحصیل در محلات هدف: دانش", "شوند. (و ۱ بند دیگر)\n"],
    )
    await chat.say(SECRETARIAT, "/history ۳۱/۹۹", expect=["ثبت نشده"])
    await chat.say(SECRETARIAT, "/history سی و یک", expect=["مثل «۳۱/۳»"])
    assignment_id = int((push.find_button("تمدید").callback_data or "").split(":")[-1])
    async with tracker_db.read() as conn:
        row = await AssignmentRepo(conn).get(assignment_id)
        actions = [a.action for a in await AuditRepo(conn).list("assignment", assignment_id)]
    assert row is not None and row.due_on == jalali_date(1405, 8, 14)
    assert [a for a in actions if a.startswith("extension.")] == [
        "extension.request",
        "extension.approve",
        "extension.request",
        "extension.deny",
    ]
