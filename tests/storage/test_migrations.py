"""Migrations: upgrade from empty, idempotence, and migrated schema == storage.tables."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import CheckConstraint, MetaData, insert, inspect, select, text, update
from sqlalchemy.engine import Connection

from storage.engine import Database
from storage.migrate import alembic_config, current_revision, downgrade, head_revision, upgrade
from storage.tables import agencies, assignments, audit_log, metadata
from tests.storage.helpers import T0, assignment, sqlite_url

HEAD = "0009"  # the latest migration


def schema_diff(conn: Connection, target: MetaData) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
    return list(compare_metadata(context, target))


def check_constraint_names(conn: Connection) -> dict[str, set[str]]:
    inspector = inspect(conn)
    return {
        table: {ck["name"] for ck in inspector.get_check_constraints(table) if ck["name"]}
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def table_names(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names())


@pytest.fixture
async def db(empty_db: Database) -> Database:
    """Migrated for real, step by step (tests/conftest.py's `db` takes a shortcut these tests check)."""
    await upgrade(empty_db)
    return empty_db


async def test_upgrade_from_empty_creates_every_table(empty_db: Database) -> None:
    assert await current_revision(empty_db) is None
    await upgrade(empty_db)
    assert await current_revision(empty_db) == head_revision() == HEAD
    async with empty_db.read() as conn:
        assert await conn.run_sync(table_names) == set(metadata.tables) | {"alembic_version"}


async def test_upgrade_twice_changes_nothing(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute(insert(agencies).values(name="بهزیستی", created_at=T0))
    await upgrade(db)
    assert await current_revision(db) == HEAD
    async with db.read() as conn:
        assert (await conn.scalars(select(agencies.c.name))).all() == ["بهزیستی"]


async def test_migrated_schema_equals_metadata(db: Database) -> None:
    async with db.read() as conn:
        assert await conn.run_sync(schema_diff, metadata) == []
        # Alembic does not compare CHECK constraints; compare them by name.
        reflected = await conn.run_sync(check_constraint_names)
    declared = {
        table.name: {str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in metadata.tables.values()
    }
    assert reflected == declared
    assert sum(len(names) for names in declared.values()) > 10


async def test_schema_comparison_notices_a_difference(db: Database) -> None:
    """The comparison above can fail: a metadata that differs from the migration is reported."""
    changed = MetaData(naming_convention=metadata.naming_convention)
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["members"].c.username.nullable = False
    changed.tables["outbox"].c.state.server_default = None
    async with db.read() as conn:
        diffs = await conn.run_sync(schema_diff, changed)
    assert {d[0] if isinstance(d, tuple) else d[0][0] for d in diffs} == {"modify_nullable", "modify_default"}


async def test_downgrade_to_base_and_back(db: Database) -> None:
    await downgrade(db, "base")
    assert await current_revision(db) is None
    async with db.read() as conn:
        assert await conn.run_sync(table_names) == {"alembic_version"}
    await upgrade(db)
    assert await current_revision(db) == HEAD


async def test_upgrade_by_url_from_another_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    url = sqlite_url(tmp_path)
    await upgrade(url)
    await upgrade(url)
    assert await current_revision(url) == HEAD


async def test_env_runs_from_a_configured_url_and_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The alembic command line path: env.py opens the URL itself (no connection handed over)."""
    url = sqlite_url(tmp_path)
    config = alembic_config()
    config.set_main_option("sqlalchemy.url", url)
    await asyncio.to_thread(command.upgrade, config, "head")
    assert await current_revision(url) == HEAD

    offline = alembic_config()
    offline.set_main_option("sqlalchemy.url", "postgresql+asyncpg://nobody@localhost/none")
    command.upgrade(offline, "head", sql=True)
    script = capsys.readouterr().out
    assert "CREATE TABLE assignments" in script
    assert "JSONB" in script


async def test_concurrent_upgrades_from_empty_both_succeed(empty_db: Database) -> None:
    """Two upgrades at once (say, two processes starting) are serialised; one revision row is left."""
    async with asyncio.timeout(10):
        await asyncio.gather(upgrade(empty_db), upgrade(empty_db))
    async with empty_db.read() as conn:
        assert (await conn.scalars(text("SELECT version_num FROM alembic_version"))).all() == [HEAD]


async def test_done_on_is_filled_from_the_audit_log_in_the_councils_zone(db: Database) -> None:
    # Reported done at 21:00 UTC on 1401/10/05, which is already 00:30 on 10/06 in Tehran.
    reported = datetime(2022, 12, 26, 21, 0, tzinfo=UTC)
    async with db.transaction() as conn:
        done = await assignment(conn, "بهزیستی", number=1)
        still_open = await assignment(conn, "شهرداری", number=2)
        await conn.execute(update(assignments).where(assignments.c.id == done.id).values(status="verified"))
        for row in (done, still_open):  # an open one keeps no day even with an old "done" in its history
            await conn.execute(
                insert(audit_log).values(
                    at=reported,
                    actor="test",
                    action="assignment.done_reported",
                    entity="assignment",
                    entity_id=row.id,
                )
            )
    await downgrade(db, "0004")
    await upgrade(db)
    async with db.read() as conn:
        result = await conn.execute(select(assignments.c.id, assignments.c.done_on))
        days = {row.id: row.done_on for row in result}
    assert days == {done.id: date(2022, 12, 27), still_open.id: None}
