"""The reminder timetable (docs/reminders.md): working days before the due date, overdue every 2 working days,
check-ins for ongoing items, escalations; Fridays and official holidays skipped."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.domain.jalali import jalali_date
from bot.domain.reminder_policy import ReminderPolicy, Schedule
from bot.domain.workdays import WorkCalendar

TEHRAN = ZoneInfo("Asia/Tehran")
SCHEDULE = Schedule(ReminderPolicy(), WorkCalendar(), TEHRAN)
# Created on Thursday 1401/09/24; due Wednesday 1401/10/07, the day after the holiday 1401/10/06.
CREATED = datetime.combine(jalali_date(1401, 9, 24), time(10, 0), TEHRAN)
DUE = jalali_date(1401, 10, 7)


def at_nine(year: int, month: int, day: int) -> datetime:
    return datetime.combine(jalali_date(year, month, day), time(9, 0), TEHRAN)


def test_before_due_and_overdue_slots_skip_fridays_and_holidays() -> None:
    slots = SCHEDULE.slots_between(DUE, False, CREATED, CREATED, at_nine(1401, 10, 20))
    assert slots == [
        at_nine(1401, 9, 28),  # 7 working days before (Friday 10/02 and the holiday 10/06 not counted)
        at_nine(1401, 10, 3),  # 3
        at_nine(1401, 10, 5),  # 1: the day before the holiday
        at_nine(1401, 10, 7),  # the due morning
        at_nine(1401, 10, 10),  # overdue: 2 working days later (Friday 10/09 skipped)
        at_nine(1401, 10, 12),
        at_nine(1401, 10, 14),
        at_nine(1401, 10, 17),  # Friday 10/16 skipped
        at_nine(1401, 10, 19),
    ]
    for slot in slots:
        assert SCHEDULE.calendar.is_working_day(slot.date())
        assert SCHEDULE.open_for_sending(slot)


def test_latest_slot_is_computed_directly_and_agrees_with_stepping() -> None:
    for now in (at_nine(1401, 9, 27), at_nine(1401, 10, 6), at_nine(1401, 10, 11), at_nine(1401, 12, 1)):
        stepped = SCHEDULE.slots_between(DUE, False, CREATED, CREATED, now)
        assert SCHEDULE.latest_slot(DUE, False, CREATED, now) == (stepped[-1] if stepped else None)
    # Created after some before-due slots: those are not owed.
    late = at_nine(1401, 10, 4)
    assert SCHEDULE.latest_slot(DUE, False, late, at_nine(1401, 10, 4).replace(hour=12)) is None
    assert SCHEDULE.next_slot(DUE, False, late, late) == at_nine(1401, 10, 5)


def test_kinds_checkins_and_escalations() -> None:
    assert SCHEDULE.kind(DUE, False, at_nine(1401, 10, 5)) == "before_due"
    assert SCHEDULE.kind(DUE, False, at_nine(1401, 10, 7)) == "due_today"
    assert SCHEDULE.kind(DUE, False, at_nine(1401, 10, 8)) == "overdue"
    assert SCHEDULE.kind(None, True, at_nine(1401, 10, 8)) == "checkin"
    # Escalation 7 days after the due date, then every 14 days more.
    assert SCHEDULE.next_escalation(DUE, False, 0) == at_nine(1401, 10, 14)
    assert SCHEDULE.next_escalation(DUE, False, 1) == at_nine(1401, 10, 28)
    assert SCHEDULE.next_escalation(None, True, 0) is None
    # An ongoing item: a check-in every 30 days from creation, moved to a working day.
    checkins = SCHEDULE.slots_between(None, True, CREATED, CREATED, at_nine(1402, 1, 1))
    assert checkins[0] == at_nine(1401, 10, 24)  # 09/24 + 30 days = Friday 10/23 → Saturday 10/24
    assert len(checkins) == 3
    # An unknown deadline: nothing to remind.
    assert SCHEDULE.next_slot(None, False, CREATED, CREATED) is None


def test_quiet_hours_and_weekends_close_the_sweep() -> None:
    assert not SCHEDULE.open_for_sending(at_nine(1401, 10, 9))  # Friday
    assert not SCHEDULE.open_for_sending(at_nine(1401, 10, 6))  # holiday
    assert not SCHEDULE.open_for_sending(at_nine(1401, 10, 8).replace(hour=22))
    assert not SCHEDULE.open_for_sending(at_nine(1401, 10, 8).replace(hour=7, minute=59))
    assert SCHEDULE.open_for_sending(at_nine(1401, 10, 8).replace(hour=8))
    thursday_friday = Schedule(ReminderPolicy(), WorkCalendar(weekend=(3, 4)), TEHRAN)
    assert not thursday_friday.open_for_sending(at_nine(1401, 10, 8))  # Thursday
