"""Extension requests («درخواست تمدید»): an agency asks for a later due date with a reason; the secretariat
approves (the due date moves) or denies with a reason. The agency is told either way.

Each call checks who is acting and, for an agency, that the item is its own; each change is audited and
its notices are queued in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.callback_data import ExtensionDecision
from bot.domain.clock import Clock, local_today
from bot.domain.deadlines import parse_deadline
from bot.domain.jalali import format_jalali
from bot.domain.workdays import WorkCalendar
from bot.services.access import Actor, Permission, require
from bot.services.assignments import (
    AssignmentView,
    Decision,
    assignment_view,
    check_step,
    checked_reason,
    own_assignment,
    tell_agency_of_decision,
    tell_secretariat,
)
from bot.services.errors import ServiceError
from bot.texts import push as t
from storage.engine import Database
from storage.errors import WrongState
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.extensions import ExtensionRepo
from storage.rows import AssignmentRow, ExtensionRequestRow

# The furthest a new due date may be, from today.
MAX_AHEAD = timedelta(days=366)
# The example date the prompt shows: this long after what a length counts from.
EXAMPLE_AHEAD = timedelta(days=30)


@dataclass(frozen=True)
class ExtensionView:
    id: int
    item: AssignmentView
    old_due: date | None
    requested_due: date
    reason: str
    decision: str


@dataclass(frozen=True)
class ExtensionStart:
    """An item the actor may ask to extend, and how a length such as «۲ هفته» is counted for it."""

    item: AssignmentView
    due: date | None  # the current due date (None: the minutes' deadline was not understood)
    counted_from: date  # the current due date; today, once that has passed (or if there is none)
    example: date  # a date to show as an example of what to write: a working day a month later

    @property
    def from_due(self) -> bool:
        """Whether a length counts from the current due date (not from today)."""
        return self.counted_from == self.due


@dataclass(frozen=True)
class NewDue:
    """The due date a representative's text asks for, checked, and how it was reached."""

    start: ExtensionStart
    due: date
    raw: str  # what was written, whitespace squashed («۲ هفته», «۱۴۰۵/۰۸/۱۴»)
    relative: bool  # a length, counted from `start.counted_from`; else a date
    moved_from: date | None  # the non-working day it fell on, if it was moved to the next working day


def due_text(due: date | None) -> str:
    return format_jalali(due) if due is not None else t.DUE_ONGOING


