"""A resolution's timeline («/history ۳۱/۳»): every audited change to it and to its assignments, oldest first,
with each report's text, for the secretariat and the governor's office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.numerals import ID_MAX, parse_ints
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.texts import history as texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.members import MemberRepo
from storage.repositories.progress import ProgressRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import AuditRow


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    action: str
    agency: str | None  # None for the resolution itself
    who: str | None  # the member's name; None for the system (an import from the command line)
    details: dict[str, Any]


@dataclass(frozen=True)
class ResolutionHistory:
    meeting: int
    number: int
    text: str
    items: tuple[str, ...]
    entries: list[HistoryEntry]


def parse_reference(text: str) -> tuple[int, int]:
    """«۳۱/۳», «31/3», «۳۱ ۳» → (31, 3); a clear error otherwise (also for a number no meeting or row
    can have: negative, or beyond what the database stores)."""
    numbers = parse_ints(text, low=0, high=ID_MAX)
    if numbers is None or len(numbers) != 2:
        raise ServiceError(texts.BAD_REFERENCE)
    return numbers[0], numbers[1]


class HistoryService:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def of_resolution(self, actor: Actor, meeting_number: int, number: int) -> ResolutionHistory:
        require(actor, Permission.READ_TRACKER)
        async with self._db.read() as conn:
            meeting = await MeetingRepo(conn).get_by_number(meeting_number)
            resolution = await ResolutionRepo(conn).get(meeting.id, number) if meeting is not None else None
            if meeting is None or resolution is None:
                raise ServiceError(texts.NOT_FOUND.format(meeting=meeting_number, number=number))
            audit = AuditRepo(conn)
            rows: list[tuple[AuditRow, str | None]] = [
                (row, None) for row in await audit.list("resolution", resolution.id)
            ]
            for assignment in await AssignmentRepo(conn).list_for_resolution(resolution.id):
                agency = await AgencyRepo(conn).get(assignment.agency_id)
                name = agency.name if agency is not None else None
                rows += [(row, name) for row in await audit.list("assignment", assignment.id)]
            rows.sort(key=lambda pair: (pair[0].at, pair[0].id))
            entries = []
            members = MemberRepo(conn)
            progress = ProgressRepo(conn)
            for row, agency_name in rows:
                member = await members.get(row.actor_member_id) if row.actor_member_id is not None else None
                details = dict(row.after or {})
                if row.action == "progress.report" and isinstance(details.get("report_id"), int):
                    report = await progress.get(details["report_id"])
                    if report is not None:
                        details["text"] = report.text
                        details["attachments"] = len(report.attachments)
                if row.before:
                    details["before"] = row.before
                entries.append(
                    HistoryEntry(
                        row.at, row.action, agency_name, member.display_name if member else None, details
                    )
                )
        return ResolutionHistory(
            meeting.number, resolution.number, resolution.text, tuple(resolution.items), entries
        )
