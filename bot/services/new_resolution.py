"""One resolution typed by the secretariat (/new_resolution): the one-message form, the draft the wizard
fills, its checks, and storing it.

Storing goes through the minutes importer (one resolution of a one-row minutes), so a typed resolution is
stored, audited and pushed exactly like an imported one, in one transaction.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.agency_match import MatchResult, is_all_agencies_phrase
from bot.domain.clock import Clock, local_today
from bot.domain.deadlines import Deadline, parse_deadline
from bot.domain.jalali import format_jalali, parse_jalali_date
from bot.domain.numerals import DIGIT, parse_int
from bot.domain.persian import fa, quote, to_latin_digits, utf16_len
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, ParsedResolution
from bot.minutes.model import ParsedMeeting
from bot.minutes.parties import split_parties
from bot.services.access import Actor, Permission, require
from bot.services.agencies import matcher_for
from bot.services.errors import ServiceError
from bot.services.minutes_import import ImportReport, MinutesImportService
from bot.texts import new_resolution as t
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.resolutions import ResolutionRepo

# The push (text, sub-items, header) must fit one message of 4,096 UTF-16 units.
MAX_TEXT = 3000
# What a sub-item adds to the push besides its text: «\nالف) ».
ITEM_MARK = 5
MAX_ITEMS = 20
RECENT_MEETINGS = 5
SOURCE_NAME = "/new_resolution"

_FIELDS = {
    "جلسه": "meeting",
    "شماره جلسه": "meeting",
    "متن": "text",
    "بندها": "items",
    "اقدام کننده": "agencies",
    "اقدام‌کننده": "agencies",
    "دستگاه": "agencies",
    "مهلت": "deadline",
    "زمان اقدام": "deadline",
}
_FIELD_LINE = re.compile(r"^\s*(" + "|".join(sorted(_FIELDS, key=len, reverse=True)) + r")\s*[:：]\s*(.*)$")
_MEETING = re.compile(rf"^\s*({DIGIT}{{1,4}})(?:\s*[-،,]?\s*(.+))?$")


@dataclass
class Draft:
    """What the secretariat has said so far; kept in the conversation's data between steps."""

    meeting: int | None = None
    held_on: date | None = None  # given with a meeting not stored yet
    text: str = ""
    items: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    deadline: str = ""

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["held_on"] = self.held_on.isoformat() if self.held_on else None
        return data

    @classmethod
    def from_json(cls, data: object) -> Draft:
        if not isinstance(data, dict):
            return cls()
        held_on = data.get("held_on")
        meeting = data.get("meeting")
        return cls(
            meeting=meeting if isinstance(meeting, int) else None,
            held_on=date.fromisoformat(held_on) if isinstance(held_on, str) else None,
            text=str(data.get("text") or ""),
            items=[str(i) for i in data.get("items") or []],
            agencies=[str(a) for a in data.get("agencies") or []],
            deadline=str(data.get("deadline") or ""),
        )


@dataclass(frozen=True)
class CheckedDraft:
    draft: Draft
    meeting: int
    held_on: date
    number: int  # the row the resolution will take in its meeting
    agencies: list[str]  # canonical names
    deadline: Deadline


@dataclass(frozen=True)
class AgencyProblem:
    """A typed agency that is not exactly one registered agency: the secretariat picks or creates one."""

    index: int  # in Draft.agencies
    party: str
    ambiguous: bool
    suggestions: list[tuple[int, str]]


class AgencyNotFound(ServiceError):
    def __init__(self, problem: AgencyProblem) -> None:
        template = t.AGENCY_AMBIGUOUS if problem.ambiguous else t.AGENCY_UNKNOWN
        super().__init__(template.format(party=quote(problem.party)))
        self.problem = problem


@dataclass(frozen=True)
class RecentMeeting:
    number: int
    held_on: date


