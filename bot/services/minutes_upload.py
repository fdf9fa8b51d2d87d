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
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.domain.clock import Clock
from bot.domain.deadlines import parse_deadline
from bot.domain.persian import fa
from bot.domain.workdays import WorkCalendar
from bot.heavy import HeavyRunner, HeavyWorkFailed, InlineRunner
from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_bytes
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
_ROW = re.compile(r"[0-9]{1,9}")


class BadUploadState(ValueError):
    """Stored upload data that is not a whole, well-formed :class:`UploadState`."""


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
    deadlines: Mapping[int, str] = field(default_factory=dict)  # row number → one of DEADLINE_CHOICES
    problem: PartyFix | None = None
    deadline_row: int | None = None  # the first row whose deadline is still not understood

    def to_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name,
            "sha256": self.sha256,
            "deadlines": {str(row): choice for row, choice in sorted(self.deadlines.items())},
            "problem": (
                {"party": self.problem.party, "suggestions": list(self.problem.suggestions)}
                if self.problem is not None
                else None
            ),
            "deadline_row": self.deadline_row,
        }

    @classmethod
    def from_json(cls, data: object) -> UploadState:
        """The state as stored; BadUploadState for anything missing, extra or of the wrong type."""
        fields = _exact(data, {"file_name", "sha256", "deadlines", "problem", "deadline_row"})
        file_name, sha256 = fields["file_name"], fields["sha256"]
        if not isinstance(file_name, str) or not file_name:
            raise BadUploadState("file_name")
        if not isinstance(sha256, str) or not _SHA256.fullmatch(sha256):
            raise BadUploadState("sha256")
        deadlines = fields["deadlines"]
        if not isinstance(deadlines, dict):
            raise BadUploadState("deadlines")
        chosen: dict[int, str] = {}
        for row, choice in deadlines.items():
            if not isinstance(row, str) or not _ROW.fullmatch(row) or choice not in DEADLINE_CHOICES:
                raise BadUploadState("deadlines")
            chosen[int(row)] = choice
        return cls(
            file_name=file_name,
            sha256=sha256,
            deadlines=chosen,
            problem=_problem_from_json(fields["problem"]),
            deadline_row=_optional_row(fields["deadline_row"]),
        )


def _exact(data: object, keys: set[str]) -> dict[str, object]:
    if not isinstance(data, dict) or set(data) != keys:
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


def _optional_row(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise BadUploadState("deadline_row")
    return value


@dataclass(frozen=True)
class UploadPreview:
    """What the upload would store (the deadlines chosen so far applied), and what blocks or is asked."""

    minutes: ParsedMinutes
    rows: list[PreviewRow]
    problem: PartyFix | None  # the party to fix first (buttons: its suggestions, or a new agency)
    deadline_row: int | None  # the row whose deadline is asked (when no party is waiting)

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
            deadline_row=preview.deadline_row,
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
        """The `index`-th usual deadline for the row whose deadline was asked. The cell keeps its text as
        written (the same file imported again finds the same row) and takes the chosen one's meaning.
        None: no upload waits, no row is asked, or no such choice."""
        waiting = await self._waiting(actor, key)
        row = waiting.state.deadline_row if waiting else None
        if waiting is None or row is None or not 0 <= index < len(DEADLINE_CHOICES):
            return None
        deadlines = {**waiting.state.deadlines, row: DEADLINE_CHOICES[index]}
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

    async def _reparse(self, key: ChatKey, waiting: _Waiting, deadlines: Mapping[int, str]) -> ParsedMinutes:
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
        self, actor: Actor, key: ChatKey, waiting: _Waiting, deadlines: Mapping[int, str]
    ) -> UploadPreview | None:
        """The preview again after a fix, and the state it leaves (None: the upload ended meanwhile)."""
        minutes = await self._reparse(key, waiting, deadlines)
        preview = await self._preview(actor, minutes)
        state = replace(
            waiting.state,
            deadlines=dict(deadlines),
            problem=preview.problem,
            deadline_row=preview.deadline_row,
        )
        async with self._db.transaction() as conn:
            repo = ConversationRepo(conn)
            row = await repo.get(*key.ids)
            if row is None or row.name != UPLOAD or _sha256_of(row.data) != state.sha256:
                return None  # committed, cancelled or replaced by another press or file meanwhile
            await repo.put(*key.ids, name=UPLOAD, step=STEP, data=state.to_json(), at=self._clock.now())
        return preview

    async def _parse(self, content: bytes, file_name: str, deadlines: Mapping[int, str]) -> ParsedMinutes:
        """The parsed file with the chosen deadlines applied to the rows whose deadline was not understood.
        Read by the heavy runner: MinutesError as the reader raised it, HeavyWorkFailed when the worker
        ran out of memory or time."""
        minutes = await self._heavy.run(
            parse_minutes_bytes, content, file_name, self._calendar, seconds=PARSE_SECONDS
        )
        for resolution in minutes.resolutions:
            chosen = deadlines.get(resolution.number) if resolution.number is not None else None
            if chosen is not None and resolution.deadline.kind == "unknown":
                meaning = parse_deadline(chosen, minutes.meeting.held_on, self._calendar)
                resolution.deadline = replace(meaning, raw=resolution.deadline.raw)
        return minutes

    async def _preview(self, actor: Actor, minutes: ParsedMinutes) -> UploadPreview:
        rows = await self._importer.preview(actor, minutes)
        problems = [p for row in rows for p in row.problems if p.party]
        unknown = [
            r.number for r in minutes.resolutions if r.deadline.kind == "unknown" and r.number is not None
        ]
        return UploadPreview(
            minutes=minutes,
            rows=rows,
            problem=PartyFix(problems[0].party, problems[0].suggestions) if problems else None,
            deadline_row=unknown[0] if unknown else None,
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


def _sha256_of(data: object) -> str | None:
    try:
        return UploadState.from_json(data).sha256
    except BadUploadState:
        return None


def _too_big() -> ServiceError:
    return ServiceError(t.TOO_BIG.format(most=fa(MAX_MEGABYTES)))
