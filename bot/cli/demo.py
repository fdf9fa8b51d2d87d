"""``peygir demo``: the bot and the built-in simulator, with scripted people, printed as a transcript.

It starts the simulator and the bot on SQLite in a temporary folder and registers the sample agencies.
Then a secretariat member, two agency representatives, someone from the governor's office and a
stranger go through registration and help. Every step states what the bot must answer; the demo stops
at the first step that did not happen as expected and reports failure.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.cli.scripted import Person, ScriptedChat, StepFailed, bot_on_simulator, link_token
from bot.config import Settings
from bot.domain.clock import Clock, ShiftedClock
from bot.domain.jalali import format_jalali_datetime
from bot.domain.persian import fa
from bot.domain.workdays import WorkCalendar
from bot.platforms import PlatformName
from bot.samples import sample_agencies, sample_bytes
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from bot.services.reminders import ReminderService
from bot.texts import demo as t
from simulator import SimUser
from simulator.client import SimMessage
from storage.engine import create_database
from storage.migrate import upgrade

DEMO_ACTOR = "demo"


@dataclass
class TimeMachine:
    """The demo's clock and reminder sweep: jump ahead, then sweep as the recurring job would."""

    clock: ShiftedClock
    reminders: ReminderService
    calendar: WorkCalendar
    tz: ZoneInfo

    async def next_saturday_morning(self) -> datetime:
        """Jump to 08:30 on the first working Saturday at least three days ahead, and sweep."""
        day = self.clock.now().astimezone(self.tz).date() + timedelta(days=3)
        while day.weekday() != SATURDAY or not self.calendar.is_working_day(day):
            day += timedelta(days=1)
        moment = datetime.combine(day, dt_time(8, 30), self.tz)
        self.clock.jump_to(moment)
        await self.reminders.sweep()
        return moment


# The sample minutes the secretariat uploads (written for the demo in the shape of real ones).
MINUTES = "minutes_30.txt"
SECRETARIAT_ID = 1001
SATURDAY = 5


