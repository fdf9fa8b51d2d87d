"""The reports for the next meeting, for the chat's /export and the command line's `peygir export`: the
same rows as /status, written as XLSX or DOCX by the heavy runner (:mod:`bot.heavy`; in the running bot a
worker process with a memory limit). The DOCX shows the settings' letterhead (the council's name) in
their font; the notification letters to the agencies are bot/services/letters.py."""

from __future__ import annotations

from typing import Literal
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock, local_today
from bot.domain.persian import fa
from bot.heavy import HeavyRunner, HeavyWorkFailed, InlineRunner
from bot.reports import writers
from bot.reports.cells import ReportData
from bot.reports.documents import Letterhead
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.texts import status as t
from storage.engine import Database
from storage.repositories.meetings import MeetingRepo
from storage.repositories.status import ItemFilter, StatusRepo

ReportFormat = Literal["xlsx", "docx"]
WRITERS = {"xlsx": writers.xlsx, "docx": writers.docx}
# Seconds a report may take to be written (a worker still writing after this is stopped).
WRITE_SECONDS = 120.0


class ExportService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo, heavy: HeavyRunner | None = None) -> None:
        self._db = db
        self._clock = clock
        self._tz = tz
        self._heavy = heavy if heavy is not None else InlineRunner()

    async def check(self, actor: Actor, since_meeting: int | None = None) -> None:
        """Refused, an unknown meeting, or nothing to report: said before any file is made."""
        async with self._db.read() as conn:
            await _checked(conn, actor, since_meeting)

    async def data(
        self, actor: Actor, since_meeting: int | None = None, letterhead: Letterhead | None = None
    ) -> ReportData:
        """Every assignment (of meetings from `since_meeting` on), by meeting, row and agency, with each
        one's latest report; `letterhead`: the settings' (the defaults when not given)."""
        async with self._db.read() as conn:
            await _checked(conn, actor, since_meeting)
            repo = StatusRepo(conn)
            rows = await repo.assignment_overview(ItemFilter(since_meeting=since_meeting))
            latest = await repo.latest_reports(r.assignment_id for r in rows)
        return ReportData(
            today=local_today(self._clock, self._tz),
            tz=self._tz,
            since_meeting=since_meeting,
            resolutions=len({r.resolution_id for r in rows}),
            rows=rows,
            latest=latest,
            letterhead=letterhead or Letterhead(),
        )

    async def export(
        self,
        actor: Actor,
        kind: ReportFormat,
        since_meeting: int | None = None,
        letterhead: Letterhead | None = None,
    ) -> bytes:
        return await self.render(await self.data(actor, since_meeting, letterhead), kind)

    async def render(self, data: ReportData, kind: ReportFormat) -> bytes:
        """The file's bytes, written by the heavy runner (the bot keeps answering meanwhile); a worker
        that runs out of memory or time is refused with a short «could not make the file now»."""
        try:
            return await self._heavy.run(WRITERS[kind], data, seconds=WRITE_SECONDS)
        except HeavyWorkFailed as exc:
            raise ServiceError(t.EXPORT_FAILED) from exc


async def _checked(conn: AsyncConnection, actor: Actor, since_meeting: int | None) -> None:
    require(actor, Permission.READ_TRACKER)
    if since_meeting is not None and await MeetingRepo(conn).get_by_number(since_meeting) is None:
        raise ServiceError(t.MEETING_NOT_FOUND.format(meeting=fa(since_meeting)))
    if not await StatusRepo(conn).count_items(ItemFilter(since_meeting=since_meeting)):
        raise ServiceError(t.EXPORT_EMPTY)
