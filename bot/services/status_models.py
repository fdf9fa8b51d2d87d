"""What the status views hand to the chat, the command line, the chart and the reports: plain dataclasses,
and the reading of a `/status` argument."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.domain.numerals import ID_MAX, is_digits, number_parts, parse_int
from bot.domain.persian import cut_utf16, fa, quote, squash_spaces
from bot.domain.statuses import AssignmentStatus
from bot.services.agencies import MAX_NAME
from bot.services.errors import ServiceError
from bot.texts import status as t
from storage.rows import LatestReport, StatusItemRow

# Most-overdue agencies the overview names (each with a button to its items).
TOP_AGENCIES = 5
PER_PAGE = 10


@dataclass(frozen=True)
class AgencyFigure:
    agency_id: int
    name: str
    overdue: int


@dataclass(frozen=True)
class Overview:
    """The picture at a glance (of every agency, or of one: `agency` names it)."""

    today: date
    agency: str | None
    resolutions: int
    assignments: int
    by_status: dict[AssignmentStatus, int]
    overdue: int
    due_this_week: int
    decided: int
    on_time: int
    most_overdue: list[AgencyFigure]

    @property
    def on_time_rate(self) -> int | None:
        """Per cent of the decided assignments (done, or past due) that were done by their due date."""
        return round(100 * self.on_time / self.decided) if self.decided else None


@dataclass(frozen=True)
class ItemPage:
    """One page of a list of assignments."""

    total: int
    page: int  # 0-based, within range
    pages: int
    items: list[StatusItemRow]


@dataclass(frozen=True)
class ResolutionStatus:
    meeting: int
    number: int
    text: str
    items: tuple[str, ...]
    assignments: list[StatusItemRow]
    latest: dict[int, LatestReport] = field(default_factory=dict)


PeriodKind = Literal["month", "meeting", "all"]


@dataclass(frozen=True)
class Period:
    """Which due dates a ranking covers: this Jalali month, since a meeting's date, or all time."""

    kind: PeriodKind
    meeting: int | None = None

    @property
    def button(self) -> tuple[Literal["m", "a", "s"], int]:
        """As it travels in button data: ("m", 0), ("a", 0) or ("s", 19)."""
        if self.kind == "month":
            return ("m", 0)
        if self.kind == "all":
            return ("a", 0)
        return ("s", self.meeting or 0)

    @classmethod
    def from_button(cls, letter: str, number: int) -> Period | None:
        if (letter, number) == ("m", 0):
            return cls("month")
        if (letter, number) == ("a", 0):
            return cls("all")
        if letter == "s" and 0 < number < 1_000_000:
            return cls("meeting", number)
        return None


@dataclass(frozen=True)
class RankedAgency:
    name: str
    decided: int
    on_time: int
    average_delay: float  # days
    overdue: int

    @property
    def on_time_rate(self) -> int:
        return round(100 * self.on_time / self.decided) if self.decided else 0


@dataclass(frozen=True)
class Ranking:
    period: Period
    since: date | None
    today: date
    agencies: list[RankedAgency]
    recent_meetings: list[int] = field(default_factory=list)  # to offer "since meeting N"


QueryKind = Literal["overview", "agency", "meeting", "resolution"]


@dataclass(frozen=True)
class StatusQuery:
    kind: QueryKind
    text: str = ""
    meeting: int = 0
    number: int = 0


def parse_status_query(text: str) -> StatusQuery:
    """«» → overview; «۱۹» → a meeting; «۱۹/۳» → a resolution; anything else → an agency's name (cut to
    the longest name an agency may have). A number beyond what any meeting or row can have is not found."""
    cleaned = squash_spaces(text)
    if not cleaned:
        return StatusQuery("overview")
    parts = number_parts(cleaned)
    if parts is None or len(parts) > 2:
        return StatusQuery("agency", text=cut_utf16(cleaned, MAX_NAME))
    match [parse_int(part, high=ID_MAX) for part in parts]:
        case [int(meeting)]:
            return StatusQuery("meeting", meeting=meeting)
        case [int(meeting), int(number)]:
            return StatusQuery("resolution", meeting=meeting, number=number)
        case [_]:
            raise ServiceError(t.MEETING_NOT_FOUND.format(meeting=quote(fa(parts[0]))))
        case _:
            raise ServiceError(
                t.RESOLUTION_NOT_FOUND.format(meeting=quote(fa(parts[0])), number=quote(fa(parts[1])))
            )


def parse_period(text: str) -> Period | None:
    """«ماه» / «این ماه» → this month; «همه» / empty → all time; «جلسه ۱۹» or «۱۹» → since meeting 19;
    None for anything else (a number beyond any meeting's too)."""
    words = squash_spaces(text).split()
    numbers = [parse_int(w, high=ID_MAX) for w in words if is_digits(w)]
    rest = {w for w in words if not is_digits(w)}
    if len(numbers) == 1 and len(words) == len(rest) + 1 and rest <= {"جلسه", "از"}:
        return Period("meeting", numbers[0]) if numbers[0] is not None else None
    if not numbers and rest & {"ماه", "ماهانه"} and rest <= {"این", "ماه", "ماهانه"}:
        return Period("month")
    if not numbers and rest <= {"همه", "کل"}:
        return Period("all")
    return None
