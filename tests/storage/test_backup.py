"""backup_sqlite: a readable copy of a live database, never over an existing file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import insert

from storage.engine import Database, backup_sqlite
from storage.tables import agencies
from tests.storage.helpers import T0


def names_in(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [row[0] for row in conn.execute("SELECT name FROM agencies ORDER BY id")]
    finally:
        conn.close()


def copy_facts(path: Path) -> tuple[str, str, bool]:
    """Journal mode and integrity of a copy, and whether it left a -wal file beside it."""
    conn = sqlite3.connect(path)
    try:
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return mode, integrity, Path(f"{path}-wal").exists()


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


async def test_backup_of_a_live_database_is_readable(sqlite_db: Database, tmp_path: Path) -> None:
    url = sqlite_db.url.render_as_string()
    async with sqlite_db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    dest = tmp_path / "copy.db"
    async with sqlite_db.read():  # a reader holds a snapshot while the copy is taken
        await backup_sqlite(url, dest)
    assert names_in(dest) == ["بهزیستی"]
    assert copy_facts(dest) == ("delete", "ok", False)  # one self-contained file

    by_path = tmp_path / "by-path.db"
    assert sqlite_db.url.database is not None
    await backup_sqlite(Path(sqlite_db.url.database), by_path)
    assert names_in(by_path) == ["بهزیستی"]


async def test_backup_refuses_to_overwrite(sqlite_db: Database, tmp_path: Path) -> None:
    dest = tmp_path / "exists.db"
    dest.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        await backup_sqlite(sqlite_db.url.render_as_string(), dest)
    assert dest.read_bytes() == b"keep me"


async def test_backup_needs_a_sqlite_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="SQLite"):
        await backup_sqlite("postgresql+asyncpg://postgres@127.0.0.1/test", tmp_path / "a.db")
    with pytest.raises(ValueError, match="memory"):
        await backup_sqlite("sqlite+aiosqlite:///:memory:", tmp_path / "b.db")
    with pytest.raises(FileNotFoundError):
        await backup_sqlite(tmp_path / "missing.db", tmp_path / "c.db")
    assert files_in(tmp_path) == []  # nothing half-written is left behind
