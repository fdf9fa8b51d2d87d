"""`peygir demo` (what `make demo` runs): the bot on the simulator with scripted people, and the samples it
uses. The story holds on any day: two whole runs on fixed days (the last days of Esfand, Nowruz) and the
dates it chooses for every day of a year."""

from __future__ import annotations

import io
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.cli import demo
from bot.cli.demo import MINUTES, meeting_day, reminders_morning
from bot.cli.main import run
from bot.cli.scripted import INDENT, Person, ScriptedChat, indented
from bot.config import Settings
from bot.domain.agency_match import AgencyEntry, AgencyMatcher
from bot.domain.clock import FixedClock, SystemClock
from bot.domain.deadlines import parse_deadline
from bot.domain.jalali import format_jalali, jalali_date, parse_jalali_date
from bot.domain.persian import no_space_key
from bot.domain.reminder_policy import Schedule
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.samples import minutes_held_on, sample_agencies, sample_bytes
from bot.texts.calendar import WEEKDAY_NAMES
from simulator import SimButton, SimMessage, SimUser

TEHRAN = ZoneInfo("Asia/Tehran")
ZWNJ = "\u200c"


def tehran(year: int, month: int, day: int, hour: int, minute: int = 0) -> FixedClock:
    """A clock standing at a Jalali day and hour in Tehran."""
    return FixedClock(datetime.combine(jalali_date(year, month, day), time(hour, minute), TEHRAN))


