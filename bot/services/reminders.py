"""The reminder sweep: one recurring job reads the assignments whose reminder time has come and, in one
transaction per batch, writes the outbox rows and moves their timetable on.

- Idempotent: a slot is settled (``last_reminded_at``) in the same transaction that queues its messages,
  and each outbox row has a dedupe key; a second sweep sends nothing twice.
- After downtime only the latest owed slot is sent (one reminder per assignment, not a flood), and
  escalation thresholds passed meanwhile count as one escalation.
- Two processes: the due rows are claimed with ``FOR UPDATE SKIP LOCKED`` (PostgreSQL); SQLite serialises
  writers. A row claimed by one sweep is not seen by the other until its time has moved on.
- ``sweep(dry_run=True)`` runs the same code and rolls back: ``peygir reminders preview``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.config import Settings
from bot.domain.clock import Clock
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa
from bot.domain.reminder_policy import ReminderPolicy, Schedule
from bot.domain.resolution_text import resolution_line
from bot.domain.workdays import WorkCalendar
from bot.markup import Markup
from bot.platforms import PROFILES
from bot.services.access import Role
from bot.services.outbox import notify_role
from bot.services.push import push_buttons
from bot.services.status import most_overdue
from bot.texts import reminders as t
from storage.engine import Database
from storage.repositories.outbox import OutboxRepo
from storage.repositories.reminders import Advance, DueAssignment, Recipient, ReminderRepo
from storage.repositories.status import StatusRepo

BATCH = 1000
MAX_BATCHES = 1000
REMINDER_KIND = "reminder"
WEEKLY_KEY = "digest:weekly:"
ESCALATION_KIND = "escalation"
TEXT_CUT = 300  # the resolution, named in one line (UTF-16 units)
WEEKLY_AGENCIES = 15  # agencies named in the weekly digest
_TEMPLATES = {
    "before_due": t.BEFORE_DUE,
    "due_today": t.DUE_TODAY,
    "overdue": t.OVERDUE,
    "checkin": t.CHECKIN,
    "escalation": t.ESCALATION,
}


@dataclass(frozen=True)
class Planned:
    """One message the sweep sends (or, in a preview, would send)."""

    kind: str  # before_due, due_today, overdue, checkin, escalation, digest
    agency: str
    member: str
    meeting: int | None  # None for the weekly digest
    resolution: int | None

    def to_json(self) -> dict[str, object]:
        return {
            "agency": self.agency,
            "member": self.member,
            "meeting": self.meeting,
            "resolution": self.resolution,
            "kind": self.kind,
        }


class _DryRun(Exception):
    """Raised inside a preview's transaction so that nothing it wrote stays."""


@dataclass(frozen=True)
class _Timetable:
    """Where one kind of item stands at the sweep's moment: shared by every item with the same due date
    (or, for an ongoing one, the same creation day)."""

    latest: datetime | None  # the last slot at or before now, before the creation check
    next: datetime | None
    kind: str
    slot_key: str  # `latest` as the reminders' dedupe keys name it


@dataclass
class _Batch:
    outbox: list[dict[str, Any]] = field(default_factory=list)
    advances: list[Advance] = field(default_factory=list)
    texts: dict[tuple[int, str, str], str] = field(default_factory=dict)
    _timetables: dict[tuple[object, ...], _Timetable] = field(default_factory=dict)

    def timetable(self, schedule: Schedule, row: DueAssignment, now: datetime) -> _Timetable:
        created_day = row.created_at.astimezone(schedule.tz).date() if row.ongoing else None
        key = (row.due_on, row.ongoing, created_day)
        known = self._timetables.get(key)
        if known is None:
            # From the start of the creation day (or long before, for a dated item): the creation check
            # is the caller's, per item.
            since = (
                datetime.combine(created_day, time(0, 0), schedule.tz)
                if created_day is not None
                else datetime(1900, 1, 1, tzinfo=UTC)
            )
            latest = schedule.latest_slot(row.due_on, row.ongoing, since, now)
            known = self._timetables[key] = _Timetable(
                latest=latest,
                next=schedule.next_slot(row.due_on, row.ongoing, since, now),
                kind=schedule.kind(row.due_on, row.ongoing, now),
                slot_key=latest.isoformat() if latest is not None else "",
            )
        return known


