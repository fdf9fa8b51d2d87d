"""The permission matrix, and every people service refusing each role that lacks the permission."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FixedClock
from bot.services.access import PERMISSIONS, AccessDenied, Actor, Permission, Role, can
from bot.services.agencies import AgencyService
from bot.services.errors import ServiceError
from bot.services.exports import ExportService
from bot.services.invites import InviteService
from bot.services.members import MemberService
from bot.services.status import StatusService
from bot.services.status_models import Period
from bot.texts import status as status_texts
from storage.engine import Database
from tests.people_helpers import AGENCY_A, counts, people

TEHRAN = ZoneInfo("Asia/Tehran")
ROLES_OF = {
    "stranger": None,
    "agency": Role.AGENCY,
    "governor": Role.GOVERNOR,
    "secretariat": Role.SECRETARIAT,
}


@pytest.mark.parametrize("permission", list(Permission))
@pytest.mark.parametrize("who", [*ROLES_OF, "system"])
def test_can_follows_the_matrix(permission: Permission, who: str) -> None:
    actor = Actor.system("cli") if who == "system" else Actor(who, ROLES_OF[who])
    role = Role.SECRETARIAT if who == "system" else ROLES_OF[who]  # the command line acts as the secretariat
    expected = role is not None and role in PERMISSIONS[permission]
    assert can(actor, permission) is expected


def test_every_permission_has_a_row() -> None:
    assert set(PERMISSIONS) == set(Permission)


def test_a_deactivated_member_has_no_role() -> None:
    from types import SimpleNamespace

    member = SimpleNamespace(
        id=1,
        platform="telegram",
        user_id=5,
        display_name="x",
        role="secretariat",
        agency_id=None,
        state="inactive",
    )
    actor = Actor.of_member(member)
    assert actor.role is None and not can(actor, Permission.INVITE)
    assert actor.label == "x (telegram:5)"


Call = Callable[[Database, FixedClock, Actor, dict[str, Actor]], Awaitable[object]]
# Every service call guarded by a permission, with the permission it needs.
CALLS: dict[str, tuple[Permission, Call]] = {
    "invite.create": (
        Permission.INVITE,
        lambda db, clock, actor, _: InviteService(db, clock).create(actor, role=Role.AGENCY, agency=AGENCY_A),
    ),
    "invite.create_governor": (
        Permission.INVITE,
        lambda db, clock, actor, _: InviteService(db, clock).create(actor, role=Role.GOVERNOR),
    ),
    "invite.for_id": (
        Permission.INVITE,
        lambda db, clock, actor, _: InviteService(db, clock).create_for_agency_id(actor, 1),
    ),
    "agency.add": (
        Permission.MANAGE_AGENCIES,
        lambda db, clock, actor, _: AgencyService(db, clock).add("اداره کل هواشناسی", [], actor),
    ),
    "agency.alias": (
        Permission.MANAGE_AGENCIES,
        lambda db, clock, actor, _: AgencyService(db, clock).add_alias(AGENCY_A, "شهرداری کمال", actor),
    ),
    "agency.alias_to": (
        Permission.MANAGE_AGENCIES,
        lambda db, clock, actor, _: AgencyService(db, clock).add_alias_to(1, "شهرداری کمال", actor),
    ),
    "agency.list_for": (
        Permission.MANAGE_AGENCIES,
        lambda db, clock, actor, _: AgencyService(db, clock).list_for(actor),
    ),
    "member.list": (
        Permission.MANAGE_MEMBERS,
        lambda db, clock, actor, _: MemberService(db, clock).list(actor),
    ),
    "member.get": (
        Permission.MANAGE_MEMBERS,
        lambda db, clock, actor, p: MemberService(db, clock).get(actor, p["agency"].member_id or 0),
    ),
    "member.move": (
        Permission.MANAGE_MEMBERS,
        lambda db, clock, actor, p: MemberService(db, clock).move(actor, p["agency"].member_id or 0, 2),
    ),
    "member.deactivate": (
        Permission.MANAGE_MEMBERS,
        lambda db, clock, actor, p: MemberService(db, clock).deactivate(actor, p["governor"].member_id or 0),
    ),
    "status.overview": (
        Permission.READ_STATUS,
        lambda db, clock, actor, _: StatusService(db, clock, TEHRAN).overview(actor),
    ),
    "status.overdue": (
        Permission.READ_STATUS,
        lambda db, clock, actor, _: StatusService(db, clock, TEHRAN).overdue(actor),
    ),
    "status.ranking": (
        Permission.READ_TRACKER,
        lambda db, clock, actor, _: StatusService(db, clock, TEHRAN).ranking(actor, Period("all")),
    ),
    "status.chart": (
        Permission.READ_TRACKER,
        lambda db, clock, actor, _: StatusService(db, clock, TEHRAN).chart(actor, "agency"),
    ),
    "export.xlsx": (Permission.READ_TRACKER, lambda db, clock, actor, _: export_or_nothing(db, clock, actor)),
}


async def export_or_nothing(db: Database, clock: FixedClock, actor: Actor) -> None:
    """The report, or (allowed, but nothing is stored yet) its Persian "nothing to report"."""
    try:
        await ExportService(db, clock, TEHRAN).export(actor, "xlsx")
    except AccessDenied:
        raise
    except ServiceError as exc:
        assert exc.message == status_texts.EXPORT_EMPTY


@pytest.mark.parametrize("who", [*ROLES_OF, "system"])
@pytest.mark.parametrize("call", list(CALLS))
async def test_service_matrix(db: Database, clock: FixedClock, call: str, who: str) -> None:
    actors = await people(db, clock)
    permission, run = CALLS[call]
    before = await counts(db)
    if can(actors[who], permission):
        await run(db, clock, actors[who], actors)
    else:
        with pytest.raises(AccessDenied):
            await run(db, clock, actors[who], actors)
        assert await counts(db) == before
