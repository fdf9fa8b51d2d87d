"""A month of council life in seconds: the reminder sweep with an injected clock (docs/reminders.md)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.reminder_policy import ReminderPolicy
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.services import reminders as reminder_service
from bot.services.access import AccessDenied, Actor, Role
from bot.services.assignments import AssignmentService
from bot.services.errors import ServiceError
from bot.services.minutes_import import MinutesImportService
from bot.services.pauses import PauseService
from bot.services.reminders import ReminderService
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from storage.tables import outbox
from tests.minutes_40 import ROW_1, minutes_40
from tests.people_helpers import AGENCY_A, enrol, people

TEHRAN = ZoneInfo("Asia/Tehran")
# Thursday 1401/09/24: the meeting; row 1 is due Wednesday 1401/10/07, the day after the holiday 1401/10/06.
MINUTES = minutes_40(
    ROW_1,
    "| ۲ | مقرر گردید: شهرداری کمالشهر گزارش پاکسازی معابر را در هر جلسه ارائه نماید."
    " | شهرداری کمالشهر | مستمر |",
)


def tehran(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(jalali_date(year, month, day), time(hour, minute), TEHRAN)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(tehran(1401, 9, 24, 10).astimezone(UTC))


def reminders(db: Database, clock: FixedClock) -> ReminderService:
    return ReminderService(db, clock, ReminderPolicy(), WorkCalendar(), TEHRAN)


async def council(db: Database, clock: FixedClock) -> tuple[dict[str, Actor], int, int]:
    """People, and minutes 40 imported on the meeting day: (actors, dated assignment, ongoing one)."""
    actors = await people(db, clock)
    parsed = parse_minutes_bytes(MINUTES.encode(), "minutes_40.md", WorkCalendar())
    report = await MinutesImportService(db, clock).commit(parsed, actor="test")
    dated, ongoing = report.new_assignment_ids
    return actors, dated, ongoing


async def sent(db: Database) -> list[tuple[str, int | None, int, datetime]]:
    """(outbox kind, assignment, member, when queued in Tehran time) for reminders and escalations."""
    async with db.read() as conn:
        rows = await conn.execute(
            select(outbox.c.kind, outbox.c.assignment_id, outbox.c.payload, outbox.c.created_at)
            .where(outbox.c.kind.in_(("reminder", "escalation")))
            .order_by(outbox.c.id)
        )
        return [
            (r.kind, r.assignment_id, r.payload["member_id"], r.created_at.astimezone(TEHRAN)) for r in rows
        ]


async def run_hourly(service: ReminderService, clock: FixedClock, until: datetime) -> None:
    """Sweep at the top of every hour up to `until` (a month is 850-odd sweeps)."""
    while clock.now() < until:
        clock.advance(timedelta(hours=1))
        await service.sweep()


async def test_a_month_of_reminders_escalations_and_checkins(db: Database, clock: FixedClock) -> None:
    actors, dated, ongoing = await council(db, clock)
    await run_hourly(reminders(db, clock), clock, tehran(1401, 10, 30, 12))
    messages = await sent(db)
    rep = actors["agency"].member_id
    days = [when for kind, a, m, when in messages if kind == "reminder" and a == dated and m == rep]
    assert days == [
        tehran(1401, 9, 28),  # 7 working days before (Friday 10/02 and the holiday 10/06 not counted)
        tehran(1401, 10, 3),  # 3
        tehran(1401, 10, 5),  # 1
        tehran(1401, 10, 7),  # the due morning
        tehran(1401, 10, 10),  # overdue, every 2 working days (Friday 10/09 skipped)
        tehran(1401, 10, 12),
        tehran(1401, 10, 14),
        tehran(1401, 10, 17),
        tehran(1401, 10, 19),
        tehran(1401, 10, 21),
        tehran(1401, 10, 24),  # 10/22 Thursday is one, Friday 10/23 skipped, Saturday 10/24 two
        tehran(1401, 10, 26),
        tehran(1401, 10, 28),
    ]
    # Nothing on a non-working day or in quiet hours.
    calendar = WorkCalendar()
    for _, _, _, when in messages:
        assert calendar.is_working_day(when.date()) and time(8, 0) <= when.time() < time(21, 0)
    # Escalation at 7 days overdue (10/14), again 14 days later (10/28): to the governor and secretariat.
    escalations = [(m, when) for kind, a, m, when in messages if kind == "escalation"]
    officials = {actors["governor"].member_id, actors["secretariat"].member_id}
    assert {m for m, _ in escalations} == officials
    assert sorted({when for _, when in escalations}) == [tehran(1401, 10, 14), tehran(1401, 10, 28)]
    # The ongoing row: one check-in 30 days after the meeting (Friday 10/23 → Saturday 10/24).
    checkins = [when for kind, a, m, when in messages if a == ongoing]
    assert checkins == [tehran(1401, 10, 24)]


async def test_a_restart_after_downtime_sends_one_reminder_not_a_flood(
    db: Database, clock: FixedClock
) -> None:
    _, dated, _ = await council(db, clock)
    await run_hourly(reminders(db, clock), clock, tehran(1401, 10, 8, 12))
    before = len(await sent(db))
    # Down from Thursday 10/08 noon until Wednesday 10/21 at 11:00; a new process sweeps.
    clock.advance(tehran(1401, 10, 21, 11) - clock.now())
    restarted = reminders(db, clock)
    first = await restarted.sweep()
    assert [(p.kind, p.resolution) for p in first if p.member == "علی"] == [("overdue", 1)]
    assert sorted(p.kind for p in first if p.member != "علی") == ["escalation", "escalation"]
    assert await restarted.sweep() == []  # idempotent: nothing twice
    assert len(await sent(db)) == before + 3
    async with db.read() as conn:
        row = await AssignmentRepo(conn).get(dated)
    assert row is not None and row.escalation_count == 1 and row.next_reminder_at is not None
    assert row.next_reminder_at.astimezone(TEHRAN) == tehran(1401, 10, 24)


async def test_a_recent_report_skips_the_next_reminder(db: Database, clock: FixedClock) -> None:
    actors, dated, _ = await council(db, clock)
    service = reminders(db, clock)
    await run_hourly(service, clock, tehran(1401, 10, 4, 15))
    await AssignmentService(db, clock).report(actors["agency"], dated, "۶۰٪ — چراغ‌ها نصب شد")
    await run_hourly(service, clock, tehran(1401, 10, 7, 12))
    days = [when.date() for kind, a, _, when in await sent(db) if a == dated]
    # 10/05 skipped (a report the day before); the due morning, three days after it, is not.
    assert days == [jalali_date(1401, 9, 28), jalali_date(1401, 10, 3), jalali_date(1401, 10, 7)]


async def test_done_verify_send_back_and_extension_reschedule(db: Database, clock: FixedClock) -> None:
    actors, dated, _ = await council(db, clock)
    service = reminders(db, clock)
    assignments = AssignmentService(db, clock)
    await assignments.report_done(actors["agency"], dated)
    await run_hourly(service, clock, tehran(1401, 10, 10, 12))
    assert [a for _, a, _, _ in await sent(db) if a == dated] == []  # waiting on the secretariat
    await assignments.send_back(actors["secretariat"], dated, "مستندات پیوست نشده")
    await run_hourly(service, clock, tehran(1401, 10, 11, 12))
    # Back with the agency on 10/10 at noon: the 10/10 slot passed before the send-back and is not owed;
    # the next overdue slot is 10/12.
    assert [a for _, a, _, _ in await sent(db) if a == dated] == []
    await run_hourly(service, clock, tehran(1401, 10, 12, 12))
    assert len([a for kind, a, _, _ in await sent(db) if a == dated and kind == "reminder"]) == 1


async def test_a_paused_member_is_skipped_but_the_agency_still_reminded(
    db: Database, clock: FixedClock
) -> None:
    actors, dated, _ = await council(db, clock)
    other = await enrol(db, clock, 2002, Role.AGENCY, AGENCY_A, "رضا")
    pauses = PauseService(db, clock, TEHRAN)
    assert await pauses.pause(actors["agency"], 7) == tehran(1401, 10, 1, 0)  # from Thursday 09/24
    with pytest.raises(ServiceError, match="از ۱ تا ۶۰"):
        await pauses.pause(actors["agency"], 90)
    with pytest.raises(AccessDenied):
        await pauses.pause(actors["governor"], 3)
    await run_hourly(reminders(db, clock), clock, tehran(1401, 10, 3, 12))
    by_member = [(m, when.date()) for kind, a, m, when in await sent(db) if a == dated]
    assert by_member == [
        (other.id, jalali_date(1401, 9, 28)),  # علی paused until 10/01
        (actors["agency"].member_id, jalali_date(1401, 10, 3)),
        (other.id, jalali_date(1401, 10, 3)),
    ]


async def test_batches_smaller_than_the_due_rows_still_send_each_once(
    db: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One row per batch: the sweep goes on until a batch is not full, and the representatives of one
    # agency get the same text (rendered once), each under their own dedupe key.
    monkeypatch.setattr(reminder_service, "BATCH", 1)
    actors, dated, ongoing = await council(db, clock)
    other = await enrol(db, clock, 2002, Role.AGENCY, AGENCY_A, "رضا")
    service = reminders(db, clock)
    at = tehran(1401, 9, 28, 9, 30)
    planned = await service.sweep(at.astimezone(UTC))
    assert [(p.kind, p.member) for p in planned] == [("before_due", "علی"), ("before_due", "رضا")]
    assert await service.sweep(at.astimezone(UTC)) == []
    async with db.read() as conn:
        rows = (
            await conn.execute(
                select(outbox.c.payload, outbox.c.dedupe_key).where(outbox.c.kind == "reminder")
            )
        ).all()
        timetable = {a: await AssignmentRepo(conn).get(a) for a in (dated, ongoing)}
    assert {r.payload["member_id"] for r in rows} == {actors["agency"].member_id, other.id}
    assert len({r.payload["text"] for r in rows}) == 1 and len({r.dedupe_key for r in rows}) == 2
    assert "۷ روز کاری تا مهلت جلسه ۴۰ ردیف ۱ (۱۴۰۱/۱۰/۰۷)" in rows[0].payload["text"]
    next_times = {a: row.next_reminder_at for a, row in timetable.items() if row is not None}
    dated_next, ongoing_next = next_times[dated], next_times[ongoing]
    assert dated_next is not None and dated_next.astimezone(TEHRAN) == tehran(1401, 10, 3)
    assert ongoing_next is not None and ongoing_next.astimezone(TEHRAN) == tehran(1401, 10, 24)


async def test_preview_runs_the_same_code_and_writes_nothing(db: Database, clock: FixedClock) -> None:
    _, dated, _ = await council(db, clock)
    service = reminders(db, clock)
    at = tehran(1401, 10, 14, 9, 30)
    preview = await service.sweep(at.astimezone(UTC), dry_run=True)
    assert await sent(db) == []
    assert sorted(p.kind for p in preview) == ["escalation", "escalation", "overdue"]
    assert await service.sweep(tehran(1401, 10, 14, 22).astimezone(UTC), dry_run=True) == []  # quiet hours
    assert await service.sweep(tehran(1401, 10, 16, 10).astimezone(UTC), dry_run=True) == []  # Friday
    real = await service.sweep(at.astimezone(UTC))
    assert real == preview and len(await sent(db)) == 3
    async with db.read() as conn:
        row = await AssignmentRepo(conn).get(dated)
    assert row is not None and row.escalation_count == 1


async def notices_to(db: Database, member_id: int | None, marker: str) -> list[tuple[datetime, str]]:
    async with db.read() as conn:
        rows = await conn.execute(select(outbox.c.payload, outbox.c.created_at).order_by(outbox.c.id))
        return [
            (r.created_at.astimezone(TEHRAN), str(r.payload["text"]))
            for r in rows
            if r.payload.get("member_id") == member_id and marker in str(r.payload["text"])
        ]


async def test_weekly_digest_on_saturday_mornings_only_with_content(db: Database, clock: FixedClock) -> None:
    actors, _, _ = await council(db, clock)
    await run_hourly(reminders(db, clock), clock, tehran(1401, 10, 25, 12))
    digests = await notices_to(db, actors["governor"].member_id, "گزارش هفتگی")
    # Saturdays 09/26 and 10/03 had nothing to say; from 10/10 the item is overdue.
    assert [when for when, _ in digests] == [
        tehran(1401, 10, 10, 8),
        tehran(1401, 10, 17, 8),
        tehran(1401, 10, 24, 8),
    ]
    assert (
        "شهرداری کمالشهر: ۱ مورد" in digests[0][1] and "انجام‌شده و تأییدشده در هفته گذشته: ۰" in digests[0][1]
    )


async def test_weekly_digest_counts_what_was_verified_and_on_time(db: Database, clock: FixedClock) -> None:
    actors, dated, _ = await council(db, clock)
    service = AssignmentService(db, clock)
    clock.advance(tehran(1401, 10, 5, 11) - clock.now())
    await service.report_done(actors["agency"], dated)  # two days before the due date
    await service.verify(actors["secretariat"], dated)
    sweeper = reminders(db, clock)
    preview = await sweeper.sweep(tehran(1401, 10, 10, 8, 30).astimezone(UTC), dry_run=True)
    assert [(p.kind, p.member) for p in preview] == [("digest", "حسین")]
    assert preview[0].to_json()["meeting"] is None
    await sweeper.sweep(tehran(1401, 10, 10, 8, 30).astimezone(UTC))
    digest = (await notices_to(db, actors["governor"].member_id, "گزارش هفتگی"))[-1][1]
    assert "مورد معوقی نیست" in digest and "هفته گذشته: ۱" in digest and "به‌موقع: ۱۰۰٪ (۱ از ۱)" in digest
    assert await sweeper.sweep(tehran(1401, 10, 10, 9, 30).astimezone(UTC)) == []  # once a week


async def test_a_reminder_names_a_lead_in_by_its_first_item_and_has_the_buttons_of_the_state(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    minutes = minutes_40(
        ROW_1,
        "| ۲ | مقرر گردید: شهرداری کمالشهر :<br>الف - فضای سبز پارک محله بازسازی گردد.<br>"
        "ب - روشنایی کوچه های شهرک تکمیل شود. | شهرداری کمالشهر | ۱۴۰۱/۱۰/۰۷ |",
    )
    parsed = parse_minutes_bytes(minutes.encode(), "minutes_40.md", WorkCalendar())
    first, lead_in = (await MinutesImportService(db, clock).commit(parsed, actor="test")).new_assignment_ids
    await AssignmentService(db, clock).acknowledge(actors["agency"], first)
    await reminders(db, clock).sweep(tehran(1401, 9, 28, 9, 30).astimezone(UTC))  # 7 working days before
    async with db.read() as conn:
        rows = await conn.execute(
            select(outbox.c.assignment_id, outbox.c.payload).where(outbox.c.kind == "reminder")
        )
        queued = {r.assignment_id: r.payload for r in rows}
    buttons = {
        a: [b["callback_data"].split(":")[1] for row in payload["buttons"] for b in row]
        for a, payload in queued.items()
    }
    assert buttons == {first: ["report", "extend", "done"], lead_in: ["ack", "report", "extend", "done"]}
    text = queued[lead_in]["text"]
    assert "\nمقرر گردید: شهرداری کمالشهر: فضای سبز پارک محله بازسازی گردد. (و ۱ بند دیگر)\n" in text
    assert "روشنایی کوچه" not in text  # one line: the other sub-item is counted, not repeated
