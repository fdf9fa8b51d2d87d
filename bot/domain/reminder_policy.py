"""Reminder, check-in and escalation times (docs/reminders.md): pure functions of dates and the policy.

Reminder slots fall at ``at`` (Tehran time, 09:00 by default) on working days:
- before a due date: ``before`` working days ahead of it (7, 3, 1 and 0: the due morning);
- after it: every ``overdue_every`` working days (the first one ``overdue_every`` working days after due);
- an ongoing item («مستمر»): a check-in every ``checkin_days`` days from its creation, on a working day.
An escalation falls ``escalate_after`` days after the due date, then every ``escalate_again`` days more,
on the next working day at the same hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from bot.domain.workdays import WorkCalendar

ReminderKind = Literal["before_due", "due_today", "overdue", "checkin"]


@dataclass(frozen=True)
class ReminderPolicy:
    before: tuple[int, ...] = (7, 3, 1, 0)
    at: time = time(9, 0)
    overdue_every: int = 2
    skip_after_report: timedelta = timedelta(days=2)
    checkin_days: int = 30
    escalate_after: int = 7
    escalate_again: int = 14
    quiet: tuple[time, time] = (time(21, 0), time(8, 0))

    def quiet_at(self, moment: time) -> bool:
        start, end = self.quiet
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end


@dataclass(frozen=True)
class Schedule:
    """The reminder timetable of one assignment."""

    policy: ReminderPolicy
    calendar: WorkCalendar
    tz: ZoneInfo
    _before: dict[date, list[date]] = field(default_factory=dict, compare=False, repr=False)
    _escalations: dict[tuple[date, int], datetime] = field(default_factory=dict, compare=False, repr=False)

    def _at(self, day: date) -> datetime:
        return datetime.combine(day, self.policy.at, self.tz)

    def before_days(self, due_on: date) -> list[date]:
        """The reminder days before (and on) a due date, oldest first; remembered per due date."""
        known = self._before.get(due_on)
        if known is None:
            known = self._before[due_on] = sorted(
                {self.calendar.add_working_days(due_on, -k) for k in self.policy.before}
            )
        return known

    def slots_between(
        self, due_on: date | None, ongoing: bool, created: datetime, start: datetime, end: datetime
    ) -> list[datetime]:
        """Reminder slots in (start, end], oldest first."""
        found: list[datetime] = []
        moment = start
        while True:
            slot = self.next_slot(due_on, ongoing, created, moment)
            if slot is None or slot > end:
                return found
            found.append(slot)
            moment = slot

    def next_slot(
        self, due_on: date | None, ongoing: bool, created: datetime, after: datetime
    ) -> datetime | None:
        """The first reminder slot strictly after `after` (None: an item without a due date or check-ins)."""
        local = after.astimezone(self.tz)
        if ongoing:
            return self._next_checkin(created.astimezone(self.tz).date(), local)
        if due_on is None:
            return None
        for day in self.before_days(due_on):
            if self._at(day) > local:
                return self._at(day)
        # Overdue: jump near `after`, then step by the policy's interval.
        every = max(1, self.policy.overdue_every)
        passed = max(0, self.calendar.working_days_between(due_on, local.date()))
        day = self.calendar.add_working_days(due_on, max(every, passed // every * every))
        while self._at(day) <= local:
            day = self.calendar.add_working_days(day, every)
        return self._at(day)

    def latest_slot(
        self, due_on: date | None, ongoing: bool, created: datetime, now: datetime
    ) -> datetime | None:
        """The last reminder slot in (created, now], if any (computed directly, not by stepping)."""
        local = now.astimezone(self.tz)
        candidates: list[datetime] = []
        if ongoing:
            first = created.astimezone(self.tz).date()
            step = max(1, self.policy.checkin_days)
            k = (local.date() - first).days // step
            candidates += [
                self._at(self.calendar.next_working_day(first + timedelta(days=j * step)))
                for j in (k, k - 1)
                if j >= 1
            ]
        elif due_on is not None:
            candidates += [self._at(day) for day in self.before_days(due_on)]
            every = max(1, self.policy.overdue_every)
            j = max(0, self.calendar.working_days_between(due_on, local.date())) // every
            candidates += [
                self._at(self.calendar.add_working_days(due_on, m * every)) for m in (j, j - 1) if m >= 1
            ]
        found: list[datetime] = [slot for slot in candidates if created < slot <= local]
        return max(found) if found else None

    def _next_checkin(self, created: date, local: datetime) -> datetime:
        step = max(1, self.policy.checkin_days)
        elapsed = max(0, (local.date() - created).days)
        k = max(1, elapsed // step)
        while True:
            slot = self._at(self.calendar.next_working_day(created + timedelta(days=k * step)))
            if slot > local:
                return slot
            k += 1

    def next_escalation(self, due_on: date | None, ongoing: bool, count: int) -> datetime | None:
        """When the next escalation falls (after `count` earlier ones); None for items without a due date."""
        if ongoing or due_on is None:
            return None
        known = self._escalations.get((due_on, count))
        if known is None:
            days = self.policy.escalate_after + count * self.policy.escalate_again
            known = self._escalations[(due_on, count)] = self._at(
                self.calendar.next_working_day(due_on + timedelta(days=days))
            )
        return known

    def kind(self, due_on: date | None, ongoing: bool, now: datetime) -> ReminderKind:
        if ongoing or due_on is None:
            return "checkin"
        today = now.astimezone(self.tz).date()
        if today < due_on:
            return "before_due"
        return "due_today" if today == due_on else "overdue"

    def open_for_sending(self, now: datetime) -> bool:
        """A working day outside quiet hours: reminders may go now."""
        local = now.astimezone(self.tz)
        return self.calendar.is_working_day(local.date()) and not self.policy.quiet_at(local.time())
