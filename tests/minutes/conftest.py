"""Shared helpers of the minutes importer tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.workdays import WorkCalendar
from tests.conftest import SHARED_MINUTES as SEEDS
from tests.conftest import seed as seed_path

__all__ = ["FIXTURES", "SEEDS", "calendar", "seed_path"]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "minutes"


@pytest.fixture(scope="session")
def calendar() -> WorkCalendar:
    return WorkCalendar(weekend=(4,))