@pytest.mark.e2e  # the whole bot on its simulator, about 7 s a run
@pytest.mark.parametrize(
    ("platform", "clock"),
    [
        # The last days of Esfand, just after midnight (Tehran's day is not yet UTC's): the meeting falls
        # before the new year and its deadlines within Nowruz's holidays or after them.
        ("telegram", tehran(1405, 12, 28, 0, 30)),
        # Nowruz: no working day for reminders until the holidays are over.
        ("bale", tehran(1406, 1, 2, 10)),
    ],
    ids=["telegram-esfand", "bale-nowruz"],
)
def test_demo_plays_the_whole_story_to_the_end(
    settings: Settings, platform: str, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What each person's chat holds at the end, as the simulator keeps it.
    chats: dict[int, list[SimMessage]] = {}
    show_the_rest = ScriptedChat.show_the_rest

    async def recording(chat: ScriptedChat) -> None:
        await show_the_rest(chat)
        for person in chat.people:
            chats[person.user.id] = [m for m in await chat.client.messages(person.user.id) if m.from_bot]

    monkeypatch.setattr(ScriptedChat, "show_the_rest", recording)
    out, err = io.StringIO(), io.StringIO()
    # The command itself; without the simulator's rate limits (the per-chat pace would make it 27 s:
    # the limits are tested in tests/e2e/test_platforms_e2e.py and by benchmarks/push_fanout.py).
    code = run(
        ["demo", "--platform", platform, "--no-limits"], clock=clock, out=out, err=err, settings=settings
    )
    text = out.getvalue()
    assert code == 0, text + err.getvalue()
    assert "✓ نمایش کامل شد" in text
    # The transcript shows who said what, the bot's answers and its buttons.
    assert "👤 مریم (دبیرخانه): /invite" in text
    assert "دفتر استاندار]" in text  # a button
    assert "📌 مصوبه تازه" in text and "✔️ دبیرخانه انجام" in text  # the lifecycle part
    assert "⚠️" in text and "🚨" in text and "📊 گزارش هفتگی" in text  # the jump to the digest's morning
    link = "https://t.me/PeygirBot?start=" if platform == "telegram" else "https://ble.ir/PeygirBot?start="
    assert link in text
    assert "<b>" not in text
    # The meeting was held a few days ago, on a working day; its deadlines lie ahead until the jump.
    today = clock.now().astimezone(TEHRAN).date()
    held = re.search(r"جلسه ۳۰ مورخ (\S+)", text)
    assert held is not None
    held_on = parse_jalali_date(held[1])
    assert WorkCalendar().is_working_day(held_on) and today - timedelta(days=10) <= held_on < today
    before_jump, after_jump = text.split("ساعت نمایش به")
    assert "روز تأخیر" not in before_jump and "روز تأخیر" in after_jump
    # Every message the bot sent anyone is in the transcript, once, each line after the indent.
    sent = [message for messages in chats.values() for message in messages]
    assert len(sent) > 60
    assert text.count("  🤖 پیگیر: ") == len(sent)
    for message in sent:
        # As sent; a message edited since (a pressed one) shows as edited too.
        shown = f"  🤖 پیگیر: {indented(message.text)}\n" if message.revision == 0 else indented(message.text)
        assert shown in text


@pytest.mark.e2e  # the bot on its simulator
def test_a_demo_step_that_fails_exits_1(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    async def wrong(chat: ScriptedChat, agencies: list[str], meeting: object, time: object = None) -> None:
        await chat.say(Person(SimUser(1001, "مریم"), "مریم"), "/help", expect=["چیزی که نمی‌آید"])

    monkeypatch.setattr(demo, "scenario", wrong)
    out = io.StringIO()
    assert run(["demo"], clock=SystemClock(), out=out, err=io.StringIO(), settings=settings) == 1
    assert "✗" in out.getvalue()


def test_the_story_s_dates_hold_on_every_day_of_a_year(settings: Settings) -> None:
    """The meeting a few days ago with nothing overdue yet, and a jump to a working Saturday morning when
    row 1 (two weeks) is overdue, reminded and escalated and row 2 (one week) overdue and reminded: on every
    day of 1405 and the Nowruz after it, and around the leap Esfand of 1403."""
    calendar, tz = settings.work_calendar(), settings.tz
    schedule = Schedule(settings.reminder_policy(), calendar, tz)
    cells = [
        r.deadline.raw for r in parse_minutes_bytes(sample_bytes(MINUTES), MINUTES, calendar).resolutions
    ]
    days = [jalali_date(1405, 1, 1) + timedelta(days=n) for n in range(365 + 31)]
    days += [jalali_date(1403, 12, 20) + timedelta(days=n) for n in range(25)]
    assert jalali_date(1403, 12, 30) in days and jalali_date(1406, 1, 4) in days
    for today in days:
        held_on = meeting_day(today, calendar, cells)
        assert calendar.is_working_day(held_on) and today - timedelta(days=10) <= held_on < today, today
        dues = [parse_deadline(cell, held_on, calendar).due for cell in cells]
        row_1, row_2 = dues[0], dues[1]
        assert row_1 is not None and row_2 is not None
        assert all(due >= today for due in dues if due is not None), today  # nothing overdue yet
        now = datetime.combine(today, time(10), tz)
        moment = reminders_morning(now, row_1, schedule, settings.weekly_digest).astimezone(tz)
        assert moment.weekday() == settings.weekly_digest[0] and calendar.is_working_day(moment.date())
        assert timedelta(days=2) < moment - now < timedelta(weeks=6), today
        # Within the weekly digest's day, after its time and the reminders' hour.
        assert moment.time() > max(settings.weekly_digest[1], settings.remind_at)
        for due in (row_1, row_2):
            assert schedule.kind(due, False, moment) == "overdue"
            assert schedule.latest_slot(due, False, now, moment) is not None
        escalation = schedule.next_escalation(row_1, False, 0)
        assert escalation is not None and escalation <= moment


def _without_dates(text: str) -> str:
    """The minutes without their dates and weekday names."""
    return re.sub(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}|\S*شنبه|\S*جمعه", "", text)


def test_sample_minutes_held_on_another_day() -> None:
    calendar = WorkCalendar()
    original = sample_bytes(MINUTES).decode()
    as_written = parse_minutes_bytes(original.encode(), MINUTES, calendar).resolutions
    # A Thursday (the sample's own weekday), a Sunday and a Wednesday.
    for held_on in (jalali_date(1405, 12, 27), jalali_date(1406, 1, 8), jalali_date(1405, 9, 11)):
        dated = minutes_held_on(MINUTES, held_on, calendar).decode()
        parsed = parse_minutes_bytes(dated.encode(), MINUTES, calendar)
        assert parsed.meeting.held_on == held_on and parsed.problems == []
        # The header table, the opening sentence and the table's heading; the weekday in the first two.
        assert dated.count(format_jalali(held_on)) == 3
        weekdays = re.findall(r"\S*شنبه|\S*جمعه", dated)
        assert len(weekdays) == 2
        assert {no_space_key(day) for day in weekdays} == {no_space_key(WEEKDAY_NAMES[held_on.weekday()])}
        # The invitation a few days before, on a working day.
        dates = {parse_jalali_date(d) for d in re.findall(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", dated)}
        (invited,) = dates - {held_on}
        assert calendar.is_working_day(invited) and held_on - timedelta(days=7) < invited < held_on
        # Everything else stays as it was, the messy table included.
        assert _without_dates(dated) == _without_dates(original)
        assert [(r.number, r.text, r.items, r.parties, r.deadline.raw) for r in parsed.resolutions] == [
            (r.number, r.text, r.items, r.parties, r.deadline.raw) for r in as_written
        ]


def test_sample_names_use_the_half_space_and_match_without_it() -> None:
    agencies = sample_agencies()
    assert ("اداره کل آموزش فنی و حرفه\u200cای استان", ["فنی و حرفه\u200cای"]) in agencies
    matcher = AgencyMatcher(
        AgencyEntry(i, name, tuple(aliases)) for i, (name, aliases) in enumerate(agencies, start=1)
    )
    calendar = WorkCalendar()
    for name in ("minutes_30.txt", "minutes_31.md", "minutes_32.txt"):
        written = sample_bytes(name).decode()
        assert " های " not in written and "حرفه ای" not in written
        # Minutes written with plain spaces where the half-spaces are still name the same agencies.
        for text in (written, written.replace(ZWNJ, " ")):
            parsed = parse_minutes_bytes(text.encode(), name, calendar)
            parties = [party for r in parsed.resolutions for party in r.parties]
            named = [p for p in parties if not p.startswith("کلیه")]
            assert named and all(matcher.match(p).matched for p in named), name
    spaced = "اداره کل آموزش فنی و حرفه ای استان"
    assert matcher.match(spaced).status == "exact"
    assert matcher.match(spaced).agency_name == "اداره کل آموزش فنی و حرفه\u200cای استان"


def test_each_line_of_a_message_keeps_its_indent_in_the_transcript() -> None:
    message = SimMessage(
        message_id=1,
        chat_id=1,
        from_bot=True,
        sender_id=0,
        text="پیش‌نمایش\r\n۱. مصوبه\n   ← شهرداری\n      الف) بند\n",
        buttons=((SimButton("✅ ثبت", "a"), SimButton("✖️ لغو", "b")), (SimButton("بعدی ◀️", "c"),)),
        document={"file_name": "r.docx", "size": 10},
        photo=None,
        edited=False,
        revision=0,
        reply_to_message_id=None,
        date=0,
    )
    out = io.StringIO()
    ScriptedChat(None, out)._show(message)  # type: ignore[arg-type]
    lines = out.getvalue().splitlines()
    assert lines[0] == "  🤖 پیگیر: پیش‌نمایش"
    assert lines[1:4] == [f"{INDENT}۱. مصوبه", f"{INDENT}   ← شهرداری", f"{INDENT}      الف) بند"]
    assert lines[4:] == [f"{INDENT}📎 r.docx (10 بایت)", f"{INDENT}[✅ ثبت]  [✖️ لغو]", f"{INDENT}[بعدی ◀️]"]
