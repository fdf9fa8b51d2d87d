"""A database of its own for a load test or a benchmark, thrown away afterwards (not used by the product).

Given a PostgreSQL server's URL (any database on it), a new database ``peygir_scratch_<random>`` is
created there and dropped at the end (the bot processes of a test or a benchmark connect to it by URL, so
a schema of their own would not do); given a SQLite URL or nothing, a file in a temporary folder.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool


@asynccontextmanager
async def scratch_database(server_url: str | None = None) -> AsyncIterator[str]:
    """The URL of an empty database (not migrated) that is gone when the block ends."""
    if server_url is None or make_url(server_url).get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory(prefix="peygir-scratch-") as folder:
            yield f"sqlite+aiosqlite:///{Path(folder) / 'scratch.db'}"
        return
    name = f"peygir_scratch_{secrets.token_hex(4)}"
    admin = create_async_engine(server_url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            async with admin.connect() as conn:
                await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()
