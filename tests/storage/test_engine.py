"""Database: pragmas, transactions, the SQLite writer discipline, read-only views."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.pool import QueuePool

from storage.engine import Database, create_database
from storage.migrate import upgrade
from storage.tables import agencies, agency_aliases
from tests.storage.helpers import T0


async def count_agencies(db: Database) -> int:
    async with db.read() as conn:
        return await conn.scalar(select(func.count()).select_from(agencies)) or 0


async def test_sqlite_pragmas_on_every_connection(sqlite_db: Database) -> None:
    expected = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000}
    async with sqlite_db.read() as conn:
        got = {name: await conn.scalar(text(f"PRAGMA {name}")) for name in expected}
    assert got == expected
    async with sqlite_db.transaction() as conn:
        got = {name: await conn.scalar(text(f"PRAGMA {name}")) for name in expected}
    assert got == expected


async def test_is_sqlite(db: Database) -> None:
    assert db.is_sqlite == (db.engine.dialect.name == "sqlite")


async def test_committed_transaction_is_stored(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    assert await count_agencies(db) == 1


async def test_rolled_back_transaction_stores_nothing(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with db.transaction() as conn:
            await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
            raise RuntimeError("boom")
    assert await count_agencies(db) == 0
    # The writer lock and the connection were released: the next write goes through.
    async with db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    assert await count_agencies(db) == 1


async def test_nested_transaction_in_one_task_is_refused(db: Database) -> None:
    with pytest.raises(RuntimeError, match="nested"):
        async with db.transaction() as conn:
            await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
            async with db.transaction():
                pass
    assert await count_agencies(db) == 0
    async with db.transaction() as conn:  # nothing is left held
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    assert await count_agencies(db) == 1


async def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as conn:
            await conn.execute(insert(agency_aliases).values(agency_id=999, alias="x", key="x"))


async def test_ddl_is_transactional(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute(text("CREATE TABLE scratch (id INTEGER)"))
            raise RuntimeError("undo")
    async with db.read() as conn:
        names = await conn.run_sync(lambda c: inspect(c).get_table_names())
    assert "scratch" not in names


async def test_savepoint_rollback_keeps_the_outer_transaction(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="الف", created_at=T0))
        nested = await conn.begin_nested()
        await conn.execute(insert(agencies).values(name="ب", created_at=T0))
        await nested.rollback()
    async with db.read() as conn:
        names = (await conn.scalars(select(agencies.c.name))).all()
    assert names == ["الف"]


async def test_read_refuses_writes_and_leaves_writers_unaffected(db: Database) -> None:
    async with db.read() as conn:
        with pytest.raises(DBAPIError):
            await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    assert await count_agencies(db) == 0
    async with db.transaction() as conn:  # the pooled connection is writable again
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    assert await count_agencies(db) == 1


async def test_sqlite_write_transaction_takes_the_write_lock_at_begin(sqlite_db: Database) -> None:
    path = sqlite_db.url.database
    assert path is not None
    async with sqlite_db.transaction() as conn:
        await conn.execute(select(1))  # a read only: BEGIN IMMEDIATE has reserved the database anyway
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()


async def test_sqlite_writers_queue_one_after_another(sqlite_db: Database) -> None:
    events: list[str] = []
    first_inside = asyncio.Event()

    pool = sqlite_db.engine.pool
    assert isinstance(pool, QueuePool)
    connections_in_use: list[int] = []

    async def first() -> None:
        async with sqlite_db.transaction() as conn:
            first_inside.set()
            events.append("first begins")
            await conn.execute(insert(agencies).values(name="الف", created_at=T0))
            await asyncio.sleep(0.05)
            connections_in_use.append(pool.checkedout())
            events.append("first ends")

    async def second() -> None:
        await first_inside.wait()
        async with sqlite_db.transaction() as conn:
            events.append("second begins")
            count = await conn.scalar(select(func.count()).select_from(agencies))
            await conn.execute(insert(agencies).values(name=f"ب{count}", created_at=T0))

    await asyncio.gather(first(), second())
    assert events == ["first begins", "first ends", "second begins"]
    # The waiting writer queued on the lock, not inside SQLite's busy handler holding a connection
    # (where it would fail after busy_timeout).
    assert connections_in_use == [1]
    assert await count_agencies(sqlite_db) == 2


async def test_relative_sqlite_path_gets_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = "sqlite+aiosqlite:///data/peygir.db"
    await upgrade(url)  # creates the folder, and finds the migrations from any working directory
    db = create_database(url)
    try:
        async with db.transaction() as conn:
            await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    finally:
        await db.dispose()
    assert (tmp_path / "data" / "peygir.db").is_file()
