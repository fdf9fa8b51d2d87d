"""Storage fixtures; `empty_db` and `db` (both backends) come from tests/conftest.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage.engine import Database, create_database
from storage.migrate import upgrade
from tests.storage.helpers import sqlite_url


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[Database]:
    """A migrated SQLite Database, for what only SQLite has (pragmas, the writer lock, backups)."""
    db = create_database(sqlite_url(tmp_path))
    await upgrade(db)
    try:
        yield db
    finally:
        await db.dispose()
