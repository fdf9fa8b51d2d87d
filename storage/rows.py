"""Rows handed out by the repositories: frozen dataclasses, no SQLAlchemy objects leak out.

Timestamps are aware UTC datetimes, dates are ``datetime.date``; JSON lists come back as tuples.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.domain.statuses import AssignmentStatus


@dataclass(frozen=True, slots=True)
class AgencyRow:
    id: int
    name: str
    active: bool
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    number: int
    held_on: date
    title: str
    source_name: str | None
    source_sha256: str | None
    created_at: datetime
    created_by: str


@dataclass(frozen=True, slots=True)
class ResolutionRow:
    id: int
    meeting_id: int
    number: int
    text: str
    items: tuple[str, ...]
    deadline_raw: str
    deadline_kind: str
    deadline_amount: int | None
    deadline_unit: str | None
    created_at: datetime
    created_by: str
    note: str = ""  # the minutes' remarks column («ملاحظات»)


@dataclass(frozen=True, slots=True)
class AssignmentRow:
    id: int
    resolution_id: int
    agency_id: int
    status: AssignmentStatus
    percent: int
    due_on: date | None
    ongoing: bool
    next_reminder_at: datetime | None
    last_report_at: datetime | None
    escalated_at: datetime | None
    escalation_count: int
    created_at: datetime
    updated_at: datetime
    last_reminded_at: datetime | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    id: int
    at: datetime
    actor: str
    actor_member_id: int | None
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class MemberRow:
    id: int
    platform: str
    user_id: int
    chat_id: int
    display_name: str
    username: str | None
    role: str
    agency_id: int | None
    state: str
    paused_until: datetime | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class InviteRow:
    id: int
    agency_id: int | None
    role: str
    token_hash: str
    uses_left: int
    expires_at: datetime
    created_by: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    platform: str
    chat_id: int
    kind: str
    payload: dict[str, Any]
    state: str
    attempts: int
    next_attempt_at: datetime
    dedupe_key: str | None
    assignment_id: int | None
    platform_message_id: int | None
    last_error: str | None
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True, slots=True)
class ProgressReportRow:
    id: int
    assignment_id: int
    member_id: int | None
    text: str
    percent: int | None
    attachments: tuple[dict[str, Any], ...]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ExtensionRequestRow:
    id: int
    assignment_id: int
    member_id: int | None
    requested_due: date
    reason: str
    decision: str
    decided_by: int | None
    decided_at: datetime | None
    decision_reason: str | None
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ConversationStateRow:
    platform: str
    chat_id: int
    user_id: int
    name: str
    step: str
    data: dict[str, Any]
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A progress report with where it belongs, for lists (the secretariat's digest)."""

    at: datetime
    meeting: int
    number: int
    agency: str
    who: str | None
    text: str
    percent: int | None
    attachments: int


@dataclass(frozen=True, slots=True)
class StatusTally:
    """The overview's aggregate for one (agency, status): how many, and how many of them are overdue, due
    in the coming days, decided (done, or past their due date) and done on time."""

    agency_id: int
    status: AssignmentStatus
    count: int
    overdue: int
    due_soon: int
    decided: int
    on_time: int


@dataclass(frozen=True, slots=True)
class RankingRow:
    """One agency's record over a period: assignments decided (done, or past due), done on time, the total
    days of delay (done late, or still open past due, counted to today) and those still overdue."""

    agency_id: int
    agency_name: str
    decided: int
    on_time: int
    delay_days: int
    overdue: int


@dataclass(frozen=True, slots=True)
class StatusItemRow:
    assignment_id: int
    meeting_number: int
    meeting_held_on: date
    resolution_id: int
    resolution_number: int
    resolution_text: str
    resolution_items: tuple[str, ...]
    agency_id: int
    agency_name: str
    status: AssignmentStatus
    percent: int
    due_on: date | None
    ongoing: bool
    done_on: date | None
    last_report_at: datetime | None


@dataclass(frozen=True, slots=True)
class LatestReport:
    assignment_id: int
    text: str
    percent: int | None
    attachments: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class InboxRow:
    id: int
    platform: str
    update_id: int
    digest: str
    chat_id: int
    payload: dict[str, Any]
    state: str
    attempts: int
    next_attempt_at: datetime
    claimed_until: datetime | None
    delay_told: bool
    last_error: str | None
    received_at: datetime
    done_at: datetime | None
