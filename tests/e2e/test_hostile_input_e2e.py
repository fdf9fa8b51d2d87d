"""What an adversary sends through the platform: digits int() refuses, numbers no database column holds,
thousands of emoji, control characters. Each gets one short Persian answer that fits a message; none the
generic apology."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from bot.cli.scripted import Person, Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.domain.persian import utf16_len
from bot.runtime import runtime_of
from bot.services.pauses import MAX_DAYS
from bot.texts import bot as bot_texts
from bot.texts import history as history_texts
from bot.texts import people as people_texts
from bot.texts import push as push_texts
from bot.texts import reminders as reminder_texts
from bot.texts import status as status_texts
from simulator import SimMessage
from storage.engine import Database
from storage.tables import agencies, progress_reports, resolutions
from tests.e2e.conftest import AGENCY_A, GOVERNOR, REP_A, SECRETARIAT, enroll
from tests.e2e.helpers import all_answers, row_3_pushed, wait_for_count

# A short answer: one message of at most this many UTF-16 units (the form's help is the longest).
SHORT = 1000


async def one_short_answer(sandbox: Sandbox, person: Person, text: str, expect: str) -> SimMessage:
    """`person` sends `text`; exactly one message comes back: short, Persian, holding `expect`."""
    answers = await all_answers(sandbox, person, text)
    assert len(answers) == 1, [a.text[:80] for a in answers]
    answer = answers[0].text
    assert bot_texts.ERROR_FOR_USER not in answer
    assert expect in answer, answer[:200]
    assert 0 < utf16_len(answer) <= SHORT
    return answers[0]


def beginning(template: str) -> str:
    """A template's fixed start (up to its first placeholder), to recognise the answer by."""
    return template.split("{")[0].removesuffix("«")


async def test_digits_int_refuses_get_the_usual_answers(chat: ScriptedChat, sandbox: Sandbox) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, GOVERNOR)
    await enroll(chat, REP_A, AGENCY_A)
    await one_short_answer(sandbox, REP_A, "/pause ²", beginning(reminder_texts.PAUSE_USAGE))
    await one_short_answer(sandbox, REP_A, f"/pause {MAX_DAYS + 1}", beginning(reminder_texts.PAUSE_USAGE))
    await one_short_answer(sandbox, GOVERNOR, "/history ²/³", history_texts.BAD_REFERENCE)
    await one_short_answer(sandbox, GOVERNOR, "/ranking ⁹", status_texts.BAD_PERIOD)
    await one_short_answer(sandbox, GOVERNOR, "/ranking جلسه ⁹", status_texts.BAD_PERIOD)
    await one_short_answer(sandbox, GOVERNOR, "/export ²", status_texts.BAD_EXPORT)
    await one_short_answer(sandbox, GOVERNOR, "/status ²", beginning(status_texts.AGENCY_NOT_FOUND))


async def test_numbers_no_database_holds_are_not_found_or_bad_input(
    chat: ScriptedChat, sandbox: Sandbox
) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, GOVERNOR)
    not_found = beginning(status_texts.RESOLUTION_NOT_FOUND)
    await one_short_answer(sandbox, GOVERNOR, "/status 99999999999999999999/1", not_found)
    await one_short_answer(sandbox, GOVERNOR, "/status 2147483647/1", not_found)  # the largest: looked up
    await one_short_answer(sandbox, GOVERNOR, "/status ۹۹۹۹۹۹۹۹۹۹۹۹", "ثبت نشده")
    await one_short_answer(sandbox, GOVERNOR, "/history 9223372036854775807/1", history_texts.BAD_REFERENCE)
    await one_short_answer(sandbox, GOVERNOR, "/history 2147483647/1", beginning(history_texts.NOT_FOUND))
    await one_short_answer(sandbox, GOVERNOR, "/export 99999999999999999999", status_texts.BAD_EXPORT)
    await one_short_answer(sandbox, GOVERNOR, "/ranking جلسه 99999999999999999999", status_texts.BAD_PERIOD)
    await one_short_answer(sandbox, GOVERNOR, "/status " + "9" * 5000, "ثبت نشده")


@pytest.mark.parametrize("junk", ["🎉" * 2100, "x" * 100_000])
async def test_junk_after_a_command_gets_one_short_answer(
    chat: ScriptedChat, sandbox: Sandbox, junk: str
) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, GOVERNOR)
    await one_short_answer(sandbox, GOVERNOR, f"/status {junk}", beginning(status_texts.AGENCY_NOT_FOUND))
    await one_short_answer(sandbox, GOVERNOR, f"/history {junk}", history_texts.BAD_REFERENCE)
    await one_short_answer(sandbox, GOVERNOR, f"/ranking {junk}", status_texts.BAD_PERIOD)
    await one_short_answer(sandbox, SECRETARIAT, f"/invite {junk}", "/agencies")
    await one_short_answer(sandbox, SECRETARIAT, f"/new_resolution {junk}", "/new_resolution")


async def test_a_4000_emoji_report_is_refused_and_a_long_one_reaches_the_secretariat_whole(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    limit = runtime_of(sandbox.app).profile.text_limit
    refused = await all_answers(sandbox, REP_A, "🎉" * 4000, reply_to=push.message_id)
    assert [a.text for a in refused] == [people_texts.REPORT_TOO_LONG.format(most="۴۰۰۰")]
    unasked = await all_answers(sandbox, REP_A, "🎉" * 4000)  # not a reply: refused before "which item?"
    assert [a.text for a in unasked] == [people_texts.REPORT_TOO_LONG.format(most="۴۰۰۰")]
    saved = await all_answers(sandbox, REP_A, "۵۰٪ " + "🎉" * 1990, reply_to=push.message_id)
    assert [a.text for a in saved] == [push_texts.REPORT_SAVED.format(percent="۵۰")]
    notices = await wait_for_count(sandbox, SECRETARIAT.user.id, "🎉", 1)
    assert all(utf16_len(text) <= limit for text in notices)
    assert "🎉" * 1990 in notices[0]


async def test_a_report_with_control_characters_does_not_break_the_export(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    """A report sent with control characters, and (as rows stored before anything cleaned them) texts in
    the database holding NUL and escapes: /export still sends both files."""
    push = await row_3_pushed(chat, sandbox, tracker_db, clock)
    saved = await all_answers(
        sandbox, REP_A, "گزارش\x00 پیشرفت\x07 طرح\x1b ۴۰٪\x0b", reply_to=push.message_id
    )
    assert [a.text for a in saved] == [push_texts.REPORT_SAVED.format(percent="۴۰")]
    await wait_for_count(sandbox, SECRETARIAT.user.id, "گزارش", 1)
    async with tracker_db.transaction() as conn:
        await conn.execute(update(progress_reports).values(text="گزارش\x00 پیشرفت\x07 طرح\x1b ۴۰٪"))
        await conn.execute(update(resolutions).values(text=resolutions.c.text + "\x00\x08\ufffe"))
        await conn.execute(update(agencies).values(name=agencies.c.name + "\x1f"))
    choice = await chat.say(SECRETARIAT, "/export", expect=["کدام گزارش"])
    for kind in (status_texts.BUTTON_XLSX, status_texts.BUTTON_DOCX):
        sent = await chat.press(SECRETARIAT, choice, kind)
        assert sent.document is not None and sent.document["size"] > 3000, sent.text
        assert bot_texts.ERROR_FOR_USER not in sent.text
