"""What an agency's representative does with an assignment: acknowledge it, report progress, report it done.

Every call checks the assignment against the actor's agency (an agency sees and changes only its own
items: the id in a button is never trusted), writes the audit log, and tells the secretariat through
the outbox, all in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.callback_data import Verify
from bot.domain.assignment_rules import AgencyStep, open_steps
from bot.domain.clock import COUNCIL_TZ, Clock
from bot.domain.numerals import DIGIT, parse_int
from bot.domain.persian import fa, utf16_len
from bot.domain.statuses import CLOSED_STATUSES, AssignmentStatus
from bot.markup import fit_quote
from bot.platforms import PROFILES
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.services.outbox import notify_agency, notify_secretariat
from bot.services.push import push_buttons
from bot.texts import people as texts
from bot.texts import push as push_texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.members import MemberRepo
from storage.repositories.outbox import OutboxRepo
from storage.repositories.progress import ProgressRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import AssignmentRow

# A report's or a reason's longest length, in UTF-16 units (as the platforms count).
MAX_REPORT = 4000
# A notice quoting what someone wrote is cut to fit one message on every platform.
NOTICE_LIMIT = min(profile.text_limit for profile in PROFILES.values())
# The values of a notice that hold what someone wrote.
_QUOTED = ("text", "reason")
_PERCENT = re.compile(rf"(?<!{DIGIT})({DIGIT}{{1,3}})\s*(?:%|٪|درصد)")


def percent_in(text: str) -> int | None:
    """«۵۰٪», «50%», «۵۰ درصد» → 50; None if the text gives no percentage."""
    match = _PERCENT.search(text)
    if match is None:
        return None
    value = parse_int(match.group(1), high=100)
    if value is None:
        raise ServiceError(texts.REPORT_BAD_PERCENT)
    return value


def fit_notice(template: str, values: dict[str, object]) -> dict[str, object]:
    """The values of a notice, with what someone wrote (a report, a reason) cut so that it fits one
    message: a 4,000-character report must not make the secretariat's notice too long to send."""
    for key in _QUOTED:
        if values.get(key):
            values = fit_quote(template, values, key, NOTICE_LIMIT)
    return values


@dataclass(frozen=True)
class AssignmentView:
    id: int
    meeting: int
    number: int
    agency: str
    status: AssignmentStatus
    percent: int
    ongoing: bool


class StepPassed(ServiceError):
    """A button for a step the item has gone past (an older message's, or another representative did it
    first): nothing changed. `view` is the item as it stands now, for the answer and the buttons."""

    final = True

    def __init__(self, view: AssignmentView) -> None:
        super().__init__(
            push_texts.STEP_PASSED.format(
                status=push_texts.STATUS_NAMES.get(view.status, view.status), percent=fa(view.percent)
            )
        )
        self.view = view


async def check_step(conn: AsyncConnection, row: AssignmentRow, step: AgencyStep) -> None:
    """:class:`StepPassed` unless the item, as `row` holds it, still takes `step` (see ``open_steps``):
    the state is read from the database, never from the button."""
    if step not in open_steps(row.status, row.ongoing):
        raise StepPassed(await assignment_view(conn, row))


@dataclass(frozen=True)
class OpenItem:
    view: AssignmentView
    due_on: date | None
    ongoing: bool


