"""``peygir demo``: the bot and the built-in simulator, with scripted people, printed as a transcript.

It starts the simulator and the bot on SQLite in a temporary folder and registers the sample agencies.
Then a secretariat member, two agency representatives, someone from the governor's office and a
stranger go through registration, the minutes of a meeting held a few days ago, the life of its
resolutions, and (the clock jumping ahead) reminders, escalations and the weekly digest. Every step
states what the bot must answer; the demo stops at the first step that did not happen as expected and
reports failure. The story holds on any day of the year: the meeting's date is chosen from the day the
demo runs (`meeting_day`) and the jump from the deadlines the bot computed (`reminders_morning`).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO

from bot.cli.scripted import Person, ScriptedChat, StepFailed, bot_on_simulator, link_token
from bot.config import Settings
from bot.domain.clock import Clock, ShiftedClock, local_today
from bot.domain.deadlines import parse_deadline
from bot.domain.jalali import format_jalali, format_jalali_datetime
from bot.domain.persian import fa
from bot.domain.reminder_policy import Schedule
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.platforms import PlatformName
from bot.samples import minutes_held_on, sample_agencies, sample_bytes
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from bot.services.reminders import Planned, ReminderService
from bot.texts import demo as t
from bot.texts import status as status_texts
from simulator import SimUser
from simulator.client import SimMessage
from storage.engine import create_database
from storage.migrate import upgrade

DEMO_ACTOR = "demo"
# The sample minutes the secretariat uploads (written for the demo in the shape of real ones).
MINUTES = "minutes_30.txt"
SECRETARIAT_ID = 1001
# The demo's meeting was held on the last working day at least this many days before the demo runs.
MEETING_DAYS_AGO = 3
# The clock jumps to this long after the weekly digest's time or the reminders' hour, whichever is later
# (Saturday 08:00 and 09:00: 09:30).
MORNING_AFTER = timedelta(minutes=30)
# How far ahead the jump looks for a morning that shows reminders and escalations.
MAX_JUMP_DAYS = 180


def meeting_day(today: date, calendar: WorkCalendar, deadlines: Sequence[str]) -> date:
    """The day the demo's meeting was held: the last working day at least MEETING_DAYS_AGO days before
    `today`, so that its relative `deadlines` (cells of the minutes, due as the bot computes them) lie
    ahead.

    Right after a long holiday (Nowruz) that day is so far back that a deadline has come already: then the
    first working day after it, before today, whose deadlines all lie ahead, or failing that the last
    working day before today (a deadline falls today; none has passed).
    """
    day = calendar.previous_working_day(today - timedelta(days=MEETING_DAYS_AGO))
    while _earliest_due(deadlines, day, calendar) <= today:
        later = calendar.add_working_days(day, 1)
        if later >= today:
            break
        day = later
    return day


def _earliest_due(deadlines: Sequence[str], held_on: date, calendar: WorkCalendar) -> date:
    dues = [parse_deadline(cell, held_on, calendar).due for cell in deadlines]
    return min((due for due in dues if due is not None), default=date.max)


def reminders_morning(now: datetime, due: date, schedule: Schedule, weekly: tuple[int, time]) -> datetime:
    """Where the demo's clock jumps from `now`: the first morning of the weekly digest's day (Saturday),
    a working day, past the time a report made `now` holds reminders back, by which the bot's schedule has
    an item due on `due` overdue, owed a reminder and escalated. The hour: MORNING_AFTER the digest's
    time or the reminders' hour, whichever is later (09:30), so that both have come."""
    weekday, digest_at = weekly
    at = max(digest_at, schedule.policy.at)
    escalation = schedule.next_escalation(due, False, 0)
    day = now.astimezone(schedule.tz).date()
    for _ in range(MAX_JUMP_DAYS):
        day += timedelta(days=1)
        moment = datetime.combine(day, at, schedule.tz) + MORNING_AFTER
        if (
            day.weekday() == weekday
            and moment - now > schedule.policy.skip_after_report
            and schedule.open_for_sending(moment)
            and schedule.kind(due, False, moment) == "overdue"
            and schedule.latest_slot(due, False, now, moment) is not None
            and escalation is not None
            and escalation <= moment
        ):
            return moment
    raise StepFailed(t.NO_REMINDER_MORNING.format(days=fa(MAX_JUMP_DAYS)))


@dataclass(frozen=True)
class Meeting:
    """The sample meeting as the demo holds it: a few days before the day it runs."""

    held_on: date
    minutes: bytes  # the sample minutes, dated `held_on`
    first_due: date  # row 1's due date (the municipality's and the governorate's), as the bot reads it


def demo_meeting(today: date, calendar: WorkCalendar) -> Meeting:
    """The sample minutes, held on `meeting_day(today)`."""
    sample = parse_minutes_bytes(sample_bytes(MINUTES), MINUTES, calendar)
    held_on = meeting_day(today, calendar, [r.deadline.raw for r in sample.resolutions])
    minutes = minutes_held_on(MINUTES, held_on, calendar)
    first_due = parse_minutes_bytes(minutes, MINUTES, calendar).resolutions[0].deadline.due
    if first_due is None:
        raise ValueError(f"row 1 of {MINUTES} has no due date")
    return Meeting(held_on, minutes, first_due)


@dataclass
class TimeMachine:
    """The demo's clock and reminder sweep: jump ahead, then sweep as the recurring job would."""

    clock: ShiftedClock
    reminders: ReminderService
    weekly: tuple[int, time]  # the weekly digest's (Python weekday, local time)

    async def reminders_morning(self, due: date) -> tuple[datetime, list[Planned]]:
        """Jump to the morning `reminders_morning` chooses for an item due on `due`, and sweep: the
        moment, and the messages the sweep queued."""
        moment = reminders_morning(self.clock.now(), due, self.reminders.schedule, self.weekly)
        self.clock.jump_to(moment)
        return moment, await self.reminders.sweep()


