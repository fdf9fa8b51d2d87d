"""Registration: admin bootstrap, invites taken once, each refusal with its reason, bad tokens limited."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.clock import FixedClock
from bot.services.access import Role
from bot.services.errors import ServiceError
from bot.services.invites import InviteService
from bot.services.members import MemberService
from bot.services.registration import BAD_TOKEN_WINDOW, MAX_BAD_TOKENS, RegistrationService
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.audit import AuditRepo
from storage.repositories.invites import InviteRepo
from tests.people_helpers import ADMIN_ID, AGENCY_A, SYSTEM, add_agencies, counts, user


async def actions(db: Database) -> list[str]:
    async with db.read() as conn:
        return [row.action for row in await AuditRepo(conn).list()]


async def test_an_admin_is_secretariat_at_first_contact(db: Database, clock: FixedClock) -> None:
    service = RegistrationService(db, clock, (ADMIN_ID,))
    first = await service.identify(user(ADMIN_ID, "مریم"))
    again = await service.identify(user(ADMIN_ID, "مریم"))
    assert first is not None and again is not None
    assert first.role == Role.SECRETARIAT and first.id == again.id
    assert await service.identify(user(5555)) is None
    assert (await actions(db)).count("member.bootstrap") == 1


async def test_register_with_an_invite(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    invite = await InviteService(db, clock).create(SYSTEM, agency=AGENCY_A)
    result = await RegistrationService(db, clock, ()).register(user(2001, "علی"), invite.token)
    assert result.outcome == "registered"
    assert (result.member.role, result.member.agency_name, result.member.display_name) == (
        Role.AGENCY,
        AGENCY_A,
        "علی",
    )
    async with db.read() as conn:
        assert (await InviteRepo(conn).get(invite.invite_id)).uses_left == 0  # type: ignore[union-attr]
        entry = (await AuditRepo(conn).list(entity="member"))[-1]
    assert entry.action == "member.register" and entry.actor_member_id == result.member.id
    assert entry.after is not None and entry.after["invite_id"] == invite.invite_id


async def test_each_refusal_says_why_and_is_counted(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    invites = InviteService(db, clock)
    service = RegistrationService(db, clock, ())
    used = await invites.create(SYSTEM, agency=AGENCY_A)
    await service.register(user(2001), used.token)
    expiring = await invites.create(SYSTEM, agency=AGENCY_A, days=1)
    revoked = await invites.create(SYSTEM, agency=AGENCY_A)
    async with db.transaction() as conn:
        await InviteRepo(conn).revoke(revoked.invite_id, clock.now())
    clock.advance(timedelta(days=2))
    cases = [
        (used.token, texts.TOKEN_USED_UP),
        (revoked.token, texts.TOKEN_USED_UP),
        (expiring.token, texts.TOKEN_EXPIRED),
        ("x" * 32, texts.TOKEN_UNKNOWN),
        ("<script>", texts.TOKEN_UNKNOWN),
    ]
    for token, message in cases:
        with pytest.raises(ServiceError) as refused:
            await service.register(user(2002), token)
        assert refused.value.message == message
    assert (await counts(db))["invite_attempts"] == len(cases)
    assert (await counts(db))["members"] == 1


async def test_too_many_bad_tokens_block_even_a_good_one_for_a_while(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    service = RegistrationService(db, clock, ())
    for attempt in range(MAX_BAD_TOKENS):
        with pytest.raises(ServiceError):
            await service.register(user(2002), f"bad-token-{attempt:02d}-xxxxxxxx")
    good = await InviteService(db, clock).create(SYSTEM, agency=AGENCY_A)
    with pytest.raises(ServiceError) as refused:
        await service.register(user(2002), good.token)
    assert refused.value.message == texts.TOO_MANY_ATTEMPTS
    # Another person is not affected; and after the window the same person may try again.
    clock.advance(BAD_TOKEN_WINDOW + timedelta(seconds=1))
    assert (await service.register(user(2002), good.token)).outcome == "registered"


async def test_two_people_racing_for_the_last_use(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    invite = await InviteService(db, clock).create(SYSTEM, agency=AGENCY_A)
    service = RegistrationService(db, clock, ())
    results = await asyncio.gather(
        service.register(user(2001), invite.token),
        service.register(user(2002), invite.token),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in results) == ["Registration", "ServiceError"]
    assert (await counts(db))["members"] == 1


async def test_a_member_opening_another_invite_does_not_use_it(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    invites = InviteService(db, clock)
    service = RegistrationService(db, clock, ())
    await service.register(user(2001), (await invites.create(SYSTEM, agency=AGENCY_A)).token)
    second = await invites.create(SYSTEM, role=Role.GOVERNOR)
    again = await service.register(user(2001), second.token)
    assert again.outcome == "already_member" and again.member.role == Role.AGENCY
    assert (await service.register(user(3001), second.token)).member.role == Role.GOVERNOR


async def test_a_deactivated_member_comes_back_with_a_new_invite(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    invites = InviteService(db, clock)
    service = RegistrationService(db, clock, ())
    first = await service.register(user(2001), (await invites.create(SYSTEM, agency=AGENCY_A)).token)
    await MemberService(db, clock).deactivate(SYSTEM, first.member.id)
    back = await service.register(user(2001), (await invites.create(SYSTEM, role=Role.GOVERNOR)).token)
    assert back.outcome == "reactivated"
    assert (back.member.id, back.member.role, back.member.state, back.member.agency_id) == (
        first.member.id,
        Role.GOVERNOR,
        "active",
        None,
    )
    assert "member.reactivate" in await actions(db)
