"""The secretariat uploads minutes in chat: preview, confirm, push; bad files and unmatched parties."""

from __future__ import annotations

import asyncio
import io

from bot.callback_data import Upload, UploadDeadline
from bot.cli.scripted import Sandbox, ScriptedChat
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.samples import sample_bytes
from simulator import SimMessage
from simulator.client import JSON
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.resolutions import ResolutionRepo
from tests.e2e.conftest import AGENCY_A, REP_A, SECRETARIAT, enroll, start_bot
from tests.e2e.helpers import wait_for_count
from tests.minutes import office_shapes


async def upload(sandbox: Sandbox, name: str, content: bytes) -> SimMessage:
    sent = await sandbox.client.send_document(SECRETARIAT.user, name, content)
    answers = await sandbox.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id)
    return answers[-1]


def downloads(stats: JSON) -> int:
    """How often the bot asked the simulator for a file (getFile)."""
    return sum(count for name, count in stats["requests"].items() if name.lower() == "getfile")


async def test_upload_preview_confirm_and_push(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database
) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    preview = await upload(sandbox, "minutes_31.md", sample_bytes("minutes_31.md"))
    assert "جلسه ۳۱" in preview.text and "۴ مصوبه" in preview.text
    assert "شهرداری کمالشهر، فرمانداری شهرستان کرج، شرکت توزیع برق استان" in preview.text
    assert "۱۴۰۵/۰۷/۲۶" in preview.text and "مستمر" in preview.text
    assert preview.button_texts() == ["✅ ثبت و ارسال", "✖️ لغو"]
    async with tracker_db.read() as conn:
        assert await MeetingRepo(conn).get_by_number(31) is None  # a preview stores nothing
    stored = await chat.press(SECRETARIAT, preview, "ثبت و ارسال", expect=["جلسه ۳۱ ثبت شد"])
    assert "پیام برای نمایندگان در صف ارسال: ۲" in stored.text
    await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)
    # The same file again: previewed, and committing it adds nothing.
    again = await upload(sandbox, "minutes_31.md", sample_bytes("minutes_31.md"))
    await chat.press(SECRETARIAT, again, "ثبت و ارسال", expect=["چیز تازه‌ای ثبت نشد"])


async def test_the_preview_shows_remarks_and_each_agency_s_own_deadline(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, platform: str
) -> None:
    """Minutes in another office's habit: a remarks column, a row per agency, the date after «تاریخ:»;
    as Word, and on Bale (where offices pass the signed minutes around as PDF) as that file's PDF."""
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    path = office_shapes.PDF if platform == "bale" else office_shapes.DOCX
    preview = await upload(sandbox, path.name, path.read_bytes())
    assert "جلسه ۲۷ مورخ ۱۴۰۱/۱۰/۱۳ — ۴ مصوبه" in preview.text
    assert "📝 ملاحظات: با هماهنگی دادستانی" in preview.text
    assert "← اداره کل آموزش و پرورش استان — مهلت ۱۴۰۱/۱۱/۱۳" in preview.text
    assert "← کمیته امداد امام خمینی (ره) استان — مهلت ۱۴۰۱/۱۰/۲۷" in preview.text
    assert "⚠️" not in preview.text and "دادستانی،" not in preview.text  # the remarks are no party
    await chat.press(SECRETARIAT, preview, "ثبت و ارسال", expect=["جلسه ۲۷ ثبت شد"])
    push = await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 1)
    assert push[-1].endswith("مهلت: ۱۴۰۱/۱۰/۲۷\nملاحظات: با هماهنگی دادستانی")


async def test_not_minutes_and_cancel(chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database) -> None:
    await chat.say(SECRETARIAT, "/start")
    answer = await upload(sandbox, "photo.jpg", b"\xff\xd8\xff\xe0 not minutes")
    assert "خوانده نشد" in answer.text and not answer.buttons
    answer = await upload(sandbox, "notes.txt", "یادداشت بی‌ربط بدون جدول مصوبات".encode())
    assert "خوانده نشد" in answer.text
    preview = await upload(sandbox, "minutes_32.txt", sample_bytes("minutes_32.txt"))
    await chat.press(SECRETARIAT, preview, "لغو", expect=["لغو شد"])
    async with tracker_db.read() as conn:
        assert await MeetingRepo(conn).get_by_number(32) is None


async def test_unmatched_parties_block_the_commit_until_fixed_in_chat(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database
) -> None:
    await chat.say(SECRETARIAT, "/start")
    minutes = (
        sample_bytes("minutes_31.md")
        .decode()
        .replace("اداره کل بهزیستی استان", "اداره کل هواشناسی استان")
        .replace("شهرداری کمالشهر / فرمانداری", "کمالشهر / فرمانداری")
    )
    preview = await upload(sandbox, "minutes_31.md", minutes.encode())
    assert "⚠️" in preview.text and "«اداره کل هواشناسی استان» کدام دستگاه است؟" in preview.text
    assert "✅ ثبت و ارسال" not in preview.button_texts()
    assert "➕ دستگاه تازه: اداره کل هواشناسی استان" in preview.button_texts()
    # A new agency by that name; then the next problem: «کمالشهر» fits more than one agency.
    second = await chat.press(SECRETARIAT, preview, "دستگاه تازه", expect=["«کمالشهر» کدام دستگاه است؟"])
    assert f"= {AGENCY_A}" in second.button_texts()
    # A forged suggestion index while the preview waits: refused, nothing added.
    async with tracker_db.read() as conn:
        count = len(await AgencyRepo(conn).list())
    await sandbox.client.press(SECRETARIAT.user, second.message_id, "mu:alias:9", forge=True)
    await asyncio.sleep(0.3)
    async with tracker_db.read() as conn:
        assert len(await AgencyRepo(conn).list()) == count
    ready = await chat.press(SECRETARIAT, second, f"= {AGENCY_A}", expect=["همه اقدام‌کننده‌ها شناخته شدند"])
    assert ready.button_texts() == ["✅ ثبت و ارسال", "✖️ لغو"]
    await chat.press(SECRETARIAT, ready, "ثبت و ارسال", expect=["جلسه ۳۱ ثبت شد"])
    async with tracker_db.read() as conn:
        agencies = {a.name: a for a in await AgencyRepo(conn).list()}
        actions = [a.action for a in await AuditRepo(conn).list()]
    assert "اداره کل هواشناسی استان" in agencies and "کمالشهر" in agencies[AGENCY_A].aliases
    assert "agency.create" in actions and "agency.alias_add" in actions
    # A forged index or a press after the preview is gone changes nothing.
    await sandbox.client.press(SECRETARIAT.user, ready.message_id, "mu:alias:7", forge=True)
    await sandbox.client.press(SECRETARIAT.user, ready.message_id, Upload("new_agency").pack(), forge=True)
    async with tracker_db.read() as conn:
        assert len(await AgencyRepo(conn).list()) == len(agencies)


