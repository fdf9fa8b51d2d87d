"""Storage fixtures: every test runs on SQLite and, when a server is configured, on PostgreSQL."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, create_async_engine
from sqlalchemy.pool import NullPool

from storage.engine import Database, create_database
from storage.migrate import upgrade
from tests.storage.helpers import sqlite_url

POSTGRES_ENV = "PEYGIR_TEST_POSTGRES_URL"
SKIP_POSTGRES = "PEYGIR_TEST_POSTGRES_URL not set: PostgreSQL storage tests need a server"
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


@pytest.fixture(params=["sqlite", "postgresql"])
async def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A Database with no tables. On PostgreSQL each test gets its own schema, dropped afterwards."""
    if request.param == "sqlite":
        db = create_database(sqlite_url(tmp_path))
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


@pytest.fixture
async def db(empty_db: Database) -> Database:
    """A migrated Database on each backend."""
    await upgrade(empty_db)
    return empty_db


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite Database, for what only SQLite has (pragmas, the writer lock, backups)."""
    db = create_database(sqlite_url(tmp_path))
    await upgrade(db)
    try:
        yield db
    finally:
        await db.dispose()
