"""AgencyRepo."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from storage.engine import Database
from storage.errors import Conflict, NotFound
from storage.repositories.agencies import AgencyRepo
from storage.tables import agency_aliases
from tests.storage.helpers import T0

# Persian order: آ < ب < پ < ش < و (code-point order would put پ last).
NAMES_IN_ORDER = ["آموزش و پرورش", "بهزیستی", "پلیس راهور", "شهرداری کمالشهر", "ورزش و جوانان"]


async def test_add_get_and_aliases(db: Database) -> None:
    async with db.transaction() as conn:
        repo = AgencyRepo(conn)
        added = await repo.add("شهرداری کمالشهر", at=T0)
        await repo.add_alias(added.id, "شهرداری کمال شهر", "شهرداری کمال شهر")
        await repo.add_alias(added.id, "کمالشهر", "کمالشهر")
    assert (added.name, added.active, added.aliases) == ("شهرداری کمالشهر", True, ())
    async with db.read() as conn:
        repo = AgencyRepo(conn)
        by_id = await repo.get(added.id)
        by_name = await repo.get_by_name("شهرداری کمالشهر")
        assert await repo.get(added.id + 100) is None
        assert await repo.get_by_name("ناشناس") is None
    assert by_id == by_name
    assert by_id is not None and by_id.aliases == ("شهرداری کمال شهر", "کمالشهر")


async def test_duplicate_name_is_a_conflict_and_the_transaction_goes_on(db: Database) -> None:
    async with db.transaction() as conn:
        repo = AgencyRepo(conn)
        first = await repo.add("بهزیستی", at=T0)
        with pytest.raises(Conflict) as caught:
            await repo.add("بهزیستی", at=T0)
        await repo.add("آموزش و پرورش", at=T0)  # the same transaction is still usable
    assert (caught.value.entity, caught.value.field, caught.value.existing_id) == ("agency", "name", first.id)
    async with db.read() as conn:
        assert [a.name for a in await AgencyRepo(conn).list()] == ["آموزش و پرورش", "بهزیستی"]


async def test_duplicate_alias_key_is_a_conflict(db: Database) -> None:
    async with db.transaction() as conn:
        repo = AgencyRepo(conn)
        one = await repo.add("فرمانداری شهرستان کرج", at=T0)
        two = await repo.add("فرمانداری شهرستان فردیس", at=T0)
        await repo.add_alias(one.id, "فرمانداری کرج", "فرمانداری کرج")
        with pytest.raises(Conflict) as caught:
            await repo.add_alias(two.id, "فرمانداري كرج", "فرمانداری کرج")
        await repo.add_alias(two.id, "فرمانداری فردیس", "فرمانداری فردیس")
    assert caught.value.existing_id == one.id
    async with db.read() as conn:
        assert await conn.scalar(select(func.count()).select_from(agency_aliases)) == 2


async def test_alias_for_a_missing_agency_is_not_reported_as_a_conflict(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as conn:
            await AgencyRepo(conn).add_alias(999, "x", "x")


async def test_list_in_persian_order_and_active_only(db: Database) -> None:
    async with db.transaction() as conn:
        repo = AgencyRepo(conn)
        ids = {name: (await repo.add(name, at=T0)).id for name in reversed(NAMES_IN_ORDER)}
        await repo.set_active(ids["پلیس راهور"], False)
    async with db.read() as conn:
        repo = AgencyRepo(conn)
        everyone = await repo.list()
        active = await repo.list(active_only=True)
    assert [a.name for a in everyone] == NAMES_IN_ORDER
    assert [a.name for a in active] == [n for n in NAMES_IN_ORDER if n != "پلیس راهور"]
    assert [a.active for a in everyone] == [True, True, False, True, True]


async def test_set_active_round_trip_and_missing(db: Database) -> None:
    async with db.transaction() as conn:
        repo = AgencyRepo(conn)
        row = await repo.add("بهزیستی", at=T0)
        await repo.set_active(row.id, False)
        await repo.set_active(row.id, True)
        again = await repo.get(row.id)
        with pytest.raises(NotFound):
            await repo.set_active(row.id + 1, False)
    assert again is not None and again.active
