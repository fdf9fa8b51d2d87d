"""/status, its buttons, /overdue, /ranking, the chart and /export through the bot, on both platforms; a
representative sees only the agency, and forged button data changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.cli.scripted import Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from bot.platforms import PROFILES
from bot.services.access import AccessDenied, Actor
from bot.services.agencies import AgencyService
from bot.texts import status as t
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from tests.e2e.conftest import AGENCY_A, AGENCY_B, GOVERNOR, REP_A, SECRETARIAT, enroll
from tests.e2e.helpers import import_sample, wait_for_count


async def council_of_31(chat: ScriptedChat, sandbox: Sandbox, db: Database, clock: FixedClock) -> None:
    """Minutes 31 (held 1405/07/16: row 3 due 07/26, row 1 due 07/30), looked at on Saturday 1405/08/10;
    the municipality's two pushes have arrived (so that no push comes between a question and its answer)."""
    clock.advance(datetime(2026, 10, 10, 6, 0, tzinfo=UTC) - clock.now())
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    await enroll(chat, GOVERNOR)
    await import_sample(db, clock, "minutes_31.md")
    await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)
    clock.advance(datetime(2026, 11, 1, 7, 0, tzinfo=UTC) - clock.now())


async def test_the_governors_office_drills_down(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await council_of_31(chat, sandbox, tracker_db, clock)
    overview = await chat.say(GOVERNOR, "/status", expect=["وضعیت مصوبات — ۱۴۰۵/۰۸/۱۰", "معوق:", AGENCY_A])
    assert "<b>" not in overview.text
    assert {t.BUTTON_OVERDUE, t.BUTTON_RANKING, t.BUTTON_EXPORT} <= set(overview.button_texts())
    listing = await chat.press(GOVERNOR, overview, AGENCY_A, expect=[AGENCY_A, "جلسه ۳۱ ردیف ۳", "روز تأخیر"])
    await chat.press(GOVERNOR, listing, "۳۱/۳", expect=["جلسه ۳۱ ردیف ۳", AGENCY_B, "/history ۳۱/۳"])
    await chat.say(GOVERNOR, "/status ۳۱", expect=["جلسه ۳۱", "۱۴۰۵/۰۷/۱۶", "کمیته امداد"])
    await chat.say(GOVERNOR, "/status ۳۱/۹", expect=["ردیف ۹ ثبت نشده"])
    await chat.say(GOVERNOR, "/status فرمانداری کرج", expect=[AGENCY_B, "جلسه ۳۱ ردیف ۳"])
    await chat.say(GOVERNOR, "/status هواشناسی", expect=["پیدا نشد"])
    overdue = await chat.say(GOVERNOR, "/overdue", expect=["موارد معوق"])
    assert overdue.text.index("ردیف ۳") < overdue.text.index("ردیف ۱")  # the longest overdue first
    ranking = await chat.say(GOVERNOR, "/ranking", expect=["رتبه‌بندی دستگاه‌ها — از ابتدا", AGENCY_A])
    await chat.press(GOVERNOR, ranking, t.BUTTON_PERIOD_MONTH, expect=["این ماه (از ۱۴۰۵/۰۸/۰۱)"])
    await chat.say(GOVERNOR, "/ranking فردا", expect=["بازه را مثل"])
    again = await chat.say(GOVERNOR, "/status")  # the first one became the agency's list when pressed
    chart = await chat.press(GOVERNOR, again, t.BUTTON_CHART_AGENCIES)
    assert chart.photo is not None and "پیشرفت مصوبات به تفکیک دستگاه" in chart.text
    chart = await chat.press(GOVERNOR, again, t.BUTTON_CHART_MEETINGS)
    assert chart.photo is not None and "جلسه" in chart.text


async def test_reports_arrive_as_documents(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await council_of_31(chat, sandbox, tracker_db, clock)
    choice = await chat.say(SECRETARIAT, "/export", expect=["کدام گزارش"])
    xlsx = await chat.press(SECRETARIAT, choice, t.BUTTON_XLSX)
    assert xlsx.document is not None and xlsx.document["file_name"] == "فهرست تکالیف ۱۴۰۵-۰۸-۱۰.xlsx"
    assert xlsx.document["size"] > 3000
    docx = await chat.press(SECRETARIAT, choice, t.BUTTON_DOCX)
    assert docx.document is not None and docx.document["file_name"] == "گزارش پیگیری مصوبات ۱۴۰۵-۰۸-۱۰.docx"
    await chat.say(SECRETARIAT, "/export ۳۱", expect=["از جلسه ۳۱"])
    await chat.say(SECRETARIAT, "/export ۴۰", expect=["جلسه ۴۰ ثبت نشده"])
    await chat.say(SECRETARIAT, "/export همه", expect=["شماره جلسه را مثل"])


async def test_a_representative_sees_only_the_agency(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> None:
    await council_of_31(chat, sandbox, tracker_db, clock)
    others = [AGENCY_B, "کمیته امداد", "بهزیستی"]
    own = await chat.say(REP_A, "/status", expect=[f"«{AGENCY_A}»", "معوق:"], refuse=others)
    assert t.BUTTON_RANKING not in own.button_texts() and t.BUTTON_EXPORT not in own.button_texts()
    await chat.press(REP_A, own, AGENCY_A, expect=["جلسه ۳۱ ردیف ۳"])
    await chat.say(REP_A, "/status ۳۱", expect=[AGENCY_A], refuse=others)
    await chat.say(REP_A, "/status ۳۱/۳", expect=[AGENCY_A], refuse=others)
    await chat.say(REP_A, "/status ۳۱/۱", expect=[t.RESOLUTION_NOT_YOURS])
    await chat.say(REP_A, "/status فرمانداری کرج", expect=[t.OWN_AGENCY_ONLY], refuse=others)
    await chat.say(REP_A, "/overdue", expect=[f"«{AGENCY_A}»"], refuse=others)
    await chat.say(REP_A, "/ranking", expect=[AccessDenied.default_message()])
    # A modified client sends the governorate's list, a chart and a report: refused, nothing shown.
    async with tracker_db.read() as conn:
        governorate = next(a.id for a in await AgencyRepo(conn).list() if a.name == AGENCY_B)
    for data in (f"st:a:{governorate}:0", "st:c:a", "st:x:x:0", "st:k:a:0"):
        mark = await chat.say(REP_A, "/whoami")
        await sandbox.client.press(REP_A.user, mark.message_id, data, forge=True)
        answers = await sandbox.client.wait_for_bot_messages(REP_A.user.id, after=mark.message_id)
        assert answers[-1].text in (t.OWN_AGENCY_ONLY, AccessDenied.default_message()), data
        assert answers[-1].photo is None and answers[-1].document is None
    # Malformed data: the press is answered as stale, and no message comes.
    mark = await chat.say(REP_A, "/whoami")
    for data in ("st:a:x:0", "st:k:s:0", "st:c:z", "st:x:q:0", "st:zz"):
        await sandbox.client.press(REP_A.user, mark.message_id, data, forge=True)
    later = await chat.say(REP_A, "/whoami")
    messages = await sandbox.client.messages(REP_A.user.id, after=mark.message_id)
    assert [m.message_id for m in messages if m.from_bot] == [later.message_id]


async def test_long_answers_stay_within_the_platforms_limit(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock, platform: str
) -> None:
    # Sixty more agencies with long names: minutes 31's row 4 («کلیه مدیران دستگاه های اجرایی») names
    # every one of them, so its status has seventy lines and the ranking seventy agencies.
    service = AgencyService(tracker_db, clock)
    for n in range(60):
        await service.add(
            f"اداره کل آزمایشی شماره {n} امور اجتماعی و فرهنگی استان البرز", [], Actor.system("t")
        )
    await council_of_31(chat, sandbox, tracker_db, clock)
    sent = await chat.say(GOVERNOR, "/whoami")
    await chat.say(GOVERNOR, "/status ۳۱/۴")
    answers = [
        m for m in await sandbox.client.messages(GOVERNOR.user.id, after=sent.message_id) if m.from_bot
    ]
    limit = PROFILES[platform].text_limit
    assert len(answers) >= 2 and all(len(m.text) <= limit for m in answers)
    joined = "\n".join(m.text for m in answers)
    assert all(f"شماره {n} امور" in joined for n in range(60)) and "/history ۳۱/۴" in joined
    listing = await chat.say(GOVERNOR, "/status ۳۱", expect=["صفحه ۱ از"])
    assert len(listing.text) <= limit and len([b for b in listing.button_texts() if "🔎" in b]) == 10
    second = await chat.press(GOVERNOR, listing, "بعدی", expect=["صفحه ۲ از", "۱۱. جلسه ۳۱"])
    await chat.press(GOVERNOR, second, "قبلی", expect=["صفحه ۱ از", "۱. جلسه ۳۱"])
