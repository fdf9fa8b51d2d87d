"""The importer's results and its one error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.domain.deadlines import Deadline
from bot.domain.jalali import jalali_str


class MinutesError(Exception):
    """A file the importer cannot read at all; ``str(error)`` is a one-line Persian reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass
class ParsedMeeting:
    number: int | None
    held_on: date | None
    title: str

    def to_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "date": jalali_str(self.held_on) if self.held_on is not None else None,
            "title": self.title,
        }


@dataclass
class AgencyDeadline:
    """Some of a resolution's parties with a deadline of their own: in a resolution written as a row per
    agency (number and text merged down), the agencies' rows may name different deadlines."""

    parties: list[str]
    deadline: Deadline

    def to_json(self) -> dict[str, object]:
        return {"parties": list(self.parties), "deadline": self.deadline.to_json()}


@dataclass
class ParsedResolution:
    number: int | None
    text: str
    items: list[str]
    parties: list[str]
    deadline: Deadline  # the resolution's; the first agency row's when the agencies' differ
    problems: list[str] = field(default_factory=list)
    #: The remarks column («ملاحظات»، «توضیحات»، «نتیجه»): kept with the resolution, never a party.
    note: str = ""
    #: Every agency row's deadline when they differ, in table order; empty when all share ``deadline``.
    agency_deadlines: list[AgencyDeadline] = field(default_factory=list)

    def deadline_for(self, party: str) -> Deadline:
        """The deadline of the agency row that names ``party``, else the resolution's."""
        for share in self.agency_deadlines:
            if party in share.parties:
                return share.deadline
        return self.deadline

    def to_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "text": self.text,
            "items": list(self.items),
            "parties": list(self.parties),
            "deadline": self.deadline.to_json(),
            "agency_deadlines": [share.to_json() for share in self.agency_deadlines],
            "note": self.note,
            "problems": list(self.problems),
        }


@dataclass
class ParsedMinutes:
    meeting: ParsedMeeting
    resolutions: list[ParsedResolution]
    problems: list[str]
    source_name: str
    source_sha256: str

    def to_json(self) -> dict[str, object]:
        """``import-minutes --json`` (docs/interfaces.md), with ``problems`` at the top and per resolution."""
        return {
            "meeting": self.meeting.to_json(),
            "resolutions": [resolution.to_json() for resolution in self.resolutions],
            "problems": list(self.problems),
        }

    def all_problems(self) -> list[str]:
        """The meeting's problems, then every resolution's, in table order."""
        found = list(self.problems)
        for resolution in self.resolutions:
            found += resolution.problems
        return found