async def scenario(chat: ScriptedChat, agencies: list[str], time: TimeMachine | None = None) -> None:
    """Registration, roles, minutes, the lifecycle of resolutions, and (with `time`) a jump to the next
    working Saturday morning for reminders, escalations and the weekly digest."""
    secretariat = Person(SimUser(SECRETARIAT_ID, "مریم", "maryam_dabir", "رضایی"), t.SECRETARIAT)
    mayor_rep = Person(SimUser(2001, "علی", None, "محمدی"), t.REP.format(agency=agencies[0]))
    county_rep = Person(SimUser(2002, "زهرا", None, "کریمی"), t.REP.format(agency=agencies[1]))
    governor = Person(SimUser(3001, "حسین", None, "اکبری"), t.GOVERNOR)
    stranger = Person(SimUser(9001, "ناشناس"), t.STRANGER)

    chat.note(t.PART_STRANGER)
    await chat.say(stranger, "سلام، وضعیت مصوبات جلسه قبل چیست؟", expect=["لینک دعوت"], refuse=agencies)
    await chat.say(stranger, "/members", expect=["لینک دعوت"], refuse=agencies)
    await chat.say(stranger, "/start not-a-real-invite-token", expect=["دعوت"])

    chat.note(t.PART_SECRETARIAT)
    await chat.say(secretariat, "/start", expect=["مریم"])
    await chat.say(secretariat, "/help", expect=["/invite", "/members", "/agencies"])

    chat.note(t.PART_INVITES)
    link = await chat.say(secretariat, f"/invite {agencies[0]}", expect=["?start=", agencies[0]])
    await chat.say(mayor_rep, f"/start {link_token(link)}", expect=["خوش آمدید", agencies[0]])
    picker = await chat.say(secretariat, "/invite", expect=["کدام"])
    link = await chat.press(secretariat, picker, agencies[1], expect=["?start=", agencies[1]])
    await chat.say(county_rep, f"/start {link_token(link)}", expect=["خوش آمدید", agencies[1]])
    picker = await chat.say(secretariat, "/invite", expect=["کدام"])
    link = await chat.press(secretariat, picker, "دفتر استاندار", expect=["?start="])
    await chat.say(governor, f"/start {link_token(link)}", expect=["خوش آمدید", "دفتر استاندار"])
    await chat.say(stranger, f"/start {link_token(link)}", expect=["دعوت"], refuse=["خوش آمدید"])

    chat.note(t.PART_ROLES)
    await chat.say(mayor_rep, "/help", expect=["/whoami"], refuse=["/invite", "/members"])
    await chat.say(mayor_rep, "/members", expect=["دبیرخانه"], refuse=[secretariat.user.first_name])
    await chat.say(county_rep, "/whoami", expect=[agencies[1]])
    await chat.say(governor, "/help", expect=["/whoami"], refuse=["/invite"])

    chat.note(t.PART_MEMBERS)
    listing = await chat.say(secretariat, "/members", expect=["علی", "زهرا", "حسین"])
    card = await chat.press(secretariat, listing, "زهرا", expect=[agencies[1]])
    await chat.press(secretariat, card, "بازگشت", expect=["اعضا"])
    agencies_list = await chat.say(secretariat, "/agencies", expect=[agencies[0]])
    await chat.press(secretariat, agencies_list, "افزودن دستگاه", expect=["نام"])
    await chat.say(secretariat, "اداره کل ورزش و جوانان استان", expect=["ثبت شد"])

    chat.note(t.PART_MINUTES)
    # Minutes in the messy shape of real ones: a party cell cut by a page break, then columns reversed.
    preview = await chat.send_file(
        secretariat, MINUTES, sample_bytes(MINUTES), expect=["پیش‌نمایش", "جلسه ۳۰", "۴ مصوبه"]
    )
    await chat.press(secretariat, preview, "ثبت و ارسال", expect=["جلسه ۳۰ ثبت شد"])
    mayor_items = await chat.receive(mayor_rep, "مصوبه تازه", 3)  # rows 1, 2 and 4 (every agency)
    county_items = await chat.receive(county_rep, "مصوبه تازه", 3)
    form_preview = await chat.say(
        secretariat,
        "/new_resolution\nجلسه: ۳۰\nمتن: گزارش ماهانه پاکسازی معابر شهرک به دبیرخانه ارسال شود.\n"
        f"اقدام کننده: {agencies[0]}\nمهلت: مستمر",
        expect=["پیش‌نمایش", "ردیف ۵"],
    )
    await chat.press(secretariat, form_preview, "ثبت و ارسال", expect=["ردیف ۵ ثبت شد"])
    await chat.receive(mayor_rep, "ردیف ۵")

    chat.note(t.PART_PROGRESS)
    mayor_row_1 = next(m for m in mayor_items if "ردیف ۱" in m.text)
    county_row_1 = next(m for m in county_items if "ردیف ۱" in m.text)
    await chat.press(mayor_rep, mayor_row_1, "دریافت")
    await chat.press(county_rep, county_row_1, "دریافت")
    await chat.send_file(
        mayor_rep,
        "gozaresh.jpg",
        b"\xff\xd8\xff\xe0",
        caption="جلسه با اتحادیه صنوف برگزار شد؛ ۵۰٪ انجام شد",
        reply_to=mayor_row_1,
        photo=True,
        expect=["۵۰٪"],
    )
    await chat.receive(secretariat, "۵۰٪")
    await chat.press(county_rep, county_row_1, "انجام شد", expect=["بررسی"])
    notice = (await chat.receive(secretariat, "🏁"))[-1]
    await chat.press(secretariat, notice, "تأیید", expect=["تأیید شد"])
    await chat.receive(county_rep, "✔️")

    chat.note(t.PART_EXTENSION)
    mayor_row_2 = next(m for m in mayor_items if "ردیف ۲" in m.text)
    await chat.press(mayor_rep, mayor_row_2, "تمدید", expect=["مهلت فعلی"])
    await chat.say(mayor_rep, "۲ هفته", expect=["دلیل"])
    await chat.say(mayor_rep, "قرارداد پیمانکار فضای سبز هنوز امضا نشده است", expect=["فرستاده شد"])
    request = (await chat.receive(secretariat, "⏳"))[-1]
    await chat.press(secretariat, request, "موافقت", expect=["تمدید شد"])
    await chat.receive(mayor_rep, "موافقت کرد")
    await chat.say(mayor_rep, "/my", expect=["در حال انجام ۵۰٪"])
    await chat.say(governor, "/history ۳۰/۲", expect=["تاریخچه جلسه ۳۰ ردیف ۲", "تمدید شد"])

    chat.note(t.PART_STATUS)
    overview = await chat.say(governor, "/status", expect=["وضعیت مصوبات", "معوق:", "به‌موقع"])
    await chat.press(governor, overview, "موارد معوق", expect=["موارد معوق", "روز تأخیر"])
    await chat.say(mayor_rep, "/status", expect=[f"«{agencies[0]}»"], refuse=[agencies[1]])
    await chat.say(governor, "/status ۳۰/۱", expect=["جلسه ۳۰ ردیف ۱", "۵۰٪", "انجام را در", "/history ۳۰/۱"])
    await chat.say(governor, "/ranking", expect=["رتبه‌بندی دستگاه‌ها"])
    again = await chat.say(governor, "/status")
    await _file(chat, governor, await chat.press(governor, again, "نمودار دستگاه‌ها"), photo=True)
    choice = await chat.say(secretariat, "/export", expect=["کدام گزارش"])
    await _file(chat, secretariat, await chat.press(secretariat, choice, "DOCX"), photo=False)

    if time is None:
        return
    chat.note(
        t.PART_REMINDERS.format(when=format_jalali_datetime(await time.next_saturday_morning(), time.tz))
    )
    # Row 1 is weeks overdue for the municipality (its 50 % report is days old now): a reminder, and an
    # escalation to the governor's office and the secretariat; row 2 was for the governorate too.
    await chat.receive(mayor_rep, "⚠️")
    await chat.receive(county_rep, "⚠️")
    await chat.receive(governor, "🚨", 2)
    await chat.receive(secretariat, "🚨", 2)
    await chat.receive(governor, "📊 گزارش هفتگی")


