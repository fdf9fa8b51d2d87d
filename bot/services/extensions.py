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
from bot.domain.statuses import OWING_STATUSES
from bot.domain.workdays import WorkCalendar
from bot.services.access import Actor, Permission, require
from bot.services.assignments import (
    AssignmentView,
    Decision,
    assignment_view,
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

# An item can be extended while the agency is still working on it.
EXTENDABLE = OWING_STATUSES
# The furthest a new due date may be, from today.
MAX_AHEAD = timedelta(days=366)


@dataclass(frozen=True)
class ExtensionView:
    id: int
    item: AssignmentView
    old_due: date | None
    requested_due: date
    reason: str
    decision: str


def due_text(due: date | None) -> str:
    return format_jalali(due) if due is not None else t.DUE_ONGOING


class ExtensionService:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, tz: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._calendar = calendar
        self._tz = tz

    async def extendable(self, actor: Actor, assignment_id: int) -> tuple[AssignmentView, date | None]:
        """The item and its current due date, if the actor may ask to extend it now."""
        async with self._db.read() as conn:
            row = await self._extendable(conn, actor, assignment_id)
            return await assignment_view(conn, row), row.due_on

    async def new_due(self, actor: Actor, assignment_id: int, text: str) -> date:
        """The date the text asks for («۱۴۰۵/۰۹/۲۰», or «۲ هفته» more), checked: after today and
        after the current due date, within a year; moved to a working day like every due date."""
        async with self._db.read() as conn:
            row = await self._extendable(conn, actor, assignment_id)
        return self._check_due(text, row.due_on)

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
        if row.status not in EXTENDABLE:
            raise ServiceError(t.EXTEND_NOT_OPEN.format(status=t.STATUS_NAMES.get(row.status, row.status)))
        if row.ongoing:
            raise ServiceError(t.EXTEND_ONGOING)
        if await ExtensionRepo(conn).pending_for(row.id) is not None:
            raise ServiceError(t.EXTEND_PENDING)
        return row

    def _check_due(self, text: str, current: date | None) -> date:
        today = local_today(self._clock, self._tz)
        # «۲ هفته» means two weeks more: from the current due date, or from today if that has passed.
        deadline = parse_deadline(text, max(today, current) if current is not None else today, self._calendar)
        if deadline.kind not in ("date", "relative") or deadline.due is None:
            raise ServiceError(t.EXTEND_BAD_DATE)
        return self._check_date(deadline.due, current)

    def _check_date(self, due: date, current: date | None) -> date:
        today = local_today(self._clock, self._tz)
        after = max(today, current) if current is not None else today
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