async def test_only_the_secretariat_uploads(chat: ScriptedChat, sandbox: Sandbox) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    sent = await sandbox.client.send_document(REP_A.user, "minutes_31.md", sample_bytes("minutes_31.md"))
    answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=sent.message_id)
    assert "پیش‌نمایش" not in answers[-1].text


async def test_a_deadline_not_understood_is_chosen_in_chat(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database
) -> None:
    await chat.say(SECRETARIAT, "/start")
    minutes = sample_bytes("minutes_31.md").decode().replace("| ۲ هفته |", "| به زودی |")
    preview = await upload(sandbox, "minutes_31.md", minutes.encode())
    assert (
        'ردیف ۱: زمان اقدام خوانده نشد: "به زودی"' in preview.text
        and "مهلت ردیف ۱ خوانده نشد" in preview.text
    )
    assert preview.button_texts()[:5] == ["۱ هفته", "۲ هفته", "۳ هفته", "یک ماه", "مستمر"]
    assert "✅ ثبت و ارسال" in preview.button_texts()  # it may also be stored without a date
    fixed = await chat.press(SECRETARIAT, preview, "یک ماه", expect=["مهلت ۱۴۰۵/۰۸/۱۶"])
    assert "خوانده نشد" not in fixed.text and fixed.button_texts() == ["✅ ثبت و ارسال", "✖️ لغو"]
    await chat.press(SECRETARIAT, fixed, "ثبت و ارسال", expect=["جلسه ۳۱ ثبت شد"])
    async with tracker_db.read() as conn:
        meeting = await MeetingRepo(conn).get_by_number(31)
        assert meeting is not None
        row = (await ResolutionRepo(conn).list_for_meeting(meeting.id))[0]
        due = [a.due_on for a in await AssignmentRepo(conn).list_for_resolution(row.id)]
    assert (row.deadline_raw, row.deadline_kind) == ("به زودی", "relative")
    assert due == [jalali_date(1405, 8, 16)]
    # The same file again (without the choice) finds the row as stored and adds nothing.
    again = await upload(sandbox, "minutes_31.md", minutes.encode())
    await chat.press(SECRETARIAT, again, "ثبت و ارسال", expect=["چیز تازه‌ای ثبت نشد"])


async def test_presses_read_the_upload_from_the_database_even_after_a_restart(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    """The file is downloaded once, when it arrives. The fixes and the commit read it and the upload's state
    from the database, in a new process too, whose new simulator has never seen the file."""
    minutes = (
        sample_bytes("minutes_31.md")
        .decode()
        .replace("شهرداری کمالشهر / فرمانداری", "کمالشهر / فرمانداری")
        .replace("| ۲ هفته |", "| به زودی |")
    )
    async with start_bot(settings, tracker_db, clock, platform) as first:
        chat = ScriptedChat(first.client, io.StringIO())
        await chat.say(SECRETARIAT, "/start")
        preview = await upload(first, "minutes_31.md", minutes.encode())
        await chat.press(SECRETARIAT, preview, f"= {AGENCY_A}", expect=["مهلت ردیف ۱ خوانده نشد"])
        assert downloads(await first.client.stats()) == 1
    async with start_bot(settings, tracker_db, clock, platform) as restarted:
        chat = ScriptedChat(restarted.client, io.StringIO())
        # The preview's message stayed in the old simulator: its button is pressed on a message here.
        own = await chat.say(SECRETARIAT, "/whoami")
        await restarted.client.press(SECRETARIAT.user, own.message_id, UploadDeadline(3).pack(), forge=True)
        fixed = await restarted.client.wait_for_edit(
            SECRETARIAT.user.id, own.message_id, revision_above=own.revision
        )
        assert "مهلت ۱۴۰۵/۰۸/۱۶" in fixed.text and "خوانده نشد" not in fixed.text
        assert fixed.button_texts() == ["✅ ثبت و ارسال", "✖️ لغو"]
        await chat.press(SECRETARIAT, fixed, "ثبت و ارسال", expect=["جلسه ۳۱ ثبت شد"])
        assert downloads(await restarted.client.stats()) == 0
    async with tracker_db.read() as conn:
        meeting = await MeetingRepo(conn).get_by_number(31)
        assert meeting is not None
        row = (await ResolutionRepo(conn).list_for_meeting(meeting.id))[0]
        due = [a.due_on for a in await AssignmentRepo(conn).list_for_resolution(row.id)]
    assert due == [jalali_date(1405, 8, 16)]
