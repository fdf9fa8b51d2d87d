"""Committing parsed minutes: the meeting, its resolutions and one assignment per (resolution, agency).

Everything happens in one transaction: a refused import stores nothing. Importing the same minutes again
duplicates nothing; it reports what already exists and adds only what is new (for example an assignment
for an agency that was registered after the first import).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.agency_match import AgencyMatcher, MatchResult, is_all_agencies_phrase
from bot.domain.clock import Clock
from bot.domain.deadlines import Deadline
from bot.domain.persian import fa, persian_list
from bot.domain.statuses import AssignmentStatus
from bot.minutes import ParsedMinutes, ParsedResolution
from bot.services.access import Actor, Permission, require
from bot.services.agencies import matcher_for
from bot.services.audit import Auditor
from bot.services.errors import ServiceError
from bot.services.push import queue_pushes
from bot.texts import cli as texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import MeetingRow, ResolutionRow


@dataclass(frozen=True)
class PartyProblem:
    """A party the importer could not turn into exactly one agency."""

    resolution: int
    party: str
    suggestions: tuple[str, ...]
    ambiguous: bool


@dataclass
class ImportReport:
    meeting_number: int
    meeting_created: bool
    resolutions_created: list[int] = field(default_factory=list)
    resolutions_existing: list[int] = field(default_factory=list)
    assignments_created: int = 0
    assignments_existing: int = 0
    unmatched: list[PartyProblem] = field(default_factory=list)
    unknown_deadlines: list[int] = field(default_factory=list)
    new_assignment_ids: list[int] = field(default_factory=list)
    # Messages queued to representatives, and agencies with nobody registered to receive theirs yet.
    pushes_queued: int = 0
    agencies_without_representative: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.meeting_created or bool(self.resolutions_created) or self.assignments_created > 0

    def to_json(self) -> dict[str, object]:
        return {
            "meeting": self.meeting_number,
            "meeting_created": self.meeting_created,
            "resolutions_created": self.resolutions_created,
            "resolutions_existing": self.resolutions_existing,
            "assignments_created": self.assignments_created,
            "assignments_existing": self.assignments_existing,
            "unmatched": [
                {"resolution": p.resolution, "party": p.party, "suggestions": list(p.suggestions)}
                for p in self.unmatched
            ],
            "unknown_deadlines": self.unknown_deadlines,
            "pushes_queued": self.pushes_queued,
            "agencies_without_representative": self.agencies_without_representative,
        }


def _check_whole(parsed: ParsedMinutes) -> None:
    """Minutes that cannot be stored whole are refused before anything is read or written."""
    meeting = parsed.meeting
    if meeting.number is None:
        raise ServiceError(texts.IMPORT_NO_MEETING_NUMBER)
    if meeting.held_on is None:
        raise ServiceError(texts.IMPORT_NO_MEETING_DATE)
    unnumbered = [r for r in parsed.resolutions if r.number is None]
    if unnumbered:
        raise ServiceError(texts.IMPORT_UNNUMBERED_ROWS.format(count=fa(len(unnumbered))))
    if not parsed.resolutions:
        raise ServiceError(texts.IMPORT_NO_RESOLUTIONS)
    numbers = [r.number for r in parsed.resolutions]
    repeated = sorted({n for n in numbers if n is not None and numbers.count(n) > 1})
    if repeated:
        raise ServiceError(texts.IMPORT_REPEATED_ROWS.format(rows=texts.fa_list(repeated)))


@dataclass(frozen=True)
class PreviewRow:
    resolution: ParsedResolution
    targets: list[Target]  # the agencies matched, with the party that named each
    problems: list[PartyProblem]

    @property
    def agencies(self) -> list[str]:
        return [target.agency_name for target in self.targets]

    def deadlines(self) -> list[tuple[list[str], Deadline]]:
        """The agencies by deadline, in order: one group when they share the resolution's."""
        groups: dict[Deadline, list[str]] = {}
        for target in self.targets:
            groups.setdefault(self.resolution.deadline_for(target.party), []).append(target.agency_name)
        return [(names, deadline) for deadline, names in groups.items()]


@dataclass(frozen=True)
class Target:
    agency_id: int
    agency_name: str
    party: str = ""  # as the minutes name it (its agency row may have a deadline of its own)


def _party_problem(number: int, result: MatchResult) -> PartyProblem:
    return PartyProblem(
        resolution=number,
        party=result.party,
        suggestions=tuple(name for _, name, _ in result.suggestions),
        ambiguous=result.status == "ambiguous",
    )


