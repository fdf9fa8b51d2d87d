"""Minutes uploaded in chat: the file, its preview, the fixes chosen with buttons, and the commit.

An upload waits in the database, never in memory: the typed :class:`UploadState` in the person's
conversation (the file's name and hash, the deadlines chosen so far, the party being fixed, the row whose
deadline is asked) and the file itself in ``minutes_uploads`` (at most ``MAX_BYTES``, removed with the
conversation). Every press reads both from there: the file is downloaded once, when it arrives, and a
restart between the preview and the confirmation loses nothing. A state that cannot be read back whole
(damaged, or a file that no longer has its hash) ends the upload with a clear refusal.

The file is read by the heavy runner (:mod:`bot.heavy`): in the running bot, a worker process with a
memory limit, so a file that unpacks to far more than it weighs costs that worker, never the bot.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable, Mapping, Set
from dataclasses import dataclass, field, replace
from typing import Any

from bot.domain.clock import Clock
from bot.domain.deadlines import Deadline, parse_deadline
from bot.domain.persian import fa
from bot.domain.workdays import WorkCalendar
from bot.heavy import HeavyRunner, HeavyWorkFailed, InlineRunner
from bot.minutes import MinutesError, ParsedMinutes, ParsedResolution, parse_minutes_bytes
from bot.minutes.table import deadline_problems, share_label
from bot.services.access import Actor, Permission, require
from bot.services.agencies import AgencyService
from bot.services.conversations import ChatKey
from bot.services.errors import ServiceError
from bot.services.minutes_import import ImportReport, MinutesImportService, PreviewRow
from bot.texts import minutes as minutes_texts
from bot.texts import new_resolution as new_resolution_texts
from bot.texts import upload as t
from storage.engine import Database
from storage.repositories.conversations import ConversationRepo
from storage.repositories.minutes_uploads import MinutesUploadRepo

# The conversation (name, step) of an upload waiting for its decision.
UPLOAD = "minutes_upload"
STEP = "confirm"
# The largest file taken (it is kept in the database until the decision).
MAX_MEGABYTES = 5
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024
# Seconds a file may take to be read (a worker still reading after this is stopped).
PARSE_SECONDS = 30.0
# The usual deadlines offered for a row whose deadline was not understood (chosen by index).
DEADLINE_CHOICES = new_resolution_texts.DEADLINE_BUTTONS

_SHA256 = re.compile(r"[0-9a-f]{64}")
_ASK = re.compile(r"([0-9]{1,9})(?:\.([0-9]{1,3}))?")


@dataclass(frozen=True, order=True)
class DeadlineAsk:
    """A deadline the file did not make clear: a row's (``agency`` 0), or in a resolution written as a
    row per agency with deadlines of their own, the ``agency``-th agency row's (0 is the first, whose
    deadline is the resolution's)."""

    row: int
    agency: int = 0

    def key(self) -> str:
        """As stored: «3», or «3.1» for the second agency row of row 3."""
        return f"{self.row}.{self.agency}" if self.agency else str(self.row)

    @classmethod
    def from_key(cls, key: object) -> DeadlineAsk:
        match = _ASK.fullmatch(key) if isinstance(key, str) else None
        if match is None:
            raise BadUploadState("deadlines")
        return cls(int(match.group(1)), int(match.group(2) or 0))


class BadUploadState(ValueError):
    """Stored upload data that is not a whole, well-formed :class:`UploadState`."""


# The deadlines chosen so far: each asked deadline → one of DEADLINE_CHOICES.
Chosen = Mapping[DeadlineAsk, str]


@dataclass(frozen=True)
class PartyFix:
    """The first party that matched no agency, and the agencies it may be (by name, closest first)."""

    party: str
    suggestions: tuple[str, ...]


