"""Shared fixtures. `db` is a migrated database on SQLite and, when PEYGIR_TEST_POSTGRES_URL is set, on
PostgreSQL too (each test in its own schema); without a server the PostgreSQL case skips saying why."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from bot.config import Settings, load_settings
from bot.domain.clock import FixedClock
from storage.engine import Database, create_database
from storage.migrate import upgrade

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
async def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A Database with no tables. On PostgreSQL each test gets its own schema, dropped afterwards."""
    if request.param == "sqlite":
        db = create_database(f"sqlite+aiosqlite:///{tmp_path / 'peygir.db'}")
        try:
            yield db
        finally:
            await db.dispose()
        return

    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(SKIP_POSTGRES)
    # The name carries its creation time so that schemas left by a killed run can be reaped later
    # without touching those of a run going on in parallel.
    schema = f"{SCHEMA_PREFIX}{int(time.time())}_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await drop_stale_schemas(conn)
        await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    db = create_database(url, connect_args={"server_settings": {"search_path": schema}})
    try:
        yield db
    finally:
        await db.dispose()
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()


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


@pytest.fixture
async def db(empty_db: Database, migrated_sqlite: Path, tmp_path: Path) -> Database:
    """A migrated Database on each backend."""
    if empty_db.is_sqlite:
        # empty_db has not connected yet: the file it will open is the migrated copy.
        copy_migrated(migrated_sqlite, tmp_path / "peygir.db")
    else:
        await upgrade(empty_db)
    return empty_db


@pytest.fixture
async def sqlite_db(migrated_sqlite: Path, tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite Database only, for what is SQLite's own (the driver-level fast paths)."""
    db = create_database(copy_migrated(migrated_sqlite, tmp_path / "sqlite-only.db"))
    try:
        yield db
    finally:
        await db.dispose()
