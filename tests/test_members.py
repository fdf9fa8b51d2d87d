"""The secretariat's member management: order, deactivation and moves, each audited."""

from __future__ import annotations

import pytest

from bot.domain.clock import FixedClock
from bot.services.access import Actor, Role
from bot.services.agencies import AgencyService
from bot.services.errors import ServiceError
from bot.services.members import MemberService
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.audit import AuditRepo
from tests.people_helpers import AGENCY_A, AGENCY_B, SYSTEM, people


async def test_list_by_role_then_agency_then_name(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    from tests.people_helpers import enrol

    await enrol(db, clock, 2002, Role.AGENCY, AGENCY_B, "بهرام")
    await enrol(db, clock, 2003, Role.AGENCY, AGENCY_A, "آرش")
    listed = await MemberService(db, clock).list(actors["secretariat"])
    assert [(m.role, m.agency_name, m.display_name) for m in listed] == [
        (Role.SECRETARIAT, None, "مریم"),
        (Role.GOVERNOR, None, "حسین"),
        (Role.AGENCY, AGENCY_A, "آرش"),
        (Role.AGENCY, AGENCY_A, "علی"),
        (Role.AGENCY, AGENCY_B, "بهرام"),
    ]


async def test_deactivate(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    service = MemberService(db, clock)
    secretariat = actors["secretariat"]
    with pytest.raises(ServiceError, match=texts.MEMBER_NOT_SELF):
        await service.deactivate(secretariat, secretariat.member_id or 0)
    with pytest.raises(ServiceError) as last:
        await service.deactivate(SYSTEM, secretariat.member_id or 0)
    assert last.value.message == texts.MEMBER_LAST_SECRETARIAT.format(name="مریم")
    done = await service.deactivate(secretariat, actors["agency"].member_id or 0)
    assert done.state == "inactive" and not done.active
    with pytest.raises(ServiceError):
        await service.deactivate(secretariat, actors["agency"].member_id or 0)
    with pytest.raises(ServiceError, match=texts.MEMBER_UNKNOWN):
        await service.deactivate(secretariat, 9999)
    assert [m.display_name for m in await service.list(secretariat)] == ["مریم", "حسین"]
    assert len(await service.list(secretariat, include_inactive=True)) == 3
    async with db.read() as conn:
        entry = (await AuditRepo(conn).list(entity="member"))[-1]
    assert (entry.action, entry.actor_member_id, entry.after) == (
        "member.deactivate",
        secretariat.member_id,
        {"state": "inactive"},
    )


async def test_move(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    service = MemberService(db, clock)
    secretariat, rep = actors["secretariat"], actors["agency"].member_id or 0
    async with db.read() as conn:
        agencies = {row.name: row.id for row in await AgencyRepo(conn).list()}
    moved = await service.move(secretariat, rep, agencies[AGENCY_B])
    assert moved.agency_name == AGENCY_B
    with pytest.raises(ServiceError):
        await service.move(secretariat, rep, agencies[AGENCY_B])  # already there
    with pytest.raises(ServiceError, match=texts.MEMBER_NOT_AGENCY):
        await service.move(secretariat, actors["governor"].member_id or 0, agencies[AGENCY_A])
    with pytest.raises(ServiceError, match=texts.AGENCY_ID_UNKNOWN):
        await service.move(secretariat, rep, 9999)
    async with db.transaction() as conn:
        await AgencyRepo(conn).set_active(agencies[AGENCY_A], False)
    with pytest.raises(ServiceError, match=texts.AGENCY_ID_UNKNOWN):
        await service.move(secretariat, rep, agencies[AGENCY_A])
    async with db.read() as conn:
        entry = (await AuditRepo(conn).list(entity="member"))[-1]
    assert entry.action == "member.move" and entry.after == {
        "agency_id": agencies[AGENCY_B],
        "agency": AGENCY_B,
    }


async def test_a_new_agency_and_alias_by_a_member_are_audited_with_who(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    secretariat: Actor = actors["secretariat"]
    agency = await AgencyService(db, clock).add("اداره کل هواشناسی استان", [], secretariat)
    await AgencyService(db, clock).add_alias_to(agency.id, "هواشناسی", secretariat)
    async with db.read() as conn:
        entries = await AuditRepo(conn).list(entity="agency", entity_id=agency.id)
    assert [(e.action, e.actor, e.actor_member_id) for e in entries] == [
        ("agency.create", secretariat.label, secretariat.member_id),
        ("agency.alias_add", secretariat.label, secretariat.member_id),
    ]