@dataclass(frozen=True)
class UploadState:
    """What an upload's buttons act on; kept in the conversation's data between presses."""

    file_name: str
    sha256: str  # of the file kept beside it
    deadlines: Mapping[DeadlineAsk, str] = field(default_factory=dict)  # → one of DEADLINE_CHOICES
    problem: PartyFix | None = None
    deadline: DeadlineAsk | None = None  # the first deadline still not understood

    def to_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "sha256": self.sha256,
            "deadlines": {ask.key(): choice for ask, choice in sorted(self.deadlines.items())},
            "problem": (
                {"party": self.problem.party, "suggestions": list(self.problem.suggestions)}
                if self.problem is not None
                else None
            ),
            "deadline_row": self.deadline.row if self.deadline is not None else None,
            "deadline_agency": self.deadline.agency if self.deadline is not None else 0,
        }

    @classmethod
    def from_json(cls, data: object) -> UploadState:
        """The state as stored; BadUploadState for anything missing, extra or of the wrong type."""
        fields = _exact(
            data,
            {"file_name", "sha256", "deadlines", "problem", "deadline_row"},
            optional={"deadline_agency"},
        )
        file_name, sha256 = fields["file_name"], fields["sha256"]
        if not isinstance(file_name, str) or not file_name:
            raise BadUploadState("file_name")
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise BadUploadState("sha256")
        deadlines = fields["deadlines"]
        if not isinstance(deadlines, dict):
            raise BadUploadState("deadlines")
        chosen: dict[DeadlineAsk, str] = {}
        for key, choice in deadlines.items():
            if choice not in DEADLINE_CHOICES:
                raise BadUploadState("deadlines")
            chosen[DeadlineAsk.from_key(key)] = choice
        row = _optional_count(fields["deadline_row"], "deadline_row")
        agency = _optional_count(fields.get("deadline_agency", 0), "deadline_agency") or 0
        return cls(
            file_name=file_name,
            sha256=sha256,
            deadlines=chosen,
            problem=_problem_from_json(fields["problem"]),
            deadline=DeadlineAsk(row, agency) if row is not None else None,
        )


def _exact(data: object, keys: Set[str], optional: Set[str] = frozenset()) -> dict[str, object]:
    """The fields of a stored object that has every one of ``keys`` and nothing beyond ``optional``
    (a field added since: a state stored before it still reads)."""
    if not isinstance(data, dict) or not keys <= set(data) <= keys | optional:
        raise BadUploadState("fields")
    return data


def _problem_from_json(data: object) -> PartyFix | None:
    if data is None:
        return None
    fields = _exact(data, {"party", "suggestions"})
    party, suggestions = fields["party"], fields["suggestions"]
    if not isinstance(party, str) or not party:
        raise BadUploadState("problem.party")
    if not isinstance(suggestions, list) or not all(isinstance(s, str) and s for s in suggestions):
        raise BadUploadState("problem.suggestions")
    return PartyFix(party, tuple(suggestions))


