"""Shared fixtures. `db` is a migrated database on SQLite and, when PEYGIR_TEST_POSTGRES_URL is set, on
PostgreSQL too (each test in its own schema); without a server the PostgreSQL case skips saying why."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from bot.config import Settings, load_settings
from bot.domain.clock import FixedClock
from storage.engine import Database, create_database
from storage.migrate import head_revision, upgrade
from storage.tables import metadata

# The helper modules' asserts explain themselves as the test modules' do (they are imported after this).
pytest.register_assert_rewrite(
    "tests.e2e.helpers",
    "tests.minutes_40",
    "tests.people_helpers",
    "tests.status_helpers",
    "tests.storage.helpers",
    "tests.tracker_helpers",
)

SHARED_MINUTES = Path(__file__).resolve().parents[1].parent / "shared" / "minutes"
SAMPLES = Path(__file__).resolve().parents[1] / "bot" / "samples"


def seed(prefix: str) -> Path:
    """A seed minutes file from ../shared/minutes, or skip saying why."""
    if not SHARED_MINUTES.is_dir():
        pytest.skip("../shared/minutes not present (seed minutes live outside the repo)")
    matches = sorted(SHARED_MINUTES.glob(f"{prefix}_*"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in ../shared/minutes")
    return matches[0]


@pytest.fixture
def clock() -> FixedClock:
    # 1401/07/01 09:00 Tehran: weeks after meeting 19 (1401/06/10).
    return FixedClock(datetime(2022, 9, 23, 5, 30, tzinfo=UTC))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'peygir.db'}"


@pytest.fixture
def settings(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Settings:
    # Run from an empty folder so that a developer's .env cannot leak into the tests.
    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith("PEYGIR_") and key != "PEYGIR_TEST_POSTGRES_URL":
            monkeypatch.delenv(key)
    return load_settings(database_url=db_url, cli_actor="tester")


POSTGRES_ENV = "PEYGIR_TEST_POSTGRES_URL"
SKIP_POSTGRES = "PEYGIR_TEST_POSTGRES_URL not set: the PostgreSQL cases need a server (CI sets it)"
SCHEMA_PREFIX = "peygir_test_"
STALE_AFTER_SECONDS = 3600


async def drop_stale_schemas(conn: AsyncConnection) -> None:
    """Drop test schemas older than an hour (left behind by a run that was killed)."""
    names = await conn.scalars(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix"), {"prefix": SCHEMA_PREFIX + "%"}
    )
    for name in names.all():
        stamp = name.removeprefix(SCHEMA_PREFIX).split("_")[0]
        if stamp.isdigit() and time.time() - int(stamp) > STALE_AFTER_SECONDS:
            await conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    """Each test that takes `db` or `empty_db` runs on both backends."""
    return str(request.param)


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(SKIP_POSTGRES)
    return url


def new_schema_name() -> str:
    # The name carries its creation time so that schemas left by a killed run can be reaped later
    # without touching those of a run going on in parallel.
    return f"{SCHEMA_PREFIX}{int(time.time())}_{uuid.uuid4().hex[:8]}"


async def create_schema(url: str) -> str:
    """A new empty schema (reaping those a killed run left); its name."""
    schema = new_schema_name()
    admin = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await drop_stale_schemas(conn)
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    await admin.dispose()
    return schema


async def drop_schema(url: str, schema: str) -> None:
    admin = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


@asynccontextmanager
async def postgres_schema(url: str) -> AsyncIterator[str]:
    """A new empty schema, dropped afterwards."""
    schema = await create_schema(url)
    try:
        yield schema
    finally:
        await drop_schema(url, schema)


def in_schema(url: str, schema: str) -> Database:
    return create_database(url, connect_args={"server_settings": {"search_path": schema}})


@pytest.fixture
async def empty_db(backend: str, tmp_path: Path) -> AsyncIterator[Database]:
    """A Database with no tables. On PostgreSQL each test gets its own schema, dropped afterwards."""
    if backend == "sqlite":
        db = create_database(f"sqlite+aiosqlite:///{tmp_path / 'peygir.db'}")
        try:
            yield db
        finally:
            await db.dispose()
        return
    url = postgres_url()
    async with postgres_schema(url) as schema:
        db = in_schema(url, schema)
        try:
            yield db
        finally:
            await db.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head for the whole run; tests copy it (a migration per test costs
    about 85 ms; the migrations themselves are tested in tests/storage/test_migrations.py)."""
    path = tmp_path_factory.mktemp("template") / "migrated.db"
    asyncio.run(upgrade(f"sqlite+aiosqlite:///{path}"))
    return path


def copy_migrated(template: Path, target: Path) -> str:
    """A fresh migrated SQLite database at `target` (its URL)."""
    shutil.copyfile(template, target)
    return f"sqlite+aiosqlite:///{target}"


# Alembic's own table, as `alembic stamp` makes it.
ALEMBIC_VERSION_TABLE = (
    "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
    "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
)
# Every table emptied and its ids started again: a clean database for the next test.
TRUNCATE_ALL = (
    "TRUNCATE "
    + ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    + " RESTART IDENTITY CASCADE"
)


@pytest.fixture(scope="session")
def postgres_tables() -> Iterator[tuple[str, str]]:
    """One schema per test process with every table (the schema the migrations make, as
    tests/storage/test_migrations.py checks, made in one step and stamped at head): each test that takes
    `db` empties it instead of making its own (about 0.4 s a test, 250 tests)."""
    url = postgres_url()

    async def make() -> str:
        schema = await create_schema(url)
        db = in_schema(url, schema)
        async with db.transaction() as conn:
            await conn.run_sync(metadata.create_all)
            await conn.execute(text(ALEMBIC_VERSION_TABLE))
            await conn.execute(text("INSERT INTO alembic_version VALUES (:head)"), {"head": head_revision()})
        await db.dispose()
        return schema

    # Asked for from inside a running event loop (an async fixture): its own loop, in a thread.
    with ThreadPoolExecutor(1) as pool:
        schema = pool.submit(asyncio.run, make()).result()
        try:
            yield url, schema
        finally:
            pool.submit(asyncio.run, drop_schema(url, schema)).result()


@pytest.fixture
async def db(
    backend: str, request: pytest.FixtureRequest, migrated_sqlite: Path, tmp_path: Path
) -> AsyncIterator[Database]:
    """A migrated Database on each backend, with no rows."""
    if backend == "sqlite":
        database = create_database(copy_migrated(migrated_sqlite, tmp_path / "peygir.db"))
    else:
        url, schema = request.getfixturevalue("postgres_tables")
        database = in_schema(url, schema)
        async with database.transaction(hooked=False) as conn:
            await conn.execute(text(TRUNCATE_ALL))
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def sqlite_db(migrated_sqlite: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite Database only, for what is SQLite's own (the driver-level fast paths)."""
    db = create_database(copy_migrated(migrated_sqlite, tmp_path / "sqlite-only.db"))
    try:
        yield db
    finally:
        await db.dispose()
