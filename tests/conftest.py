"""Fixtures shared by the service, CLI and demo tests (storage tests have their own in tests/storage)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.config import Settings, load_settings
from storage.engine import Database, create_database
from storage.migrate import upgrade

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


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    await upgrade(db_url)
    database = create_database(db_url)
    try:
        yield database
    finally:
        await database.dispose()