def parse_meeting(text: str) -> tuple[int, date | None]:
    """«۳۲», «۳۲ ۱۴۰۵/۰۸/۰۱» → the number and, if given, the date."""
    match = _MEETING.match(to_latin_digits(text))
    if match is None:
        raise ServiceError(t.BAD_MEETING)
    held_on: date | None = None
    if match.group(2):
        try:
            held_on = parse_jalali_date(match.group(2).strip(" ()"))
        except ValueError as exc:
            raise ServiceError(t.BAD_MEETING) from exc
    number = parse_int(match.group(1), low=1)
    if number is None:
        raise ServiceError(t.BAD_MEETING)
    return number, held_on


def parse_items(text: str) -> list[str]:
    """One sub-item per line; a leading «الف -», «۱)» or «-» is dropped (the push letters them again)."""
    items = []
    for line in text.splitlines():
        line = re.sub(rf"^\s*(?:[\u0600-\u06FF]{{1,3}}|{DIGIT}{{1,2}}|[-•*])\s*[-–)\.:]\s*", "", line).strip()
        line = line.lstrip("-•* ").strip()
        if line:
            items.append(line)
    return items


def parse_form(text: str) -> Draft:
    """The one-message form (see ``FORM_HELP``): «جلسه:», «متن:», «بندها:» with lines, «اقدام کننده:»,
    «مهلت:». A line without a field name continues the field above it."""
    fields: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        match = _FIELD_LINE.match(line)
        if match is not None:
            current = _FIELDS[match.group(1)]
            fields.setdefault(current, [])
            if match.group(2).strip():
                fields[current].append(match.group(2).strip())
        elif current is not None and line.strip():
            fields[current].append(line.strip())
    for name in ("meeting", "text", "agencies", "deadline"):
        if not fields.get(name):
            raise ServiceError(t.FORM_MISSING.format(field=t.FIELD_NAMES[name]))
    meeting, held_on = parse_meeting(" ".join(fields["meeting"]))
    return Draft(
        meeting=meeting,
        held_on=held_on,
        text="\n".join(fields["text"]),
        items=parse_items("\n".join(fields.get("items", []))),
        agencies=split_parties(fields["agencies"]),
        deadline=" ".join(fields["deadline"]),
    )