async def _file(chat: ScriptedChat, person: Person, message: SimMessage, *, photo: bool) -> None:
    """The step's answer must carry a picture (or a document)."""
    if (message.photo if photo else message.document) is None:
        raise StepFailed(t.NO_FILE.format(who=person.label))


async def run_demo(
    settings: Settings,
    clock: Clock,
    out: TextIO,
    *,
    platform: PlatformName = "telegram",
    folder: Path | None = None,
    limits: bool = True,
) -> bool:
    """Play the scenario; True when every step happened as expected (`limits` off: no rate limits)."""
    with tempfile.TemporaryDirectory(prefix="peygir-demo-") as tmp:
        url = f"sqlite+aiosqlite:///{(folder or Path(tmp)) / 'peygir-demo.db'}"
        await upgrade(url)
        db = create_database(url)
        # The bot's clock: the given one, until the demo jumps ahead to show reminders. The time machine
        # sweeps then; the bot's own sweep waits an hour (it would otherwise escalate the sample's old
        # items in the middle of the story).
        shifted = ShiftedClock(clock)
        settings = settings.model_copy(update={"reminder_sweep_seconds": 3600.0})
        try:
            agencies = AgencyService(db, clock)
            for name, aliases in sample_agencies():
                await agencies.add(name, aliases, Actor.system(DEMO_ACTOR))
            async with bot_on_simulator(
                settings, db, shifted, platform=platform, admin_ids=(SECRETARIAT_ID,), limits=limits
            ) as box:
                out.write(t.TITLE.format(platform=platform) + "\n")
                chat = ScriptedChat(box.client, out)
                time_machine = TimeMachine(
                    shifted,
                    ReminderService.from_settings(db, shifted, settings),
                    settings.work_calendar(),
                    settings.tz,
                )
                try:
                    await scenario(chat, [name for name, _ in sample_agencies()], time_machine)
                except (StepFailed, TimeoutError, LookupError) as exc:
                    out.write("\n" + t.FAILED.format(reason=exc) + "\n")
                    return False
                out.write("\n" + t.DONE.format(steps=fa(chat.steps)) + "\n")
                return True
        finally:
            await db.dispose()
