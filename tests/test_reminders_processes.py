"""Two bot processes sharing one database never send the same reminder twice: two `peygir reminders sweep`
processes race over 3,000 due assignments (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: serialised
writers), and every reminder is queued by exactly one of them."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.services import reminders
from bot.services.reminders import ReminderService
from storage.bulk_seed import SeedPlan, seed
from storage.engine import create_database
from storage.migrate import upgrade
from storage.tables import assignments, outbox
from tests.chaos.procs import database_url as empty_database

TEHRAN = ZoneInfo("Asia/Tehran")
DUE = 3000
AT = "1405/09/10 09:30"  # a Tuesday; every assignment is due that day

# Two `peygir` processes, 3,000 assignments.
pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    # Separate processes cannot share a test schema through the URL: a database of its own.
    async with empty_database(request.param, tmp_path) as url:
        yield url


async def sweep_process(url: str, folder: Path) -> list[dict[str, object]]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "reminders",
        "sweep",
        "--at",
        AT,
        "--json",
        cwd=folder,
        env={"PATH": os.environ.get("PATH", ""), "PEYGIR_DATABASE_URL": url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    result = json.loads(out)
    assert isinstance(result, list)
    return result


async def test_two_processes_never_queue_the_same_reminder(database_url: str, tmp_path: Path) -> None:
    await upgrade(database_url)
    db = create_database(database_url)
    due_on = jalali_date(1405, 9, 10)
    created = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
    try:
        async with db.transaction() as conn:
            await seed(
                conn,
                SeedPlan(
                    agencies=30,
                    assignments=DUE,
                    meeting_number=50,
                    held_on=due_on - timedelta(days=14),
                    due_on=due_on,
                    created_at=created,
                    next_reminder_at=None,
                    due_count=DUE,
                    due_reminder_at=created + timedelta(days=1),
                ),
            )
        first, second = await asyncio.gather(
            sweep_process(database_url, tmp_path), sweep_process(database_url, tmp_path)
        )
        async with db.read() as conn:
            queued = (
                await conn.execute(
                    select(func.count()).select_from(outbox).where(outbox.c.kind == "reminder")
                )
            ).scalar_one()
    finally:
        await db.dispose()
    # One representative per agency: one reminder per assignment, each planned by exactly one process.
    assert queued == DUE
    assert len(first) + len(second) == DUE
    assert {entry["kind"] for entry in first + second} == {"due_today"}


@pytest.mark.postgres
async def test_a_sweep_takes_the_rows_another_holds_not(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first due rows are locked by another sweep: this one skips them and still takes every other
    due row, in full batches (the ids are chosen after locked rows are skipped, not before)."""
    monkeypatch.setattr(reminders, "BATCH", 4)
    async with empty_database("postgresql", tmp_path) as url:
        await upgrade(url)
        db, other = create_database(url), create_database(url)
        due_on = jalali_date(1405, 9, 10)
        created = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
        try:
            async with db.transaction() as conn:
                plan = SeedPlan(5, 12, 50, due_on - timedelta(days=14), due_on, created, None, 12, created)
                await seed(conn, plan)
            now = datetime.combine(due_on, time(9, 30), TEHRAN)
            service = ReminderService.from_settings(db, FixedClock(now), settings)
            async with other.transaction() as held:  # the other sweep's first batch, still in hand
                await held.execute(
                    select(assignments.c.id).order_by(assignments.c.id).limit(4).with_for_update()
                )
                planned = await service.sweep(now)
        finally:
            await db.dispose()
            await other.dispose()
    assert len(planned) == 12 - 4
