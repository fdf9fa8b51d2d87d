"""UTCDateTime and JSON columns on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Text, cast, func, insert, select
from sqlalchemy.exc import StatementError

from storage.engine import Database
from storage.repositories.audit import AuditRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.tables import agencies, audit_log, resolutions
from storage.types import UTCDateTime, sqlite_time, sqlite_time_read
from tests.storage.helpers import T0, meeting

TEHRAN = ZoneInfo("Asia/Tehran")
ITEMS = ["مسائل مطرح شده توسط شهرداری کمالشهر", "در خصوص تامین مکان «پایگاه» ۱۴۰۱/۰۶/۱۰"]


async def test_utc_datetime_round_trip_is_aware_utc(db: Database) -> None:
    local = datetime(2024, 9, 1, 9, 0, 0, 123456, tzinfo=TEHRAN)  # +03:30 (no DST since 2023)
    async with db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=local))
    async with db.read() as conn:
        stored = await conn.scalar(select(agencies.c.created_at))
    assert stored == local
    assert stored.tzinfo is UTC
    assert stored == datetime(2024, 9, 1, 5, 30, 0, 123456, tzinfo=UTC)


async def test_utc_datetime_compares_instants_in_sql(db: Database) -> None:
    # 08:00 in Tehran is 04:30 UTC: earlier than 05:00 UTC although its wall-clock reads later.
    async with db.transaction() as conn:
        await conn.execute(
            insert(agencies).values(name="الف", created_at=datetime(2024, 9, 1, 8, 0, tzinfo=TEHRAN))
        )
        await conn.execute(
            insert(agencies).values(name="ب", created_at=datetime(2024, 9, 1, 5, 10, tzinfo=UTC))
        )
    boundary = datetime(2024, 9, 1, 5, 0, tzinfo=UTC)
    async with db.read() as conn:
        before = (await conn.scalars(select(agencies.c.name).where(agencies.c.created_at < boundary))).all()
    assert before == ["الف"]


async def test_naive_datetime_is_refused(db: Database) -> None:
    naive = datetime(2022, 9, 1, 9, 0)
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(naive, db.engine.dialect)
    with pytest.raises(StatementError) as caught:
        async with db.transaction() as conn:
            await conn.execute(insert(agencies).values(name="بهزیستی", created_at=naive))
    assert isinstance(caught.value.orig, ValueError)


async def test_json_round_trip_keeps_persian_text(db: Database) -> None:
    async with db.transaction() as conn:
        m = await meeting(conn)
        row = await ResolutionRepo(conn).add(
            meeting_id=m.id,
            number=2,
            text="مقرر گردید: شهرداری کمالشهر :",
            items=ITEMS,
            deadline_raw="مستمر",
            deadline_kind="ongoing",
            deadline_amount=None,
            deadline_unit=None,
            created_by="test",
            at=T0,
        )
    async with db.read() as conn:
        again = await ResolutionRepo(conn).get(m.id, 2)
        raw = await conn.scalar(select(cast(resolutions.c["items"], Text)))
    assert row.items == tuple(ITEMS)
    assert again == row
    assert raw is not None and ITEMS[0] in raw  # stored readable, not as \u escapes


async def test_json_none_is_sql_null_and_dates_become_iso(db: Database) -> None:
    async with db.transaction() as conn:
        await AuditRepo(conn).record(
            at=T0,
            actor="test",
            action="assignment.extend",
            entity="assignment",
            entity_id=1,
            before=None,
            after={"due_on": date(2022, 9, 15), "at": T0 + timedelta(hours=1), "agency": "بهزیستی"},
        )
    async with db.read() as conn:
        nulls = await conn.scalar(
            select(func.count()).select_from(audit_log).where(audit_log.c.before.is_(None))
        )
        entries = await AuditRepo(conn).list()
    assert nulls == 1
    assert entries[0].after == {
        "due_on": "2022-09-15",
        "at": "2022-09-01T06:30:00+00:00",
        "agency": "بهزیستی",
    }


async def test_sqlite_bulk_text_matches_what_utc_datetime_stores(sqlite_db: Database) -> None:
    # The reminder sweep writes and reads timestamps straight through the SQLite driver: the text must be
    # what UTCDateTime stores, or SQL comparisons between the two would go wrong.
    db = sqlite_db
    moments = [
        datetime(2024, 9, 1, 9, 0, 0, 123456, tzinfo=TEHRAN),
        datetime(2024, 9, 1, 5, 30, tzinfo=UTC),  # the same instant as the first, but for microseconds
        datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),
    ]
    async with db.transaction() as conn:
        for n, moment in enumerate(moments):
            await conn.execute(insert(agencies).values(name=f"نهاد {n}", created_at=moment))
    async with db.read() as conn:
        stored = [row[0] for row in await conn.exec_driver_sql("SELECT created_at FROM agencies ORDER BY id")]
    assert stored == [sqlite_time(m) for m in moments]
    assert [sqlite_time_read(text) for text in stored] == moments
    assert sqlite_time(None) is None
    with pytest.raises(ValueError, match="naive"):
        sqlite_time(datetime(2024, 9, 1, 9, 0))