def resolve_parties(
    resolution: ParsedResolution,
    matcher: AgencyMatcher,
    all_agencies: list[Target],
) -> tuple[list[Target], list[PartyProblem]]:
    """Agencies addressed by a resolution, in the order written, and the parties left unresolved."""
    targets: dict[int, Target] = {}
    problems: list[PartyProblem] = []
    number = resolution.number if resolution.number is not None else 0
    for party in resolution.parties:
        if is_all_agencies_phrase(party):
            for target in all_agencies:
                targets.setdefault(target.agency_id, replace(target, party=party))
            continue
        result = matcher.match(party)
        if result.matched and result.agency_id is not None and result.agency_name is not None:
            targets.setdefault(result.agency_id, Target(result.agency_id, result.agency_name, party))
        else:
            problems.append(_party_problem(number, result))
    if not targets and not problems:
        # No party at all, or «کلیه دستگاه‌ها» with no agency registered: nobody would follow it up.
        party = persian_list(resolution.parties)
        problems.append(PartyProblem(resolution=number, party=party, suggestions=(), ambiguous=False))
    return list(targets.values()), problems


class MinutesImportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def preview(self, actor: Actor, parsed: ParsedMinutes) -> list[PreviewRow]:
        """What committing would store, row by row: the agencies each party matched, and the problems.

        Nothing is written. Refuses (ServiceError) minutes that could not be stored at all."""
        require(actor, Permission.IMPORT_MINUTES)
        _check_whole(parsed)
        async with self._db.read() as conn:
            agencies = await AgencyRepo(conn).list(active_only=True)
        matcher = matcher_for(agencies)
        every_agency = [Target(row.id, row.name) for row in agencies]
        rows = []
        for resolution in parsed.resolutions:
            targets, problems = resolve_parties(resolution, matcher, every_agency)
            rows.append(PreviewRow(resolution, targets, problems))
        return rows

    async def commit_as(self, actor: Actor, parsed: ParsedMinutes) -> ImportReport:
        """Store the minutes for a person in chat: only the secretariat, and never with unmatched parties."""
        require(actor, Permission.IMPORT_MINUTES)
        return await self.commit(parsed, actor.label, allow_unmatched=False, member_id=actor.member_id)

    async def commit(
        self, parsed: ParsedMinutes, actor: str, allow_unmatched: bool = False, member_id: int | None = None
    ) -> ImportReport:
        """Store the minutes; raises ServiceError (and stores nothing) when they cannot be stored whole."""
        _check_whole(parsed)

        async with self._db.transaction() as conn:
            agencies = await AgencyRepo(conn).list(active_only=True)
            matcher = matcher_for(agencies)
            every_agency = [Target(row.id, row.name) for row in agencies]
            plan: list[tuple[ParsedResolution, list[Target]]] = []
            unmatched: list[PartyProblem] = []
            for resolution in parsed.resolutions:
                targets, problems = resolve_parties(resolution, matcher, every_agency)
                plan.append((resolution, targets))
                unmatched.extend(problems)
            if unmatched and not allow_unmatched:
                raise ServiceError(
                    texts.IMPORT_UNMATCHED.format(count=fa(len(unmatched))),
                    details=[
                        texts.render_party_problem(p.resolution, p.party, p.suggestions) for p in unmatched
                    ],
                )

            run = _ImportRun(conn, Auditor(conn, actor, self._clock.now(), member_id))
            meeting_row, created = await run.meeting(parsed)
            report = ImportReport(
                meeting_number=meeting_row.number, meeting_created=created, unmatched=unmatched
            )
            for resolution, targets in plan:
                await run.resolution(meeting_row, resolution, targets, report)
            # Each new assignment goes to its agency's representatives, in this same transaction.
            pushes = await queue_pushes(conn, report.new_assignment_ids, run.auditor.at)
            report.pushes_queued = pushes.queued
            report.agencies_without_representative = pushes.waiting_agencies
            await run.auditor.record(
                "minutes.import",
                "meeting",
                meeting_row.id,
                after={
                    "source": parsed.source_name,
                    "sha256": parsed.source_sha256,
                    "resolutions_created": report.resolutions_created,
                    "assignments_created": report.assignments_created,
                },
            )
        return report