async def scenario(
    chat: ScriptedChat, agencies: list[str], meeting: Meeting, time: TimeMachine | None = None
) -> None:
    """Registration, roles, the minutes of `meeting`, the lifecycle of resolutions, and (with `time`) a
    jump to the weekly digest's morning for reminders, escalations and the digest."""
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

    held_on = format_jalali(meeting.held_on)
    chat.note(t.PART_MINUTES.format(held_on=held_on))
    # Minutes in the messy shape of real ones: a party cell cut by a page break, then columns reversed.
    preview = await chat.send_file(
        secretariat, MINUTES, meeting.minutes, expect=["پیش‌نمایش", f"جلسه ۳۰ مورخ {held_on}", "۴ مصوبه"]
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
    # Two weeks more, counted from the current due date; the representative confirms the date it gives.
    new_due = await chat.say(mayor_rep, "۲ هفته", expect=["مهلت تازه", "پس از مهلت فعلی"])
    await chat.press(mayor_rep, new_due, "تأیید مهلت", expect=["دلیل"])
    await chat.say(mayor_rep, "قرارداد پیمانکار فضای سبز هنوز امضا نشده است", expect=["فرستاده شد"])
    request = (await chat.receive(secretariat, "⏳"))[-1]
    await chat.press(secretariat, request, "موافقت", expect=["تمدید شد"])
    await chat.receive(mayor_rep, "موافقت کرد")
    await chat.say(mayor_rep, "/my", expect=["در حال انجام ۵۰٪"])
    await chat.say(governor, "/history ۳۰/۲", expect=["تاریخچه جلسه ۳۰ ردیف ۲", "تمدید شد"])

    chat.note(t.PART_STATUS)
    # Every deadline is ahead: nothing is overdue, and the one item done (row 1, the governorate) was on
    # time.
    overview = await chat.say(
        governor, "/status", expect=["وضعیت مصوبات", "معوق: ۰", "انجام به‌موقع: ۱۰۰٪ (۱ از ۱)"]
    )
    await chat.press(governor, overview, "موارد معوق", expect=[status_texts.OVERDUE_EMPTY])
    await chat.say(mayor_rep, "/status", expect=[f"«{agencies[0]}»", "معوق: ۰"], refuse=[agencies[1]])
    await chat.say(governor, "/status ۳۰/۱", expect=["جلسه ۳۰ ردیف ۱", "۵۰٪", "انجام را در", "/history ۳۰/۱"])
    await chat.say(governor, "/ranking", expect=["رتبه‌بندی دستگاه‌ها", f"{agencies[1]}: به‌موقع ۱۰۰٪"])
    again = await chat.say(governor, "/status")
    await _file(chat, governor, await chat.press(governor, again, "نمودار دستگاه‌ها"), photo=True)
    choice = await chat.say(secretariat, "/export", expect=["کدام گزارش"])
    # The follow-up report (DOCX), whatever the button calls the format.
    await _file(chat, secretariat, await chat.press(secretariat, choice, "گزارش پیگیری"), photo=False)

    if time is None:
        return
    await chat.show_the_rest()
    moment, planned = await time.reminders_morning(meeting.first_due)
    chat.note(t.PART_REMINDERS.format(when=format_jalali_datetime(moment, time.reminders.schedule.tz)))
    # Row 1 is overdue for the municipality (its 50 % report is days old now): a reminder, and an
    # escalation to the governor's office and the secretariat; row 2 is overdue for the governorate.
    # Each person receives every message the sweep queued for them.
    queued = Counter(message.member for message in planned)
    for person, expect in (
        (mayor_rep, ["⚠️", "جلسه ۳۰ ردیف ۱ ("]),
        (county_rep, ["⚠️", "جلسه ۳۰ ردیف ۲ ("]),
        (governor, ["🚨", f"ردیف ۱ برای «{agencies[0]}»", "📊 گزارش هفتگی"]),
        (secretariat, ["🚨", f"ردیف ۱ برای «{agencies[0]}»"]),
    ):
        await chat.receive(person, count=queued[person.full_name], expect=expect)
    await chat.say(governor, "/overdue", expect=["جلسه ۳۰ ردیف ۱", agencies[0], "روز تأخیر"])


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
    meeting = demo_meeting(local_today(clock, settings.tz), settings.work_calendar())
    with tempfile.TemporaryDirectory(prefix="peygir-demo-") as tmp:
        url = f"sqlite+aiosqlite:///{(folder or Path(tmp)) / 'peygir-demo.db'}"
        await upgrade(url)
        db = create_database(url)
        # The bot's clock: the given one, until the demo jumps ahead to show reminders. The time machine
        # sweeps then; the bot's own sweep waits an hour (a sweep in the middle of the story would send
        # whatever reminder falls due while the demo runs).
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
                    shifted, ReminderService.from_settings(db, shifted, settings), settings.weekly_digest
                )
                try:
                    await scenario(chat, [name for name, _ in sample_agencies()], meeting, time_machine)
                except (StepFailed, TimeoutError, LookupError) as exc:
                    await chat.show_the_rest()
                    out.write("\n" + t.FAILED.format(reason=exc) + "\n")
                    return False
                await chat.show_the_rest()
                out.write("\n" + t.DONE.format(steps=fa(chat.steps)) + "\n")
                return True
        finally:
            await db.dispose()
