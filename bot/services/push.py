"""Taking each new assignment to every representative of its agency: outbox rows, in the caller's transaction.

The message is rendered when it is queued, for the representative's platform (HTML on Telegram, plain on
Bale), and stored in the outbox payload with its buttons; the dispatcher only sends what is there. One
row per (assignment, member): queuing twice sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.callback_data import AssignmentPress
from bot.domain.assignment_rules import AgencyStep, open_steps
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa, item_letter, quote, shorten, utf16_len
from bot.markup import Markup, Raw, fit_quote
from bot.platforms import PROFILES
from bot.services.access import Role
from bot.texts import push as t
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.members import MemberRepo
from storage.repositories.outbox import OutboxRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import AssignmentRow, MeetingRow, ResolutionRow

PUSH_KIND = "push"
# A push is one message: at most the platforms' limit (both 4,096 UTF-16 units), sub-items at most half.
PUSH_LIMIT = 4096
ITEM_LIMIT = 300
NOTE_LIMIT = 300  # the remarks shown under the deadline
# Button data: "as:<step>:<assignment id>"; the services check the id against the presser's agency and
# the step against the item's state in the database.
STEP_LABELS: dict[AgencyStep, str] = {
    "ack": t.BUTTON_ACK,
    "report": t.BUTTON_REPORT,
    "extend": t.BUTTON_EXTEND,
    "done": t.BUTTON_DONE,
}


@dataclass
class PushPlan:
    """What queuing did: messages queued, and agencies that have nobody to receive them yet."""

    queued: int = 0
    waiting_agencies: list[str] = field(default_factory=list)


def push_dedupe_key(assignment_id: int, member_id: int) -> str:
    return f"push:{assignment_id}:{member_id}"


def items_text(markup: Markup, items: Iterable[str], budget: int | None = None) -> Raw:
    """Sub-items on their own lines, lettered الف، ب، ج … by ``item_letter`` (escaped for the platform);
    with a `budget` (UTF-16 units), each is cut to a line and those that do not fit are left out, with «…»
    in their place."""
    lines: list[str] = []
    used = 0
    for i, item in enumerate(items):
        line = markup.fill(
            t.PUSH_ITEM,
            letter=item_letter(i),
            item=item if budget is None else shorten(item, ITEM_LIMIT),
        )
        if budget is not None and used + utf16_len(line) > budget:
            lines.append(t.PUSH_ITEMS_MORE)
            break
        lines.append(line)
        used += utf16_len(line)
    return Raw("".join(lines))


def render_push(
    markup: Markup, meeting: MeetingRow, resolution: ResolutionRow, assignment: AssignmentRow, agency: str
) -> str:
    items = items_text(markup, resolution.items)
    if utf16_len(items) > PUSH_LIMIT // 2:  # a resolution of very many or very long sub-items
        items = items_text(markup, resolution.items, PUSH_LIMIT // 2)
    due: str
    if assignment.ongoing:
        due = t.DUE_ONGOING
    elif assignment.due_on is not None:
        due = format_jalali(assignment.due_on)
    else:
        due = markup.fill(t.DUE_UNKNOWN, raw=resolution.deadline_raw)
    values = {
        "agency": agency,
        "meeting": fa(meeting.number),
        "held_on": format_jalali(meeting.held_on),
        "number": fa(resolution.number),
        "text": resolution.text,
        "items": items,
        "due": due,
        "note": markup.fill(t.PUSH_NOTE, note=quote(resolution.note, NOTE_LIMIT))
        if resolution.note
        else Raw(""),
    }
    # The message must fit the platform's limit however long the resolution's own text is.
    return markup.fill(t.PUSH, **fit_quote(t.PUSH, values, "text", PUSH_LIMIT))


def step_buttons(assignment_id: int, status: str, ongoing: bool) -> list[list[tuple[str, AssignmentPress]]]:
    """The one decision of which buttons a message about an assignment carries (a push, a reminder, a
    decision told to the agency, a pressed message brought up to date): the steps the item still takes
    where it stands now (``open_steps``), as (label, data), two to a row."""
    steps = open_steps(status, ongoing)
    buttons = [(STEP_LABELS[step], AssignmentPress(step, assignment_id)) for step in steps]
    return [buttons[k : k + 2] for k in range(0, len(buttons), 2)]


def push_buttons(assignment_id: int, status: str, ongoing: bool) -> list[list[dict[str, str]]]:
    """``step_buttons()`` as an outbox payload's rows."""
    return [
        [{"text": label, "callback_data": data.pack()} for label, data in row]
        for row in step_buttons(assignment_id, status, ongoing)
    ]


async def queue_pushes(conn: AsyncConnection, assignment_ids: Iterable[int], at: datetime) -> PushPlan:
    """An outbox row for each active representative of each assignment's agency (idempotent)."""
    plan = PushPlan()
    assignments, members, outbox = AssignmentRepo(conn), MemberRepo(conn), OutboxRepo(conn)
    for assignment_id in assignment_ids:
        assignment = await assignments.get(assignment_id)
        if assignment is None:
            continue
        resolution = await ResolutionRepo(conn).get_by_id(assignment.resolution_id)
        agency = await AgencyRepo(conn).get(assignment.agency_id)
        assert resolution is not None and agency is not None
        meeting = await MeetingRepo(conn).get(resolution.meeting_id)
        assert meeting is not None
        representatives = [
            m
            for m in await members.list_for_agency(agency.id, active_only=False)
            if m.role == Role.AGENCY and m.state in ("active", "paused")
        ]
        if not representatives and agency.name not in plan.waiting_agencies:
            plan.waiting_agencies.append(agency.name)
        for member in representatives:
            markup = Markup(PROFILES[member.platform].html)
            key = push_dedupe_key(assignment.id, member.id)
            if await outbox.get_by_dedupe_key(key) is not None:
                continue
            await outbox.enqueue(
                platform=member.platform,
                chat_id=member.chat_id,
                kind=PUSH_KIND,
                payload={
                    "text": render_push(markup, meeting, resolution, assignment, agency.name),
                    "buttons": push_buttons(assignment.id, assignment.status, assignment.ongoing),
                    "member_id": member.id,
                },
                at=at,
                dedupe_key=key,
                assignment_id=assignment.id,
            )
            plan.queued += 1
    return plan


async def queue_open_items_for_agency(conn: AsyncConnection, agency_id: int, at: datetime) -> PushPlan:
    """When an agency gets a representative: everything still open for it (already sent ones are skipped)."""
    open_items = await AssignmentRepo(conn).list_open_for_agency(agency_id)
    return await queue_pushes(conn, [a.id for a in open_items], at)
