"""A small council in a fresh database for the chaos tests: the sample agencies, ten representatives of
the municipality and the secretariat, and minutes 31 imported (its pushes waiting in the outbox)."""

from __future__ import annotations

from sqlalchemy import text

from bot.domain.clock import FixedClock
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
from bot.samples import sample_agencies, sample_bytes
from bot.services.access import Actor, Role
from bot.services.agencies import AgencyService
from bot.services.minutes_import import MinutesImportService
from simulator import SimUser
from storage.engine import create_database
from storage.migrate import upgrade
from storage.repositories.agencies import AgencyRepo
from storage.repositories.members import MemberRepo

SECRETARIAT = SimUser(1001, "مریم", "maryam", "رضایی")
# Representatives of the municipality: several chats, so that their updates are handled side by side.
REPS = [SimUser(2001 + n, f"نماینده {n + 1}") for n in range(10)]
AGENCY = "شهرداری کمالشهر"


async def council(url: str, platform: str = "telegram") -> None:
    db = create_database(url)
    try:
        await upgrade(db)
        clock = FixedClock()
        agencies = AgencyService(db, clock)
        for name, aliases in sample_agencies():
            await agencies.add(name, aliases, Actor.system("chaos"))
        async with db.transaction() as conn:
            agency = await AgencyRepo(conn).get_by_name(AGENCY)
            assert agency is not None
            for rep in REPS:
                await MemberRepo(conn).add(
                    platform=platform,
                    user_id=rep.id,
                    chat_id=rep.id,
                    display_name=rep.first_name,
                    username=None,
                    role=Role.AGENCY,
                    agency_id=agency.id,
                    at=clock.now(),
                )
        parsed = parse_minutes_bytes(sample_bytes("minutes_31.md"), "minutes_31.md", WorkCalendar())
        await MinutesImportService(db, clock).commit(parsed, actor="chaos")
    finally:
        await db.dispose()


async def scalar(url: str, sql: str) -> int:
    db = create_database(url)
    try:
        async with db.read() as conn:
            return int(await conn.scalar(text(sql)) or 0)
    finally:
        await db.dispose()
