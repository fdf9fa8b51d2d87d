"""The notification letters (ابلاغیه) after a meeting: one letter per agency listing that agency's
resolutions of the meeting, for `peygir letters` (files in a folder) and /export's letters button (one
ZIP). The secretariat's work: only it may make them.

The meeting is the one asked for, or the latest. An agency with no assignment in the meeting gets no
letter; a cancelled assignment is left out. A resolution shared by several agencies is in each one's
letter, naming the others («با همکاری: …»). The letters are written by the heavy runner
(:mod:`bot.heavy`), like the other files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import groupby
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock, local_today
from bot.domain.persian import fa, persian_sort_key
from bot.domain.statuses import AssignmentStatus
from bot.heavy import HeavyRunner, HeavyWorkFailed, InlineRunner
from bot.platforms import PlatformProfile
from bot.reports import writers
from bot.reports.documents import Letter, Letterhead, LetterResolution
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.texts import letters as t
from bot.texts import status as status_texts
from storage.engine import Database
from storage.repositories.meetings import MeetingRepo
from storage.repositories.status import ItemFilter, StatusRepo
from storage.rows import StatusItemRow

# Seconds the letters may take to be written (a worker still writing after this is stopped).
WRITE_SECONDS = 120.0
# Who may make the letters: the secretariat (the permission it imports minutes with, after each meeting).
LETTERS_PERMISSION = Permission.IMPORT_MINUTES

R = TypeVar("R")


@dataclass(frozen=True)
class MeetingLetters:
    """The letters of one meeting, in Persian order of the agencies; `latest`: the meeting was not named
    (the latest was taken)."""

    meeting: int
    held_on: date
    latest: bool
    letters: tuple[Letter, ...]


def bot_address(profile: PlatformProfile, username: str | None) -> str | None:
    """Where the letters send people: «t.me/peygir_bot» on Telegram, «ble.ir/peygir_bot» on Bale; None
    when the bot's username is not known."""
    if not username:
        return None
    return profile.deep_link_base.removeprefix("https://") + username


class LetterService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, heavy: HeavyRunner | None = None) -> None:
        self._db = db
        self._clock = clock
        self._tz = tz
        self._heavy = heavy if heavy is not None else InlineRunner()

    async def prepare(
        self, actor: Actor, meeting: int | None, letterhead: Letterhead, bot_link: str | None
    ) -> MeetingLetters:
        """The letters of meeting `meeting` (None: the latest), dated today; refused for anyone but the
        secretariat, for a meeting that is not registered, and for one that assigned nothing."""
        require(actor, LETTERS_PERMISSION)
        async with self._db.read() as conn:
            meetings = MeetingRepo(conn)
            number = meeting
            if number is None:
                latest = await meetings.latest_numbers(1)
                if not latest:
                    raise ServiceError(t.NO_MEETINGS)
                number = latest[0]
            found = await meetings.get_by_number(number)
            if found is None:
                raise ServiceError(status_texts.MEETING_NOT_FOUND.format(meeting=fa(number)))
            rows = await StatusRepo(conn).assignment_overview(ItemFilter(meeting_number=number))
        rows = [row for row in rows if row.status != AssignmentStatus.CANCELLED]
        if not rows:
            raise ServiceError(t.NOTHING_ASSIGNED.format(meeting=fa(number)))
        today = local_today(self._clock, self._tz)
        agencies: defaultdict[int, list[str]] = defaultdict(list)  # each resolution's agencies
        for row in rows:
            agencies[row.resolution_id].append(row.agency_name)
        letters = [
            Letter(
                agency=agency,
                meeting=number,
                held_on=found.held_on,
                written_on=today,
                resolutions=tuple(_resolution(row, agencies[row.resolution_id]) for row in own),
                letterhead=letterhead,
                bot_link=bot_link,
            )
            for agency, own in _by_agency(rows)
        ]
        return MeetingLetters(number, found.held_on, meeting is None, tuple(letters))

    async def files(self, letters: MeetingLetters) -> list[tuple[str, bytes]]:
        """Each letter's file name and bytes, written by the heavy runner."""
        return await self._run(writers.letters, letters)

    async def zip(self, letters: MeetingLetters) -> bytes:
        """Every letter in one ZIP, written by the heavy runner."""
        return await self._run(writers.letters_zip, letters)

    async def _run(self, writer: Callable[[list[Letter]], R], letters: MeetingLetters) -> R:
        try:
            return await self._heavy.run(writer, list(letters.letters), seconds=WRITE_SECONDS)
        except HeavyWorkFailed as exc:
            raise ServiceError(t.LETTERS_FAILED) from exc


def _by_agency(rows: list[StatusItemRow]) -> list[tuple[str, list[StatusItemRow]]]:
    """Each agency's assignments (by resolution number), the agencies in Persian order."""
    ordered = sorted(rows, key=lambda r: (persian_sort_key(r.agency_name), r.agency_id, r.resolution_number))
    grouped = (list(group) for _, group in groupby(ordered, key=lambda r: r.agency_id))
    return [(own[0].agency_name, own) for own in grouped]


def _resolution(row: StatusItemRow, agencies: list[str]) -> LetterResolution:
    """The resolution as `row`'s agency reads it, with the other agencies it names."""
    partners = tuple(name for name in agencies if name != row.agency_name)
    return LetterResolution(
        number=row.resolution_number,
        text=row.resolution_text,
        items=row.resolution_items,
        due_on=row.due_on,
        ongoing=row.ongoing,
        partners=partners,
    )