class ExtensionService:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, tz: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._calendar = calendar
        self._tz = tz

    async def extendable(self, actor: Actor, assignment_id: int) -> ExtensionStart:
        """The item, its current due date and what a length counts from, if the actor may ask to extend
        it now."""
        async with self._db.read() as conn:
            row = await self._extendable(conn, actor, assignment_id)
            view = await assignment_view(conn, row)
        counted_from = self._counted_from(row.due_on)
        example = self._calendar.next_working_day(counted_from + EXAMPLE_AHEAD)
        return ExtensionStart(view, row.due_on, counted_from, example)

    async def new_due(self, actor: Actor, assignment_id: int, text: str) -> NewDue:
        """The date the text asks for («۱۴۰۵/۰۹/۲۰», or «۲ هفته» more: from the current due date, or
        from today once that has passed), checked: after today and after the current due date, within a
        year; moved to a working day like every due date."""
        start = await self.extendable(actor, assignment_id)
        deadline = parse_deadline(text, start.counted_from, self._calendar)
        if deadline.kind not in ("date", "relative") or deadline.due is None:
            raise ServiceError(t.EXTEND_BAD_DATE)
        return NewDue(
            start=start,
            due=self._check_date(deadline.due, start.due),
            raw=deadline.raw,
            relative=deadline.kind == "relative",
            moved_from=deadline.raw_due if deadline.raw_due != deadline.due else None,
        )

    async def request(self, actor: Actor, assignment_id: int, requested: date, reason: str) -> ExtensionView:
        """Ask for `requested` (as checked by :meth:`new_due`) with a reason; the secretariat decides."""
        reason = checked_reason(reason, t.EXTEND_REASON_EMPTY)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await self._extendable(conn, actor, assignment_id)
            new = self._check_date(requested, row.due_on)
            request = await ExtensionRepo(conn).add(
                assignment_id=row.id, member_id=actor.member_id, requested_due=new, reason=reason, at=now
            )
            await actor.auditor(conn, now).record(
                "extension.request",
                "assignment",
                row.id,
                before={"due_on": _iso(row.due_on)},
                after={"request_id": request.id, "requested_due": new.isoformat(), "reason": reason},
            )
            view = await assignment_view(conn, row)
            await tell_secretariat(
                conn,
                actor,
                view,
                t.EXTEND_REQUESTED,
                "",
                now,
                buttons=[
                    [
                        {
                            "text": t.BUTTON_APPROVE,
                            "callback_data": ExtensionDecision("ok", request.id).pack(),
                        },
                        {"text": t.BUTTON_DENY, "callback_data": ExtensionDecision("no", request.id).pack()},
                    ]
                ],
                extra={"old": due_text(row.due_on), "new": format_jalali(new), "reason": reason},
            )
            return _view(request, view, row.due_on)

    async def pending(self, actor: Actor, request_id: int) -> ExtensionView:
        """A request waiting for the secretariat's decision (to ask the reason of a denial)."""
        async with self._db.read() as conn:
            request, row = await _pending(conn, actor, request_id)
            return _view(request, await assignment_view(conn, row), row.due_on)

    async def approve(self, actor: Actor, request_id: int) -> ExtensionView:
        """The due date moves to the requested one; the agency is told."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            request, row = await _pending(conn, actor, request_id)
            decided = await _decide(conn, actor, request, "approved", None, now)
            updated = await AssignmentRepo(conn).set_due(row.id, request.requested_due, now)
            view = await tell_agency_of_decision(
                conn,
                actor,
                now,
                Decision(
                    "extension.approve",
                    {"due_on": _iso(row.due_on)},
                    {"due_on": _iso(updated.due_on), "request_id": request.id},
                ),
                updated,
                t.EXTEND_APPROVED,
                {"due": format_jalali(request.requested_due)},
            )
            return _view(decided, view, row.due_on)

    async def deny(self, actor: Actor, request_id: int, reason: str) -> ExtensionView:
        """The due date stays; the agency is told why."""
        reason = checked_reason(reason, t.DENY_REASON_EMPTY)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            request, row = await _pending(conn, actor, request_id)
            decided = await _decide(conn, actor, request, "denied", reason, now)
            view = await tell_agency_of_decision(
                conn,
                actor,
                now,
                Decision(
                    "extension.deny",
                    {"request_id": request.id, "requested_due": request.requested_due.isoformat()},
                    {"decision": "denied", "reason": reason},
                ),
                row,
                t.EXTEND_DENIED,
                {"due": due_text(row.due_on), "reason": reason},
            )
            return _view(decided, view, row.due_on)

    async def _extendable(self, conn: AsyncConnection, actor: Actor, assignment_id: int) -> AssignmentRow:
        row = await own_assignment(conn, actor, assignment_id)
        if row.ongoing:
            raise ServiceError(t.EXTEND_ONGOING)
        await check_step(conn, row, "extend")  # still owed by the agency (else StepPassed)
        if await ExtensionRepo(conn).pending_for(row.id) is not None:
            raise ServiceError(t.EXTEND_PENDING)
        return row

    def _counted_from(self, current: date | None) -> date:
        """What «۲ هفته» counts from: the current due date, or today once that has passed (two weeks more
        than a date already gone would leave less than two weeks)."""
        today = local_today(self._clock, self._tz)
        return max(today, current) if current is not None else today

    def _check_date(self, due: date, current: date | None) -> date:
        """A new due date must be later than the current one and than today, and within a year."""
        today = local_today(self._clock, self._tz)
        after = self._counted_from(current)
        if due <= after:
            raise ServiceError(t.EXTEND_NOT_LATER.format(after=format_jalali(after)))
        if due > today + MAX_AHEAD:
            raise ServiceError(t.EXTEND_TOO_FAR)
        return due


async def _pending(
    conn: AsyncConnection, actor: Actor, request_id: int
) -> tuple[ExtensionRequestRow, AssignmentRow]:
    require(actor, Permission.VERIFY)
    request = await ExtensionRepo(conn).get(request_id)
    row = await AssignmentRepo(conn).get(request.assignment_id) if request is not None else None
    if request is None or row is None:
        raise ServiceError(t.EXTEND_NOT_FOUND)
    if request.decision != "pending":
        raise ServiceError(t.EXTEND_DECIDED.format(decision=t.DECISION_NAMES.get(request.decision, "")))
    return request, row


async def _decide(
    conn: AsyncConnection,
    actor: Actor,
    request: ExtensionRequestRow,
    decision: str,
    reason: str | None,
    now: datetime,
) -> ExtensionRequestRow:
    """Record the decision; a second secretary deciding at the same moment gets "already decided"."""
    try:
        return await ExtensionRepo(conn).decide(
            request.id, decision=decision, decided_by=actor.member_id, reason=reason, at=now
        )
    except WrongState as exc:
        raise ServiceError(t.EXTEND_DECIDED.format(decision=t.DECISION_NAMES.get(exc.state, ""))) from exc


def _view(request: ExtensionRequestRow, item: AssignmentView, old_due: date | None) -> ExtensionView:
    return ExtensionView(request.id, item, old_due, request.requested_due, request.reason, request.decision)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None