@dataclass(frozen=True)
class _ImportRun:
    """The writes of one import, inside its transaction."""

    conn: AsyncConnection
    auditor: Auditor

    async def meeting(self, parsed: ParsedMinutes) -> tuple[MeetingRow, bool]:
        number, held_on = parsed.meeting.number, parsed.meeting.held_on
        assert number is not None and held_on is not None  # checked by commit()
        repo = MeetingRepo(self.conn)
        existing = await repo.get_by_number(number)
        if existing is not None:
            if existing.held_on != held_on:
                raise ServiceError(texts.IMPORT_MEETING_DATE_CONFLICT.format(number=fa(number)))
            return existing, False
        row = await repo.add(
            number=number,
            held_on=held_on,
            title=parsed.meeting.title,
            source_name=parsed.source_name,
            source_sha256=parsed.source_sha256,
            created_by=self.auditor.actor,
            at=self.auditor.at,
        )
        await self.auditor.record(
            "meeting.create",
            "meeting",
            row.id,
            after={"number": number, "held_on": held_on.isoformat(), "title": parsed.meeting.title},
        )
        return row, True

    async def _check_unchanged(
        self, meeting: MeetingRow, existing: ResolutionRow, parsed: ParsedResolution, targets: list[Target]
    ) -> None:
        """A stored row must read the same again: same text, items and deadline, no agency dropped.

        An agency added since (a party registered after the first import) is fine: it gets its assignment.
        """
        same = (
            existing.text == parsed.text
            and list(existing.items) == list(parsed.items)
            and existing.deadline_raw == parsed.deadline.raw
            and existing.note in ("", parsed.note)  # none stored: imported before notes were kept
        )
        stored_agencies = {
            a.agency_id for a in await AssignmentRepo(self.conn).list_for_resolution(existing.id)
        }
        if not same or not stored_agencies <= {t.agency_id for t in targets}:
            raise ServiceError(
                texts.IMPORT_RESOLUTION_CONFLICT.format(
                    meeting=fa(meeting.number), number=fa(existing.number)
                )
            )

    async def resolution(
        self, meeting: MeetingRow, parsed: ParsedResolution, targets: list[Target], report: ImportReport
    ) -> None:
        number = parsed.number
        assert number is not None  # checked by commit()
        deadline = parsed.deadline
        if "unknown" in {deadline.kind, *(share.deadline.kind for share in parsed.agency_deadlines)}:
            report.unknown_deadlines.append(number)
        repo = ResolutionRepo(self.conn)
        existing = await repo.get(meeting.id, number)
        if existing is None:
            row = await repo.add(
                meeting_id=meeting.id,
                number=number,
                text=parsed.text,
                items=list(parsed.items),
                deadline_raw=deadline.raw,
                deadline_kind=deadline.kind,
                deadline_amount=deadline.amount,
                deadline_unit=deadline.unit,
                created_by=self.auditor.actor,
                at=self.auditor.at,
                note=parsed.note,
            )
            report.resolutions_created.append(number)
            await self.auditor.record(
                "resolution.create",
                "resolution",
                row.id,
                after={
                    "meeting": meeting.number,
                    "number": number,
                    "text": parsed.text,
                    "items": list(parsed.items),
                    "deadline": deadline.to_json(),
                    "note": parsed.note,
                },
            )
            resolution_id = row.id
        else:
            await self._check_unchanged(meeting, existing, parsed, targets)
            report.resolutions_existing.append(number)
            resolution_id = existing.id

        assignments = AssignmentRepo(self.conn)
        for target in targets:
            if await assignments.find(resolution_id, target.agency_id) is not None:
                report.assignments_existing += 1
                continue
            own = parsed.deadline_for(target.party)  # an agency row's own deadline, else the resolution's
            ongoing = own.kind == "ongoing"
            assignment = await assignments.add(
                resolution_id=resolution_id,
                agency_id=target.agency_id,
                due_on=own.due,
                ongoing=ongoing,
                at=self.auditor.at,
                # Due at once for the reminder sweep, which works out the timetable (none without a date).
                next_reminder_at=self.auditor.at,
            )
            report.assignments_created += 1
            report.new_assignment_ids.append(assignment.id)
            await self.auditor.record(
                "assignment.create",
                "assignment",
                assignment.id,
                after={
                    "meeting": meeting.number,
                    "resolution": number,
                    "agency": target.agency_name,
                    "status": AssignmentStatus.NEW,
                    "due_on": own.due.isoformat() if own.due else None,
                    "ongoing": ongoing,
                },
            )
