"""Shared set-up for the tracker services' tests: the sample minutes imported, the sample agencies, the
assignments of each agency."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.domain.workdays import WorkCalendar
from bot.minutes import ParsedMinutes, parse_minutes_bytes, parse_minutes_file
from bot.samples import sample_agencies, sample_bytes
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from bot.services.minutes_import import MinutesImportService
from storage.engine import Database
from storage.tables import assignments
from tests.conftest import SAMPLES
from tests.people_helpers import people

CALENDAR = WorkCalendar()
TESTER = Actor.system("tester")


def parsed(name: str) -> ParsedMinutes:
    """A sample minutes file (bot/samples) read on the default calendar."""
    return parse_minutes_file(SAMPLES / name, CALENDAR)


async def register_samples(db: Database, clock: FixedClock, skip: tuple[str, ...] = ()) -> None:
    """The sample agencies with their aliases, except those named in `skip`."""
    service = AgencyService(db, clock)
    for name, aliases in sample_agencies():
        if name not in skip:
            await service.add(name, aliases, actor=TESTER)


async def import_31(db: Database, clock: FixedClock) -> None:
    """Minutes 31 stored (parties with no agency allowed), its pushes queued."""
    minutes = parse_minutes_bytes(sample_bytes("minutes_31.md"), "minutes_31.md", WorkCalendar())
    await MinutesImportService(db, clock).commit(minutes, actor="test", allow_unmatched=True)


async def ids_by_agency(db: Database) -> dict[int, list[int]]:
    """Assignment ids per agency id, in id order."""
    async with db.read() as conn:
        result: dict[int, list[int]] = {}
        for row in await conn.execute(
            select(assignments.c.id, assignments.c.agency_id).order_by(assignments.c.id)
        ):
            result.setdefault(row.agency_id, []).append(row.id)
        return result


async def imported_31(db: Database, clock: FixedClock) -> tuple[dict[str, Actor], list[int]]:
    """People of every role (tests.people_helpers) and minutes 31 imported: the actors, and the assignments
    of the representative's agency, the municipality (row 3, dated; row 4, ongoing)."""
    actors = await people(db, clock)
    await import_31(db, clock)
    return actors, (await ids_by_agency(db))[actors["agency"].agency_id or 0]
