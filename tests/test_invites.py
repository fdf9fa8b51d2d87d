"""Invites: random tokens stored only as hashes, limits, and the agency matched like the importer."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.services.access import Role
from bot.services.errors import ServiceError
from bot.services.invites import MAX_DAYS, MAX_USES, TOKEN_PATTERN, InviteService, hash_token
from bot.texts import people as texts
from storage.engine import Database
from storage.tables import audit_log, invites
from tests.people_helpers import AGENCY_A, AGENCY_B, SYSTEM, add_agencies


async def test_tokens_are_long_random_and_stored_only_as_hashes(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    service = InviteService(db, clock)
    made = [await service.create(SYSTEM, agency=AGENCY_A) for _ in range(20)]
    tokens = {m.token for m in made}
    assert len(tokens) == 20
    assert all(len(t) == 32 and TOKEN_PATTERN.fullmatch(t) for t in tokens)
    async with db.read() as conn:
        stored = [tuple(str(v) for v in row) for row in await conn.execute(select(invites))]
        stored += [tuple(str(v) for v in row) for row in await conn.execute(select(audit_log))]
    dump = repr(stored)
    assert not any(token in dump for token in tokens)
    assert all(hash_token(m.token) in dump for m in made)


async def test_defaults_and_expiry(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    made = await InviteService(db, clock).create(SYSTEM, agency=AGENCY_A, uses=3, days=10)
    assert (made.role, made.agency_name, made.uses) == (Role.AGENCY, AGENCY_A, 3)
    assert made.expires_at == clock.now() + timedelta(days=10)


async def test_agency_found_by_alias_and_fuzzy(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    service = InviteService(db, clock)
    assert (await service.create(SYSTEM, agency="فرمانداری کرج")).agency_name == AGENCY_B
    assert (await service.create(SYSTEM, agency="شهرداری کمال شهر")).agency_name == AGENCY_A


async def test_unknown_and_ambiguous_agencies(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    service = InviteService(db, clock)
    with pytest.raises(ServiceError) as unknown:
        await service.create(SYSTEM, agency="اداره کل هواشناسی")
    assert unknown.value.message == texts.INVITE_AGENCY_UNKNOWN.format(name="اداره کل هواشناسی")
    with pytest.raises(ServiceError) as ambiguous:
        await service.create(SYSTEM, agency="شهرداری")
    assert ambiguous.value.message == texts.INVITE_AGENCY_AMBIGUOUS
    assert set(ambiguous.value.details) >= {AGENCY_A, "شهرداری فردیس"}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": Role.AGENCY}, texts.INVITE_AGENCY_NEEDED),
        ({"role": Role.GOVERNOR, "agency": AGENCY_A}, texts.INVITE_NO_AGENCY_FOR_ROLE),
        ({"agency": AGENCY_A, "uses": 0}, None),
        ({"agency": AGENCY_A, "uses": MAX_USES + 1}, None),
        ({"agency": AGENCY_A, "days": 0}, None),
        ({"agency": AGENCY_A, "days": MAX_DAYS + 1}, None),
    ],
)
async def test_bad_invites_store_nothing(
    db: Database, clock: FixedClock, kwargs: dict[str, object], message: str | None
) -> None:
    await add_agencies(db, clock)
    with pytest.raises(ServiceError) as refused:
        await InviteService(db, clock).create(SYSTEM, **kwargs)  # type: ignore[arg-type]
    if message:
        assert refused.value.message == message
    async with db.read() as conn:
        assert (await conn.execute(select(invites))).first() is None


async def test_an_invite_for_an_agency_by_id(db: Database, clock: FixedClock) -> None:
    await add_agencies(db, clock)
    service = InviteService(db, clock)
    assert (await service.create_for_agency_id(SYSTEM, 1)).agency_name == AGENCY_A
    with pytest.raises(ServiceError):
        await service.create_for_agency_id(SYSTEM, 999)
