"""Shared helpers of the minutes importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.workdays import WorkCalendar

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "minutes"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "minutes"


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar(weekend=(4,))


def seed_path(prefix: str) -> Path:
    """A seed minutes file from ../shared/minutes, or skip saying why."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/minutes not present (seed minutes live outside the repo)")
    matches = sorted(SEEDS.glob(f"{prefix}_*"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in ../shared/minutes")
    return matches[0]