class AssignmentService:
    def __init__(
        self, db: Database, clock: Clock, *, digest: bool = False, tz: ZoneInfo = COUNCIL_TZ
    ) -> None:
        """`digest`: progress reports wait for the secretariat's digest instead of going at once; `tz`: the
        council's zone, whose day a "done" is dated by."""
        self._db = db
        self._clock = clock
        self._digest = digest
        self._tz = tz

    async def view(self, actor: Actor, assignment_id: int) -> AssignmentView:
        async with self._db.read() as conn:
            return await assignment_view(conn, await own_assignment(conn, actor, assignment_id))

    async def reportable(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """The item, if a report on it is still taken (not verified or cancelled; else StepPassed)."""
        async with self._db.read() as conn:
            row = await own_assignment(conn, actor, assignment_id)
            await check_step(conn, row, "report")
            return await assignment_view(conn, row)

    async def linked(self, actor: Actor, chat_id: int, message_id: int) -> int | None:
        """The assignment a bot message in this chat is about (None if it is about none).

        Only the actor's own agency's: a reply to a message about another agency's item is not linked."""
        require(actor, Permission.REPORT_PROGRESS)
        async with self._db.read() as conn:
            assignment_id = await OutboxRepo(conn).assignment_for_message(chat_id, message_id)
            if assignment_id is None:
                return None
            row = await AssignmentRepo(conn).get(assignment_id)
        return row.id if row is not None and row.agency_id == actor.agency_id else None

    async def open_items(self, actor: Actor) -> list[OpenItem]:
        """The actor's agency's items not yet verified or cancelled: those waiting on the agency first,
        then those waiting on the secretariat; within each, the earliest due first (ongoing last)."""
        require(actor, Permission.REPORT_PROGRESS)
        async with self._db.read() as conn:
            rows = await AssignmentRepo(conn).list_open_for_agency(actor.agency_id or 0)
            items = [OpenItem(await assignment_view(conn, row), row.due_on, row.ongoing) for row in rows]
        return sorted(
            items,
            key=lambda i: (
                i.view.status == AssignmentStatus.DONE_REPORTED,
                i.due_on is None,
                i.due_on or date.max,
                i.view.id,
            ),
        )

    async def acknowledge(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """«دریافت شد»: new → acknowledged; an item past that is left as it is (StepPassed)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await own_assignment(conn, actor, assignment_id)
            await check_step(conn, row, "ack")
            row = await AssignmentRepo(conn).update_status(
                row.id, AssignmentStatus.ACKNOWLEDGED, row.percent, now
            )
            await actor.auditor(conn, now).record(
                "assignment.acknowledge",
                "assignment",
                row.id,
                before={"status": AssignmentStatus.NEW.value},
                after={"status": AssignmentStatus.ACKNOWLEDGED.value},
            )
            return await assignment_view(conn, row)

    async def report(
        self, actor: Actor, assignment_id: int, text: str, attachments: list[dict[str, Any]] | None = None
    ) -> tuple[AssignmentView, int | None]:
        """A progress report; a percentage in the text updates the assignment's percent."""
        text = text.strip()
        if not text and not attachments:
            raise ServiceError(texts.REPORT_EMPTY)
        check_report_length(text)
        percent = percent_in(text)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await own_assignment(conn, actor, assignment_id)
            if row.status in CLOSED_STATUSES:
                raise ServiceError(texts.ASSIGNMENT_CLOSED)
            status = (
                AssignmentStatus.IN_PROGRESS
                if row.status in (AssignmentStatus.NEW, AssignmentStatus.ACKNOWLEDGED)
                else row.status
            )
            repo = AssignmentRepo(conn)
            updated = await repo.update_status(
                row.id, status, percent if percent is not None else row.percent, now
            )
            await repo.set_last_report(row.id, now)
            report = await ProgressRepo(conn).add(
                assignment_id=row.id,
                member_id=actor.member_id,
                text=text,
                percent=percent,
                attachments=attachments or [],
                at=now,
            )
            await actor.auditor(conn, now).record(
                "progress.report",
                "assignment",
                row.id,
                before={"status": row.status, "percent": row.percent},
                after={"status": updated.status, "percent": updated.percent, "report_id": report.id},
            )
            view = await assignment_view(conn, updated)
            if not self._digest:
                await tell_secretariat(conn, actor, view, push_texts.REPORTED, text, now)
            return view, percent

    async def report_done(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """«انجام شد»: done_reported at 100 %, for the secretariat to verify; an item already reported done,
        verified or cancelled is left as it is (StepPassed)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await own_assignment(conn, actor, assignment_id)
            await check_step(conn, row, "done")
            updated = await AssignmentRepo(conn).update_status(
                row.id, AssignmentStatus.DONE_REPORTED, 100, now, done_on=now.astimezone(self._tz).date()
            )
            await AssignmentRepo(conn).set_last_report(row.id, now)
            await actor.auditor(conn, now).record(
                "assignment.done_reported",
                "assignment",
                row.id,
                before={"status": row.status, "percent": row.percent},
                after={"status": AssignmentStatus.DONE_REPORTED.value, "percent": 100},
            )
            view = await assignment_view(conn, updated)
            await tell_secretariat(
                conn, actor, view, push_texts.DONE_REPORTED, "", now, buttons=_review_buttons(row.id)
            )
            return view

    async def verify(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """The secretariat accepts what the agency reported done; the agency is told."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await _done_reported(conn, actor, assignment_id)
            updated = await AssignmentRepo(conn).update_status(row.id, AssignmentStatus.VERIFIED, 100, now)
            return await tell_agency_of_decision(
                conn,
                actor,
                now,
                Decision(
                    "assignment.verify", {"status": row.status}, {"status": AssignmentStatus.VERIFIED.value}
                ),
                updated,
                push_texts.VERIFIED,
            )

    async def send_back(self, actor: Actor, assignment_id: int, reason: str) -> AssignmentView:
        """The secretariat returns a "done" to in progress, with a reason the agency reads."""
        reason = checked_reason(reason, push_texts.REASON_EMPTY)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            row = await _done_reported(conn, actor, assignment_id)
            updated = await AssignmentRepo(conn).update_status(
                row.id, AssignmentStatus.IN_PROGRESS, row.percent, now
            )
            # Back to the agency: its reminders start again from now.
            await AssignmentRepo(conn).reschedule(row.id, now)
            return await tell_agency_of_decision(
                conn,
                actor,
                now,
                Decision(
                    "assignment.send_back",
                    {"status": row.status},
                    {"status": AssignmentStatus.IN_PROGRESS.value, "reason": reason},
                ),
                updated,
                push_texts.SENT_BACK,
                {"reason": reason},
            )

    async def under_review(self, actor: Actor, assignment_id: int) -> AssignmentView:
        """An item waiting for the secretariat's decision (for asking the reason of a send-back)."""
        async with self._db.read() as conn:
            return await assignment_view(conn, await _done_reported(conn, actor, assignment_id))


def check_report_length(text: str) -> None:
    """A report or reason longer than MAX_REPORT UTF-16 units is refused before anything is kept."""
    if utf16_len(text) > MAX_REPORT:
        raise ServiceError(texts.REPORT_TOO_LONG.format(most=fa(MAX_REPORT)))


def checked_reason(reason: str, empty: str) -> str:
    """A reason someone typed, trimmed; refused (with `empty`) when blank or too long."""
    reason = reason.strip()
    if not reason:
        raise ServiceError(empty)
    check_report_length(reason)
    return reason


@dataclass(frozen=True)
class Decision:
    """A secretariat decision on an assignment, as the audit log records it."""

    action: str
    before: dict[str, Any]
    after: dict[str, Any]


async def tell_agency_of_decision(
    conn: AsyncConnection,
    actor: Actor,
    now: datetime,
    decision: Decision,
    row: AssignmentRow,
    template: str,
    values: dict[str, object] | None = None,
) -> AssignmentView:
    """Audit a decision on `row` (as it is after it) and tell the agency's representatives, with the
    buttons of what the item takes now (a done sent back can be reported done again from there); a reply
    to the notice is a report on the item."""
    await actor.auditor(conn, now).record(
        decision.action, "assignment", row.id, before=decision.before, after=decision.after
    )
    view = await assignment_view(conn, row)
    await notify_agency(
        conn,
        row.agency_id,
        template,
        fit_notice(template, {**place_values(view), **(values or {})}),
        now,
        assignment_id=row.id,
        buttons=push_buttons(row.id, row.status, row.ongoing),
    )
    return view


def _review_buttons(assignment_id: int) -> list[list[dict[str, str]]]:
    return [
        [
            {"text": push_texts.BUTTON_VERIFY, "callback_data": Verify("ok", assignment_id).pack()},
            {"text": push_texts.BUTTON_SEND_BACK, "callback_data": Verify("back", assignment_id).pack()},
        ]
    ]


def place_values(view: AssignmentView) -> dict[str, object]:
    return {
        "meeting": fa(view.meeting),
        "number": fa(view.number),
        "agency": view.agency,
    }


async def _done_reported(conn: AsyncConnection, actor: Actor, assignment_id: int) -> AssignmentRow:
    require(actor, Permission.VERIFY)
    row = await AssignmentRepo(conn).get(assignment_id)
    if row is None:
        raise ServiceError(texts.ASSIGNMENT_NOT_YOURS)
    if row.status != AssignmentStatus.DONE_REPORTED:
        raise ServiceError(
            push_texts.NOT_DONE_REPORTED.format(status=push_texts.STATUS_NAMES.get(row.status, row.status))
        )
    return row


async def own_assignment(conn: AsyncConnection, actor: Actor, assignment_id: int) -> AssignmentRow:
    """The assignment, if it is the actor's agency's; the same refusal whether it is foreign or missing."""
    require(actor, Permission.REPORT_PROGRESS)
    row = await AssignmentRepo(conn).get(assignment_id)
    if row is None or actor.agency_id is None or row.agency_id != actor.agency_id:
        raise ServiceError(texts.ASSIGNMENT_NOT_YOURS)
    return row


async def assignment_view(conn: AsyncConnection, row: AssignmentRow) -> AssignmentView:
    resolution = await ResolutionRepo(conn).get_by_id(row.resolution_id)
    agency = await AgencyRepo(conn).get(row.agency_id)
    assert resolution is not None and agency is not None
    meeting = await MeetingRepo(conn).get(resolution.meeting_id)
    assert meeting is not None
    return AssignmentView(
        row.id, meeting.number, resolution.number, agency.name, row.status, row.percent, row.ongoing
    )


async def tell_secretariat(
    conn: AsyncConnection,
    actor: Actor,
    view: AssignmentView,
    template: str,
    text: str,
    now: datetime,
    buttons: list[list[dict[str, str]]] | None = None,
    extra: dict[str, object] | None = None,
) -> None:
    reporter = await MemberRepo(conn).get(actor.member_id) if actor.member_id is not None else None
    values = {
        **place_values(view),
        "who": reporter.display_name if reporter else actor.label,
        "percent": fa(view.percent),
        "text": text,
        **(extra or {}),
    }
    await notify_secretariat(
        conn, template, fit_notice(template, values), now, assignment_id=view.id, buttons=buttons
    )
