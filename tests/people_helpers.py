"""Shared set-up for the people services' tests: agencies, members of each role, table snapshots."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.domain.clock import FixedClock
from bot.services.access import Actor, Role
from bot.services.agencies import AgencyService
from bot.services.invites import InviteService
from bot.services.registration import MemberInfo, PlatformUser, RegistrationService
from storage.engine import Database
from storage.tables import audit_log, invite_attempts, invites, members

SYSTEM = Actor.system("tester")
AGENCY_A = "شهرداری کمالشهر"
AGENCY_B = "فرمانداری شهرستان کرج"
ADMIN_ID = 1001


def user(user_id: int, name: str = "کاربر", platform: str = "telegram") -> PlatformUser:
    return PlatformUser(platform=platform, user_id=user_id, chat_id=user_id, display_name=name, username=None)


async def add_agencies(db: Database, clock: FixedClock) -> None:
    service = AgencyService(db, clock)
    await service.add(AGENCY_A, [], SYSTEM)
    await service.add(AGENCY_B, ["فرمانداری کرج"], SYSTEM)
    await service.add("شهرداری فردیس", [], SYSTEM)


async def enrol(
    db: Database, clock: FixedClock, user_id: int, role: Role, agency: str | None = None, name: str = "عضو"
) -> MemberInfo:
    """A member of `role`, registered through a real invite."""
    created = await InviteService(db, clock).create(SYSTEM, role=role, agency=agency)
    registration = await RegistrationService(db, clock, ()).register(user(user_id, name), created.token)
    return registration.member


async def people(db: Database, clock: FixedClock) -> dict[str, Actor]:
    """An actor for every kind of caller: stranger, agency, governor, secretariat, system."""
    await add_agencies(db, clock)
    secretariat = await RegistrationService(db, clock, (ADMIN_ID,)).identify(user(ADMIN_ID, "مریم"))
    assert secretariat is not None
    return {
        "stranger": Actor("stranger", None),
        "agency": Actor.of_member(await enrol(db, clock, 2001, Role.AGENCY, AGENCY_A, "علی")),
        "governor": Actor.of_member(await enrol(db, clock, 3001, Role.GOVERNOR, name="حسین")),
        "secretariat": Actor.of_member(secretariat),
        "system": SYSTEM,
    }


async def counts(db: Database) -> dict[str, int]:
    """Rows in the tables the people services write: what a refusal must leave unchanged."""
    async with db.read() as conn:
        return {
            table.name: int((await conn.execute(select(func.count()).select_from(table))).scalar_one())
            for table in (audit_log, invites, members, invite_attempts)
        }
