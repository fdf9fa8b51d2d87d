"""New resolutions go to every representative of each responsible agency, through the outbox."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.cli.scripted import Person, Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.texts import bot as chat_texts
from bot.texts import people as texts
from simulator import SimUser
from storage.engine import Database
from storage.repositories.audit import AuditRepo
from storage.repositories.members import MemberRepo
from storage.repositories.outbox import OutboxRepo
from storage.repositories.progress import ProgressRepo
from tests.e2e.conftest import AGENCY_A, AGENCY_B, REP_A, REP_B, SECRETARIAT, enroll
from tests.e2e.helpers import (
    bot_texts,
    buttons_of,
    forged_press_is_denied,
    import_sample,
    press_answer,
    row_3_pushed,
    wait_for_count,
)

# A second representative of the municipality.
REP_A2 = Person(SimUser(2003, "رضا", None, "احمدی"), "نماینده دوم شهرداری")


async def test_push_to_representatives_and_to_one_who_registers_later(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    report = await import_sample(tracker_db, clock, "minutes_31.md")
    assert report.pushes_queued == 2  # rows 3 and 4 (every agency) name the municipality
    assert AGENCY_B in report.agencies_without_representative
    pushed = await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)
    assert any("جلسه ۳۱" in text and "ردیف ۳" in text and "۱۴۰۵/۰۷/۲۶" in text for text in pushed)
    messages = [m for m in await sandbox.client.messages(REP_A.user.id) if "مصوبه تازه" in m.text]
    assert messages[0].button_texts() == [
        "✅ دریافت شد",
        "📝 گزارش پیشرفت",
        "⏳ درخواست تمدید",
        "🏁 انجام شد",
    ]
    assert "<b>" not in messages[0].text

    # The county governorate had nobody: its representative gets what waited, once registered.
    await enroll(chat, REP_B, AGENCY_B)
    await wait_for_count(sandbox, REP_B.user.id, "مصوبه تازه", 2)

    # The same minutes again: nothing new, nothing sent twice.
    again = await import_sample(tracker_db, clock, "minutes_31.md")
    assert again.pushes_queued == 0
    await asyncio.sleep(0.5)
    assert len([t for t in await bot_texts(sandbox, REP_A.user.id) if "مصوبه تازه" in t]) == 2
    assert len([t for t in await bot_texts(sandbox, REP_B.user.id) if "مصوبه تازه" in t]) == 2


async def test_a_blocked_representative_is_marked_and_the_secretariat_told(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_B, AGENCY_B)
    await sandbox.client.block(REP_B.user.id)
    await import_sample(tracker_db, clock, "minutes_32.txt")
    notices = await wait_for_count(sandbox, SECRETARIAT.user.id, "نرسید", 1)
    assert "زهرا کریمی" in notices[0] and AGENCY_B in notices[0]
    async with tracker_db.read() as conn:
        member = await MemberRepo(conn).get_by_user(sandbox.settings.platform, REP_B.user.id)
        actions = [row.action for row in await AuditRepo(conn).list(entity="member")]
    assert member is not None and member.state == "unreachable"
    assert "member.unreachable" in actions


async def test_failed_sends_are_retried_with_backoff_and_nothing_is_lost(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    await sandbox.client.set_faults(
        1.0, ["5xx", "timeout", "drop"], methods=["sendMessage"], delay_seconds=0.2
    )
    await import_sample(tracker_db, clock, "minutes_31.md")
    await asyncio.sleep(1.0)
    assert not [t for t in await bot_texts(sandbox, REP_A.user.id) if "مصوبه تازه" in t]
    assert sum((await sandbox.client.stats())["faults"].values()) >= 2
    await sandbox.client.set_faults(0)
    clock.advance(timedelta(minutes=11))  # past the longest backoff
    pushed = await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)
    await asyncio.sleep(0.5)
    assert len([t for t in await bot_texts(sandbox, REP_A.user.id) if "مصوبه تازه" in t]) == len(pushed) == 2


async def test_representative_acknowledges_reports_and_reports_done(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await chat.say(SECRETARIAT, "/start")
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    ack = await sandbox.client.press(
        REP_A.user, push.message_id, push.find_button("دریافت").callback_data or ""
    )
    assert (await sandbox.client.callback_answer(ack.callback_query_id or ""))["text"] == "دریافت ثبت شد."
    await chat.press(REP_A, push, "گزارش پیشرفت", expect=["ردیف ۳"])
    await chat.say(REP_A, "   ", expect=["خالی"])
    await chat.say(REP_A, "نامه به شرکت برق ارسال شد؛ ۵۰٪ کار انجام شده", expect=["۵۰٪"])
    await chat.press(REP_A, push, "انجام شد", expect=["دبیرخانه آن را بررسی"])
    # Reported done: the push keeps only what the item still takes.
    await buttons_of(sandbox, REP_A.user.id, push.message_id, ["📝 گزارش پیشرفت"])
    notices = await wait_for_count(sandbox, SECRETARIAT.user.id, "جلسه ۳۱ ردیف ۳", 2)
    assert any("نامه به شرکت برق" in n and "۵۰٪" in n for n in notices)
    assert any("🏁" in n for n in notices)
    async with tracker_db.read() as conn:
        actions = [row.action for row in await AuditRepo(conn).list(entity="assignment")]
    assert actions[-3:] == ["assignment.acknowledge", "progress.report", "assignment.done_reported"]


async def test_another_agency_cannot_touch_the_item(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    await enroll(chat, REP_B, AGENCY_B)
    await import_sample(tracker_db, clock, "minutes_32.txt")  # nothing for the municipality
    await wait_for_count(sandbox, REP_B.user.id, "مصوبه تازه", 1)
    push = next(m for m in await sandbox.client.messages(REP_B.user.id) if "مصوبه تازه" in m.text)
    for action in ("انجام شد", "گزارش", "دریافت"):
        data = push.find_button(action).callback_data or ""
        own = await chat.say(REP_A, "/whoami")
        await sandbox.client.press(REP_A.user, own.message_id, data, forge=True)
        answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=own.message_id)
        assert answers[-1].text == texts.ASSIGNMENT_NOT_YOURS
    # The secretariat does not report for an agency either.
    mine = await chat.say(SECRETARIAT, "/whoami")
    await sandbox.client.press(SECRETARIAT.user, mine.message_id, data, forge=True)
    answers = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=mine.message_id)
    assert answers[-1].text == texts.ACCESS_AGENCY_ONLY
    async with tracker_db.read() as conn:
        actions = [row.action for row in await AuditRepo(conn).list(entity="assignment")]
    assert "assignment.done_reported" not in actions


async def test_replies_are_reports_and_my_lists_open_items(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    sent = await sandbox.client.send_message(
        REP_A.user, "۳۰ درصد کار انجام شده", reply_to_message_id=push.message_id
    )
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=sent.message_id)
    assert "۳۰٪" in answers[-1].text
    letter = await sandbox.client.send_document(REP_A.user, "nameh.pdf", b"%PDF-1.4", caption="نامه پیگیری")
    # A file that is not a reply to an item: which item is it about? (Not stored.)
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=letter.message_id)
    assert answers[-1].text == chat_texts.NOT_UNDERSTOOD
    whoami = await chat.say(REP_A, "/whoami")
    unrelated = await sandbox.client.send_message(
        REP_A.user, "این هم گزارش", reply_to_message_id=whoami.message_id
    )
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=unrelated.message_id)
    assert "کدام مصوبه" in answers[-1].text  # a reply to a message about no item: which one is it?
    await chat.say(REP_A, "/cancel", expect=[chat_texts.CANCELLED])
    async with tracker_db.read() as conn:
        reports = [
            a for a in await AuditRepo(conn).list(entity="assignment") if a.action == "progress.report"
        ]
    assert len(reports) == 1

    listing = await chat.say(
        REP_A, "/my", expect=["موارد باز", "جلسه ۳۱ ردیف ۳", "در حال انجام ۳۰٪", "مستمر"]
    )
    await chat.press(REP_A, listing, "۳۱/۳", expect=["ردیف ۳"])
    await chat.say(REP_A, "قرارداد با پیمانکار بسته شد؛ ۸۰٪", expect=["۸۰٪"])


async def test_a_scanned_letter_or_photo_in_reply_is_stored(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    letter = await sandbox.client.send_document(
        REP_A.user,
        "nameh-12.pdf",
        b"%PDF-1.4",
        caption="نامه شماره ۱۲؛ ۶۰٪",
        reply_to_message_id=push.message_id,
    )
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=letter.message_id)
    assert "۶۰٪" in answers[-1].text
    photo = await sandbox.client.send_photo(REP_A.user, b"\x89PNG", reply_to_message_id=push.message_id)
    await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=photo.message_id)
    async with tracker_db.read() as conn:
        assignment_id = await OutboxRepo(conn).assignment_for_message(REP_A.user.id, push.message_id)
        reports = await ProgressRepo(conn).list_for_assignment(assignment_id or 0)
    assert [(r.text, r.percent, [a["name"] for a in r.attachments]) for r in reports] == [
        ("نامه شماره ۱۲؛ ۶۰٪", 60, ["nameh-12.pdf"]),
        ("", None, ["photo"]),
    ]
    assert await sandbox.client.download(reports[0].attachments[0]["file_id"]) == b"%PDF-1.4"


async def test_the_secretariat_verifies_or_sends_back_a_done(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await chat.say(SECRETARIAT, "/start")
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    await chat.press(REP_A, push, "انجام شد", expect=["دبیرخانه آن را بررسی"])
    await wait_for_count(sandbox, SECRETARIAT.user.id, "🏁", 1)
    notice = next(m for m in await sandbox.client.messages(SECRETARIAT.user.id) if "🏁" in m.text)
    assert notice.button_texts() == ["✔️ تأیید انجام", "↩️ بازگرداندن"]
    # The representative cannot verify their own report, even with forged data.
    await forged_press_is_denied(chat, sandbox, REP_A, notice.buttons[0][0].callback_data or "")

    await chat.press(SECRETARIAT, notice, "بازگرداندن", expect=["دلیل"])
    await chat.say(SECRETARIAT, "  ", expect=["دلیل بازگرداندن را بنویسید"])
    await chat.say(SECRETARIAT, "نامه شرکت برق پیوست نشده است", expect=["بازگردانده شد"])
    back = await wait_for_count(sandbox, REP_A.user.id, "↩️", 1)
    assert "نامه شرکت برق پیوست نشده است" in back[0]
    await chat.press(SECRETARIAT, notice, "تأیید", expect=["در انتظار تأیید نیست"])  # already sent back

    # The notice of the send-back carries what the item takes again: «انجام شد» is pressed from there.
    sent_back = next(m for m in await sandbox.client.messages(REP_A.user.id) if "↩️" in m.text)
    assert sent_back.button_texts() == ["📝 گزارش پیشرفت", "⏳ درخواست تمدید", "🏁 انجام شد"]
    await chat.press(REP_A, sent_back, "انجام شد", expect=["دبیرخانه آن را بررسی"])
    await wait_for_count(sandbox, SECRETARIAT.user.id, "🏁", 2)
    second = [m for m in await sandbox.client.messages(SECRETARIAT.user.id) if "🏁" in m.text][-1]
    await chat.press(SECRETARIAT, second, "تأیید", expect=["تأیید شد"])
    await wait_for_count(sandbox, REP_A.user.id, "✔️", 1)
    async with tracker_db.read() as conn:
        actions = [row.action for row in await AuditRepo(conn).list(entity="assignment")]
    assert actions[-4:] == [
        "assignment.done_reported",
        "assignment.send_back",
        "assignment.done_reported",
        "assignment.verify",
    ]
    # The push's «گزارش پیشرفت» is a step gone past now: said in the press's answer, and the buttons go.
    answer = await press_answer(sandbox, REP_A, push, "گزارش پیشرفت")
    assert answer["text"] == "این مرحله گذشته است — وضعیت کنونی: تأییدشده ۱۰۰٪" and answer["show_alert"]
    await buttons_of(sandbox, REP_A.user.id, push.message_id, [])


async def test_free_text_asks_which_item_and_loses_nothing(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await row_3_pushed(chat, sandbox, tracker_db, clock)
    question = await chat.say(REP_A, "مکاتبه با شرکت برق انجام شد؛ ۲۰٪", expect=["کدام مصوبه"])
    assert question.button_texts() == ["📝 ۳۱/۳", "📝 ۳۱/۴"]
    await chat.press(REP_A, question, "۳۱/۳", expect=["۲۰٪"])
    listing = await chat.say(REP_A, "/report", expect=["کدام مصوبه"])
    await chat.press(REP_A, listing, "۳۱/۴", expect=["ردیف ۴"])
    await chat.say(REP_A, "گزارش اقدامات محلات هدف تهیه شد", expect=["گزارش ثبت شد"])
    await chat.say(REP_A, "/cancel", expect=[chat_texts.NOTHING_TO_CANCEL])
    async with tracker_db.read() as conn:
        texts_stored = [
            r.after for r in await AuditRepo(conn).list(entity="assignment") if r.action == "progress.report"
        ]
    assert len(texts_stored) == 2


async def test_buttons_follow_the_item_s_state_and_an_old_press_says_where_it_stands(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await chat.say(SECRETARIAT, "/start")
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    # A report in reply moves the item on (in progress) without touching the push's buttons.
    sent = await sandbox.client.send_message(REP_A.user, "۳۰٪ انجام شد", reply_to_message_id=push.message_id)
    await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=sent.message_id)
    answer = await press_answer(sandbox, REP_A, push, "دریافت")
    assert answer["text"] == "این مرحله گذشته است — وضعیت کنونی: در حال انجام ۳۰٪" and answer["show_alert"]
    # The push then shows what the item still takes; nothing was recorded for the press.
    await buttons_of(
        sandbox, REP_A.user.id, push.message_id, ["📝 گزارش پیشرفت", "⏳ درخواست تمدید", "🏁 انجام شد"]
    )
    async with tracker_db.read() as conn:
        actions = [row.action for row in await AuditRepo(conn).list(entity="assignment")]
    assert "assignment.acknowledge" not in actions
    # A representative who registers now gets the push without «دریافت شد».
    await enroll(chat, REP_A2, AGENCY_A)
    await wait_for_count(sandbox, REP_A2.user.id, "مصوبه تازه", 2)
    late = next(m for m in await sandbox.client.messages(REP_A2.user.id) if "ردیف ۳" in m.text)
    assert late.button_texts() == ["📝 گزارش پیشرفت", "⏳ درخواست تمدید", "🏁 انجام شد"]
    # «انجام شد» from one representative's message; the other's is an old message then.
    await chat.press(REP_A2, late, "انجام شد", expect=["دبیرخانه آن را بررسی"])
    await buttons_of(sandbox, REP_A2.user.id, late.message_id, ["📝 گزارش پیشرفت"])
    answer = await press_answer(sandbox, REP_A, push, "انجام شد")
    assert answer["text"] == "این مرحله گذشته است — وضعیت کنونی: انجام‌شده (منتظر تأیید) ۱۰۰٪"
    await buttons_of(sandbox, REP_A.user.id, push.message_id, ["📝 گزارش پیشرفت"])
    async with tracker_db.read() as conn:
        actions = [row.action for row in await AuditRepo(conn).list(entity="assignment")]
    assert actions.count("assignment.done_reported") == 1  # the old press changed nothing