class NewResolutionService:
    def __init__(self, db: Database, clock: Clock, calendar: WorkCalendar, tz: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._calendar = calendar
        self._tz = tz

    async def recent_meetings(self, actor: Actor) -> list[RecentMeeting]:
        require(actor, Permission.IMPORT_MINUTES)
        async with self._db.read() as conn:
            rows = await MeetingRepo(conn).list()
        return [RecentMeeting(r.number, r.held_on) for r in reversed(rows[-RECENT_MEETINGS:])]

    async def check_meeting(self, actor: Actor, number: int, held_on: date | None) -> RecentMeeting:
        """The draft's meeting: a stored one (a date given must agree), or a new one with its date."""
        require(actor, Permission.IMPORT_MINUTES)
        async with self._db.read() as conn:
            stored = await MeetingRepo(conn).get_by_number(number)
        meeting = fa(number)
        if stored is None:
            if held_on is None:
                raise ServiceError(t.NEW_MEETING_NEEDS_DATE.format(meeting=meeting))
            return RecentMeeting(number, held_on)
        if held_on is not None and held_on != stored.held_on:
            raise ServiceError(
                t.MEETING_DATE_CONFLICT.format(
                    meeting=meeting, held_on=format_jalali(stored.held_on), given=format_jalali(held_on)
                )
            )
        return RecentMeeting(number, stored.held_on)

    async def match_agency(self, actor: Actor, typed: str) -> MatchResult:
        """What a typed agency name matches (for the wizard's suggestions)."""
        require(actor, Permission.IMPORT_MINUTES)
        async with self._db.read() as conn:
            matcher = matcher_for(await AgencyRepo(conn).list(active_only=True))
        return matcher.match(typed)

    async def agency_name(self, actor: Actor, agency_id: int) -> str:
        """An active agency's name, by an id from a button (checked here)."""
        require(actor, Permission.IMPORT_MINUTES)
        async with self._db.read() as conn:
            row = await AgencyRepo(conn).get(agency_id)
        if row is None or not row.active:
            raise ServiceError(t.AGENCY_UNKNOWN.format(party=agency_id))
        return row.name

    async def check(self, actor: Actor, draft: Draft) -> CheckedDraft:
        """Everything the draft needs before it can be stored; the first problem raises ServiceError
        (AgencyNotFound for a typed agency that is unknown or ambiguous)."""
        require(actor, Permission.IMPORT_MINUTES)
        if draft.meeting is None:
            raise ServiceError(t.BAD_MEETING)
        meeting = await self.check_meeting(actor, draft.meeting, draft.held_on)
        if len(draft.items) > MAX_ITEMS:
            raise ServiceError(t.TOO_MANY_ITEMS.format(most=fa(MAX_ITEMS)))
        check_text(draft.text, draft.items)
        if not draft.agencies:
            raise ServiceError(t.NO_AGENCY)
        async with self._db.read() as conn:
            matcher = matcher_for(await AgencyRepo(conn).list(active_only=True))
            stored = await MeetingRepo(conn).get_by_number(meeting.number)
            rows = await ResolutionRepo(conn).list_for_meeting(stored.id) if stored is not None else []
        names: list[str] = []
        for index, party in enumerate(draft.agencies):
            if is_all_agencies_phrase(party):
                names.append(t.ALL_AGENCIES)
                continue
            result = matcher.match(party)
            if not result.matched or result.agency_name is None:
                suggestions = [(agency_id, name) for agency_id, name, _ in result.suggestions]
                raise AgencyNotFound(AgencyProblem(index, party, result.status == "ambiguous", suggestions))
            if result.agency_name not in names:
                names.append(result.agency_name)
        deadline = self.check_deadline(draft.deadline, meeting.held_on)
        number = max((r.number for r in rows), default=0) + 1
        return CheckedDraft(draft, meeting.number, meeting.held_on, number, names, deadline)

    def check_deadline(self, raw: str, meeting_date: date) -> Deadline:
        """A deadline (docs/domain.md, «Deadlines») counted from the meeting; one already past is refused."""
        deadline = parse_deadline(raw, meeting_date, self._calendar)
        if deadline.kind == "unknown" or (deadline.kind != "ongoing" and deadline.due is None):
            raise ServiceError(t.DEADLINE_UNKNOWN.format(raw=quote(raw)))
        if deadline.due is not None and deadline.due < local_today(self._clock, self._tz):
            raise ServiceError(t.DEADLINE_PAST.format(due=format_jalali(deadline.due)))
        return deadline

    async def create(self, actor: Actor, draft: Draft) -> tuple[CheckedDraft, ImportReport]:
        """Check again (things may have changed since the preview) and store, push included."""
        checked = await self.check(actor, draft)
        parsed = ParsedMinutes(
            meeting=ParsedMeeting(checked.meeting, checked.held_on, ""),
            resolutions=[
                ParsedResolution(
                    checked.number, draft.text.strip(), list(draft.items), checked.agencies, checked.deadline
                )
            ],
            problems=[],
            source_name=SOURCE_NAME,
            source_sha256=hashlib.sha256(f"{SOURCE_NAME}:{checked.meeting}".encode()).hexdigest(),
        )
        report = await MinutesImportService(self._db, self._clock).commit_as(actor, parsed)
        return checked, report


def check_text(text: str, items: list[str] | None = None) -> None:
    """The resolution's text (with its sub-items, when given) must fit one push: at most ``MAX_TEXT``
    UTF-16 units together."""
    text = text.strip()
    if not text:
        raise ServiceError(t.TEXT_EMPTY)
    length = utf16_len(text) + sum(utf16_len(item) + ITEM_MARK for item in items or ())
    if length > MAX_TEXT:
        raise ServiceError(t.TEXT_TOO_LONG.format(length=fa(length), most=fa(MAX_TEXT)))
