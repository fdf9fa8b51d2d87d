"""Alembic, run from code: no alembic.ini on disk; the scripts are found next to this module."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.engine import Database, create_database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Serialises concurrent upgrades on PostgreSQL (SQLite has BEGIN IMMEDIATE); any fixed number. Both take
# effect before Alembic runs, which also matters because Alembic's context is process-global.
_PG_LOCK_ID = 0x7065_7967_6972


def alembic_config(connection: Connection | None = None) -> Config:
    """An in-memory Alembic config; ``connection`` is handed to env.py, which then runs on it."""
    config = Config()
    # ConfigParser interpolation treats "%" specially.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The revision the code expects the database to be at."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def _upgrade(connection: Connection, revision: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _PG_LOCK_ID})
    command.upgrade(alembic_config(connection), revision)


def _downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade(target: str | Database, revision: str = "head") -> None:
    """Bring the database at ``target`` (a URL or an open Database) to ``revision``, in one transaction.

    Safe to run at every start: at head it does nothing.
    """
    db = create_database(target) if isinstance(target, str) else target
    try:
        async with db.transaction() as conn:
            await conn.run_sync(_upgrade, revision)
    finally:
        if isinstance(target, str):
            await db.dispose()


async def downgrade(target: str | Database, revision: str) -> None:
    """Step the schema back to ``revision`` ("base" removes every table); for development and tests."""
    db = create_database(target) if isinstance(target, str) else target
    try:
        async with db.transaction() as conn:
            await conn.run_sync(_downgrade, revision)
    finally:
        if isinstance(target, str):
            await db.dispose()


async def current_revision(target: str | Database) -> str | None:
    """The revision the database is at, or None when it has never been migrated."""
    db = create_database(target) if isinstance(target, str) else target
    try:
        async with db.read() as conn:
            return await conn.run_sync(_current)
    finally:
        if isinstance(target, str):
            await db.dispose()