class ReminderService:
    @classmethod
    def from_settings(cls, db: Database, clock: Clock, settings: Settings) -> ReminderService:
        return cls(
            db,
            clock,
            settings.reminder_policy(),
            settings.work_calendar(),
            settings.tz,
            settings.weekly_digest,
        )

    def __init__(
        self,
        db: Database,
        clock: Clock,
        policy: ReminderPolicy,
        calendar: WorkCalendar,
        tz: ZoneInfo,
        weekly: tuple[int, time] = (5, time(8, 0)),
    ) -> None:
        """`weekly`: the governor's office's digest, (Python weekday, local time)."""
        self._weekly = weekly
        self._markups = {name: Markup(profile.html) for name, profile in PROFILES.items()}
        self._db = db
        self._clock = clock
        self._policy = policy
        self._schedule = Schedule(policy, calendar, tz)
        self._calendar = calendar
        self._tz = tz

    @property
    def schedule(self) -> Schedule:
        return self._schedule

    async def sweep(self, now: datetime | None = None, *, dry_run: bool = False) -> list[Planned]:
        """Queue what is due at `now` (default: the clock); the messages, in order."""
        now = now or self._clock.now()
        planned: list[Planned] = []
        if not self._schedule.open_for_sending(now):
            return planned
        if dry_run:
            try:
                async with self._db.transaction() as conn:
                    for _ in range(MAX_BATCHES):
                        if await self._batch(ReminderRepo(conn), now, planned) < BATCH:
                            break
                    if self._weekly_digest_window(now):
                        await self._weekly_digest(conn, now, planned)
                    raise _DryRun
            except _DryRun:
                pass
            return planned
        # Until a batch is not full: the rows another process holds are skipped, not waited for, and it
        # moves them on itself. Each batch moves its rows past `now`, so the loop ends.
        for _ in range(MAX_BATCHES):
            async with self._db.transaction() as conn:
                if await self._batch(ReminderRepo(conn), now, planned) < BATCH:
                    break
        if self._weekly_digest_window(now):
            async with self._db.transaction() as conn:
                await self._weekly_digest(conn, now, planned)
        return planned

    def weekly_slot(self, now: datetime) -> datetime:
        """The latest weekly digest time at or before `now`."""
        weekday, at = self._weekly
        local = now.astimezone(self._tz)
        day = local.date() - timedelta(days=(local.weekday() - weekday) % 7)
        slot = datetime.combine(day, at, self._tz)
        return slot if slot <= local else slot - timedelta(days=7)

    def _weekly_digest_window(self, now: datetime) -> bool:
        """Within a day of the weekly digest's time (a non-working slot waits for the next working
        morning, as every sweep does)."""
        return now - self.weekly_slot(now) <= timedelta(days=1)

    async def _weekly_digest(self, conn: AsyncConnection, now: datetime, planned: list[Planned]) -> None:
        """The governor's office's digest of the week, once per week (the caller checks the window), and
        only when there is something to say."""
        slot = self.weekly_slot(now)
        key = f"{WEEKLY_KEY}{slot.date().isoformat()}"
        if await OutboxRepo(conn).latest_key(key) is not None:
            return
        repo = StatusRepo(conn)
        today = now.astimezone(self._tz).date()
        tallies = await repo.tallies(today, today)
        overdue = await most_overdue(repo, tallies, WEEKLY_AGENCIES)
        verified = await repo.verified_between(slot - timedelta(days=7), slot)
        if not overdue and not verified:
            return
        on_time = sum(
            1 for _, due, done_on in verified if due is None or (done_on is not None and done_on <= due)
        )
        total = sum(row.overdue for row in tallies)
        lines = [t.WEEKLY_OVERDUE_HEADER.format(count=fa(total))] if overdue else []
        lines += [t.WEEKLY_OVERDUE_LINE.format(agency=a.name, count=fa(a.overdue)) for a in overdue]
        governors = await notify_role(
            conn,
            t.WEEKLY,
            {
                "today": format_jalali(today),
                "overdue": "\n".join(lines) if lines else t.WEEKLY_NO_OVERDUE,
                "done": fa(len(verified)),
                "rate": t.WEEKLY_RATE.format(
                    rate=fa(round(100 * on_time / len(verified))), on_time=fa(on_time), done=fa(len(verified))
                )
                if verified
                else "",
            },
            now,
            role=Role.GOVERNOR,
            dedupe=key,
        )
        planned += [Planned("digest", "", m.display_name, None, None) for m in governors]

    async def _batch(self, repo: ReminderRepo, now: datetime, planned: list[Planned]) -> int:
        rows = await repo.due(now, BATCH)
        if not rows:
            return 0
        by_agency: dict[int, list[Recipient]] = defaultdict(list)
        for member in await repo.representatives((r.agency_id for r in rows), now):
            by_agency[member.agency_id or 0].append(member)
        officials: list[Recipient] | None = None
        batch = _Batch()
        for row in rows:
            escalate = self._escalations_due(row, now)
            if escalate and officials is None:
                officials = await repo.officials(("governor", "secretariat"))
            self._plan(row, now, by_agency[row.agency_id], officials or [], escalate, batch, planned)
        await repo.queue(batch.outbox)
        await repo.advance(batch.advances)
        return len(rows)

    def _escalations_due(self, row: DueAssignment, now: datetime) -> int:
        """How many escalation thresholds have passed since the last escalation (0: none due)."""
        count = 0
        while True:
            at = self._schedule.next_escalation(row.due_on, row.ongoing, row.escalation_count + count)
            if at is None or at > now:
                return count
            count += 1

    def _plan(
        self,
        row: DueAssignment,
        now: datetime,
        representatives: list[Recipient],
        officials: list[Recipient],
        escalations: int,
        batch: _Batch,
        planned: list[Planned],
    ) -> None:
        schedule = self._schedule
        settled = row.last_reminded_at or row.created_at
        timetable = batch.timetable(schedule, row, now)
        # Slots at or before the item's creation are not owed.
        latest = (
            timetable.latest if timetable.latest is not None and timetable.latest > row.created_at else None
        )
        owed = latest is not None and latest > settled
        recent_report = (
            row.last_report_at is not None and now - row.last_report_at < self._policy.skip_after_report
        )
        if owed and not recent_report and latest is not None:
            kind = timetable.kind
            for member in representatives:
                key = f"remind:{row.id}:{timetable.slot_key}:{member.member_id}"
                batch.outbox.append(
                    self._message(member, row, kind, now, key, REMINDER_KIND, buttons=True, texts=batch.texts)
                )
                planned.append(Planned(kind, row.agency, member.display_name, row.meeting, row.number))
        count, escalated_at = row.escalation_count, row.escalated_at
        if escalations:
            count += escalations
            escalated_at = now
            for member in officials:
                key = f"escalate:{row.id}:{count}:{member.member_id}"
                batch.outbox.append(
                    self._message(member, row, "escalation", now, key, ESCALATION_KIND, texts=batch.texts)
                )
                planned.append(
                    Planned("escalation", row.agency, member.display_name, row.meeting, row.number)
                )
        following = [
            at
            for at in (timetable.next, schedule.next_escalation(row.due_on, row.ongoing, count))
            if at is not None
        ]
        batch.advances.append(
            Advance(
                id=row.id,
                next_reminder_at=min(following) if following else None,
                last_reminded_at=latest if owed else row.last_reminded_at,
                escalation_count=count,
                escalated_at=escalated_at,
            )
        )

    def _message(
        self,
        member: Recipient,
        row: DueAssignment,
        kind: str,
        now: datetime,
        key: str,
        outbox_kind: str,
        *,
        texts: dict[tuple[int, str, str], str],
        buttons: bool = False,
    ) -> dict[str, Any]:
        """One outbox row; `texts` remembers the rendered text per (assignment, kind, platform), so that
        an agency's several representatives share one rendering."""
        text_key = (row.id, kind, member.platform)
        text = texts.get(text_key)
        if text is None:
            text = texts[text_key] = self._render(row, kind, member.platform, now)
        return {
            "platform": member.platform,
            "chat_id": member.chat_id,
            "kind": outbox_kind,
            "payload": {
                "text": text,
                "buttons": push_buttons(row.id, row.status, row.ongoing) if buttons else [],
                "member_id": member.member_id,
            },
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "dedupe_key": key,
            "assignment_id": row.id,
            "created_at": now,
        }

    def _render(self, row: DueAssignment, kind: str, platform: str, now: datetime) -> str:
        markup = self._markups[platform]
        today = now.astimezone(self._tz).date()
        if kind == "before_due" and row.due_on is not None:
            days = self._calendar.working_days_between(today, row.due_on)
        elif row.due_on is not None:
            days = (today - row.due_on).days
        else:
            days = 0
        return markup.fill(
            _TEMPLATES[kind],
            days=_digits(days),
            meeting=_digits(row.meeting),
            number=_digits(row.number),
            due=_jalali(row.due_on) if row.due_on is not None else "",
            agency=row.agency,
            text=resolution_line(row.text, row.items, TEXT_CUT),
        )


@lru_cache(maxsize=512)
def _jalali(day: date) -> str:
    return format_jalali(day)


@lru_cache(maxsize=1024)
def _digits(number: int) -> str:
    return fa(number)
