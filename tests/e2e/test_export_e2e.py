"""/export through the bot, on both platforms: the Excel and Word files under Persian names, and the
letters to the agencies as one ZIP with a Persian name (its entries named by agency) for the secretariat
only; which meeting the letters are of; a forged press refused."""

from __future__ import annotations

import io
import zipfile

from docx import Document

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.services.access import AccessDenied
from bot.texts import letters as letter_texts
from bot.texts import status as t
from simulator import BOT_USERNAME, SimMessage
from storage.engine import Database
from tests.e2e.conftest import AGENCY_B, GOVERNOR, SECRETARIAT, enroll
from tests.e2e.helpers import forged_press_is_denied, import_sample

# Minutes 32 (1405/08/28) assigns to these five, in Persian order; minutes 31 to every agency.
AGENCIES_32 = [
    "اداره کل آموزش فنی و حرفه‌ای استان",
    "دانشگاه علوم پزشکی البرز",
    "فرمانداری شهرستان کرج",
    "کمیته امداد امام خمینی (ره) استان",
    "نیروی انتظامی استان",
]


async def council_of_31_and_32(chat: ScriptedChat, db: Database, clock: FixedClock) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, GOVERNOR)
    await import_sample(db, clock, "minutes_31.md")
    await import_sample(db, clock, "minutes_32.txt")


async def zip_entries(sandbox: Sandbox, sent: SimMessage) -> dict[str, bytes]:
    assert sent.document is not None, sent.text
    content = await sandbox.client.download(str(sent.document["file_id"]))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


async def test_the_secretariat_gets_each_agencys_letter_in_one_zip(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    await council_of_31_and_32(chat, tracker_db, clock)
    choice = await chat.say(SECRETARIAT, "/export", expect=["کدام گزارش"])
    assert choice.button_texts() == [t.BUTTON_XLSX, t.BUTTON_DOCX, t.BUTTON_LETTERS]
    # Without a number: the latest meeting, and the caption says so.
    sent = await chat.press(SECRETARIAT, choice, t.BUTTON_LETTERS)
    assert sent.document is not None and sent.document["file_name"] == "ابلاغیه‌های جلسه ۳۲.zip"
    assert "ابلاغیه‌های جلسه ۳۲ (۱۴۰۵/۰۸/۲۸) برای ۵ دستگاه — آخرین جلسه ثبت‌شده" in sent.text
    entries = await zip_entries(sandbox, sent)
    assert list(entries) == [f"ابلاغیه جلسه ۳۲ - {agency}.docx" for agency in AGENCIES_32]
    letter = Document(io.BytesIO(entries[f"ابلاغیه جلسه ۳۲ - {AGENCY_B}.docx"]))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert f"به: {AGENCY_B}" in text and "موضوع: ابلاغ مصوبات جلسه ۳۲ مورخ ۱۴۰۵/۰۸/۲۸" in text
    link = f"{'t.me' if platform == 'telegram' else 'ble.ir'}/{BOT_USERNAME}"
    assert f"ربات پیگیر به نشانی {link}" in text  # the running bot's own username
    # With a number: that meeting's letters (minutes 31 names every agency in row 4).
    choice = await chat.say(SECRETARIAT, "/export ۳۱", expect=["از جلسه ۳۱"])
    sent = await chat.press(SECRETARIAT, choice, t.BUTTON_LETTERS)
    assert sent.document is not None and sent.document["file_name"] == "ابلاغیه‌های جلسه ۳۱.zip"
    assert "ابلاغیه‌های جلسه ۳۱ (۱۴۰۵/۰۷/۱۶)" in sent.text and letter_texts.LETTERS_LATEST not in sent.text
    entries = await zip_entries(sandbox, sent)
    assert len(entries) == 10 and all(name.startswith("ابلاغیه جلسه ۳۱ - ") for name in entries)
    await chat.say(SECRETARIAT, "/export ۴۰", expect=["جلسه ۴۰ ثبت نشده"])


async def test_the_reports_have_persian_names_and_the_letters_are_the_secretariats(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await council_of_31_and_32(chat, tracker_db, clock)
    choice = await chat.say(GOVERNOR, "/export", expect=["کدام گزارش"])
    assert choice.button_texts() == [t.BUTTON_XLSX, t.BUTTON_DOCX]  # no letters for the governor's office
    xlsx = await chat.press(GOVERNOR, choice, t.BUTTON_XLSX)
    assert xlsx.document is not None and xlsx.document["file_name"] == "فهرست تکالیف ۱۴۰۱-۰۷-۰۱.xlsx"
    docx = await chat.press(GOVERNOR, choice, t.BUTTON_DOCX)
    assert docx.document is not None and docx.document["file_name"] == "گزارش پیگیری مصوبات ۱۴۰۱-۰۷-۰۱.docx"
    report = Document(io.BytesIO(await sandbox.client.download(str(docx.document["file_id"]))))
    assert [p.text for p in report.paragraphs[:3]] == [
        "گزارش پیگیری مصوبات",
        "قرارگاه اجتماعی استان",
        "جلسات ۳۱ تا ۳۲",
    ]
    # A modified client presses the letters' button anyway: refused, no file.
    await forged_press_is_denied(chat, sandbox, GOVERNOR, "st:x:l:0")
    messages = await sandbox.client.messages(GOVERNOR.user.id, after=docx.message_id)
    assert all(m.document is None for m in messages)
    assert AccessDenied.default_message() in [m.text for m in messages]