def _optional_count(value: object, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**9:
        raise BadUploadState(name)
    return value


@dataclass(frozen=True)
class UploadPreview:
    """What the upload would store (the deadlines chosen so far applied), and what blocks or is asked."""

    minutes: ParsedMinutes
    rows: list[PreviewRow]
    problem: PartyFix | None  # the party to fix first (buttons: its suggestions, or a new agency)
    deadline: DeadlineAsk | None  # the deadline asked (when no party is waiting)

    @property
    def deadline_row(self) -> int | None:
        return self.deadline.row if self.deadline is not None else None

    def asked_agencies(self) -> list[str]:
        """The agencies (as written) whose own deadline is asked; empty when it is the whole row's."""
        ask = self.deadline
        if ask is None:
            return []
        for resolution in self.minutes.resolutions:
            if resolution.number == ask.row and ask.agency < len(resolution.agency_deadlines):
                return list(resolution.agency_deadlines[ask.agency].parties)
        return []

    @property
    def blocked(self) -> bool:
        """A party matched no agency: «ثبت» waits until every one is fixed."""
        return any(row.problems for row in self.rows)


@dataclass(frozen=True)
class _Waiting:
    state: UploadState
    content: bytes


Fetch = Callable[[], Awaitable[bytes]]


class MinutesUploadService:
    def __init__(
        self, db: Database, clock: Clock, calendar: WorkCalendar, heavy: HeavyRunner | None = None
    ) -> None:
        self._db = db
        self._clock = clock
        self._calendar = calendar
        self._heavy = heavy if heavy is not None else InlineRunner()
        self._importer = MinutesImportService(db, clock)
        self._agencies = AgencyService(db, clock)

    async def receive(
        self, actor: Actor, key: ChatKey, file_name: str, size: int | None, fetch: Fetch
    ) -> UploadPreview:
        """A new file: refused if it is over MAX_BYTES (`size` as announced, before `fetch` downloads it;
        then the bytes themselves), cannot be read, or could not be stored whole; otherwise previewed, and
        kept with its state until the decision. A refused file stores nothing and ends the preview of an
        earlier one, if one was waiting."""
        require(actor, Permission.IMPORT_MINUTES)
        try:
            if size is not None and size > MAX_BYTES:
                raise _too_big()
            content = await fetch()
            if len(content) > MAX_BYTES:
                raise _too_big()
            try:
                minutes = await self._parse(content, file_name, {})
            except MinutesError as exc:
                raise ServiceError(t.NOT_MINUTES.format(reason=str(exc))) from exc
            except HeavyWorkFailed as exc:  # too much memory or time: a bomb, not minutes
                raise ServiceError(t.NOT_MINUTES.format(reason=minutes_texts.TOO_HEAVY)) from exc
            preview = await self._preview(actor, minutes)
        except ServiceError:
            await self._end(key)
            raise
        state = UploadState(
            file_name=file_name,
            sha256=hashlib.sha256(content).hexdigest(),
            problem=preview.problem,
            deadline=preview.deadline,
        )
        now = self._clock.now()
        async with self._db.transaction() as conn:
            await ConversationRepo(conn).put(*key.ids, name=UPLOAD, step=STEP, data=state.to_json(), at=now)
            await MinutesUploadRepo(conn).put(*key.ids, content=content, at=now)
        return preview

    async def alias(self, actor: Actor, key: ChatKey, index: int) -> UploadPreview | None:
        """The waiting party is the `index`-th suggested agency (it becomes that agency's other name).
        None: no upload waits, or there is no such suggestion (a stale or forged button)."""
        waiting = await self._waiting(actor, key)
        problem = waiting.state.problem if waiting else None
        if waiting is None or problem is None or not 0 <= index < len(problem.suggestions):
            return None
        await self._agencies.add_alias(problem.suggestions[index], problem.party, actor)
        return await self._refresh(actor, key, waiting, waiting.state.deadlines)

    async def new_agency(self, actor: Actor, key: ChatKey) -> UploadPreview | None:
        """Register the waiting party as a new agency. None: no upload or no party waits."""
        waiting = await self._waiting(actor, key)
        problem = waiting.state.problem if waiting else None
        if waiting is None or problem is None:
            return None
        await self._agencies.add(problem.party, [], actor)
        return await self._refresh(actor, key, waiting, waiting.state.deadlines)

    async def deadline(self, actor: Actor, key: ChatKey, index: int) -> UploadPreview | None:
        """The `index`-th usual deadline for the deadline asked (a row's, or one agency row's). The cell
        keeps its text as written (the same file imported again finds the same row) and takes the chosen
        one's meaning. None: no upload waits, no deadline is asked, or no such choice."""
        waiting = await self._waiting(actor, key)
        ask = waiting.state.deadline if waiting else None
        if waiting is None or ask is None or not 0 <= index < len(DEADLINE_CHOICES):
            return None
        deadlines = {**waiting.state.deadlines, ask: DEADLINE_CHOICES[index]}
        return await self._refresh(actor, key, waiting, deadlines)

    async def commit(self, actor: Actor, key: ChatKey) -> ImportReport | None:
        """Store and push the waiting minutes (refused while a party is unmatched), then end the upload.
        None: no upload waits."""
        waiting = await self._waiting(actor, key)
        if waiting is None:
            return None
        minutes = await self._reparse(key, waiting, waiting.state.deadlines)
        report = await self._importer.commit_as(actor, minutes)
        await self._end(key)
        return report

    async def cancel(self, actor: Actor, key: ChatKey) -> bool:
        """Forget the waiting upload; False if none waited."""
        require(actor, Permission.IMPORT_MINUTES)
        return await self._end(key)

    # --- inside ---------------------------------------------------------------------------------------

    async def _waiting(self, actor: Actor, key: ChatKey) -> _Waiting | None:
        """The upload waiting in this chat (None: none, or the person is in another conversation). A
        state that cannot be read back whole ends the upload and is refused (ServiceError)."""
        require(actor, Permission.IMPORT_MINUTES)
        async with self._db.read() as conn:
            row = await ConversationRepo(conn).get(*key.ids)
            if row is None or row.name != UPLOAD:
                return None
            content = await MinutesUploadRepo(conn).get(*key.ids)
        try:
            state = UploadState.from_json(row.data)
        except BadUploadState:
            raise await self._changed(key) from None
        if content is None or hashlib.sha256(content).hexdigest() != state.sha256:
            raise await self._changed(key)
        return _Waiting(state, content)

    async def _reparse(self, key: ChatKey, waiting: _Waiting, deadlines: Chosen) -> ParsedMinutes:
        """The waiting file read again. It was read once, so a worker that fails now is passing trouble
        (short of time under load): the upload waits for another press. A file that no longer reads ends
        the upload."""
        try:
            return await self._parse(waiting.content, waiting.state.file_name, deadlines)
        except MinutesError:
            raise await self._changed(key) from None
        except HeavyWorkFailed as exc:
            raise ServiceError(t.READ_LATER) from exc

    async def _refresh(
        self, actor: Actor, key: ChatKey, waiting: _Waiting, deadlines: Chosen
    ) -> UploadPreview | None:
        """The preview again after a fix, and the state it leaves (None: the upload ended meanwhile)."""
        minutes = await self._reparse(key, waiting, deadlines)
        preview = await self._preview(actor, minutes)
        state = replace(
            waiting.state,
            deadlines=dict(deadlines),
            problem=preview.problem,
            deadline=preview.deadline,
        )
        async with self._db.transaction() as conn:
            repo = ConversationRepo(conn)
            row = await repo.get(*key.ids)
            if row is None or row.name != UPLOAD or _sha256_of(row.data) != state.sha256:
                return None  # committed, cancelled or replaced by another press or file meanwhile
            await repo.put(*key.ids, name=UPLOAD, step=STEP, data=state.to_json(), at=self._clock.now())
        return preview

    async def _parse(self, content: bytes, file_name: str, deadlines: Chosen) -> ParsedMinutes:
        """The parsed file with the chosen deadlines applied to the rows whose deadline was not understood.
        Read by the heavy runner: MinutesError as the reader raised it, HeavyWorkFailed when the worker
        ran out of memory or time."""
        minutes = await self._heavy.run(
            parse_minutes_bytes, content, file_name, self._calendar, seconds=PARSE_SECONDS
        )

        def chosen(resolution: ParsedResolution, ask: DeadlineAsk, old: Deadline, label: str) -> Deadline:
            """The choice's meaning for a deadline not understood (its problem line then goes)."""
            choice = deadlines.get(ask)
            if choice is None or old.kind != "unknown":
                return old
            gone = deadline_problems(label, old)
            resolution.problems[:] = [problem for problem in resolution.problems if problem not in gone]
            return replace(parse_deadline(choice, minutes.meeting.held_on, self._calendar), raw=old.raw)

        for resolution in minutes.resolutions:
            if resolution.number is None:
                continue
            first, label = DeadlineAsk(resolution.number), minutes_texts.row_label(resolution.number, 0)
            resolution.deadline = chosen(resolution, first, resolution.deadline, label)
            for k, share in enumerate(resolution.agency_deadlines):
                own = share_label(label, share.parties)
                share.deadline = chosen(resolution, replace(first, agency=k), share.deadline, own)
        return minutes

    async def _preview(self, actor: Actor, minutes: ParsedMinutes) -> UploadPreview:
        rows = await self._importer.preview(actor, minutes)
        problems = [p for row in rows for p in row.problems if p.party]
        unknown = [ask for r in minutes.resolutions for ask in _unknown_deadlines(r)]
        return UploadPreview(
            minutes=minutes,
            rows=rows,
            problem=PartyFix(problems[0].party, problems[0].suggestions) if problems else None,
            deadline=unknown[0] if unknown else None,
        )

    async def _end(self, key: ChatKey) -> bool:
        """End the upload waiting in this chat, if one is (its file goes with it); another conversation
        is left alone."""
        async with self._db.transaction() as conn:
            repo = ConversationRepo(conn)
            row = await repo.get(*key.ids)
            if row is None or row.name != UPLOAD:
                return False
            await MinutesUploadRepo(conn).delete(*key.ids)
            return await repo.delete(*key.ids)

    async def _changed(self, key: ChatKey) -> ServiceError:
        await self._end(key)
        return ServiceError(t.CHANGED)


def _unknown_deadlines(resolution: ParsedResolution) -> list[DeadlineAsk]:
    """The deadlines of a resolution that were not understood: each agency row's when they have their
    own, else the row's."""
    if resolution.number is None:
        return []
    first = DeadlineAsk(resolution.number)
    if resolution.agency_deadlines:
        shares = enumerate(resolution.agency_deadlines)
        return [replace(first, agency=k) for k, share in shares if share.deadline.kind == "unknown"]
    return [first] if resolution.deadline.kind == "unknown" else []


def _sha256_of(data: object) -> str | None:
    try:
        return UploadState.from_json(data).sha256
    except BadUploadState:
        return None


def _too_big() -> ServiceError:
    return ServiceError(t.TOO_BIG.format(most=fa(MAX_MEGABYTES)))
