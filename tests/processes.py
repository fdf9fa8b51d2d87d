"""Helpers of the tests that run `peygir run` as a process of its own: its environment against the
simulator, and waiting for a condition the process brings about."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable

from simulator import SIMULATOR_TOKEN, Simulator


def bot_environment(
    simulator: Simulator, platform: str, database_url: str, **settings: str
) -> dict[str, str]:
    """The environment of `peygir run` against `simulator`: the token, the platform, the Bot API's
    addresses, the database, and `settings` (full ``PEYGIR_`` names); nothing else of this process's."""
    return {
        "PATH": os.environ.get("PATH", ""),
        "PEYGIR_BOT_TOKEN": SIMULATOR_TOKEN,
        "PEYGIR_PLATFORM": platform,
        "PEYGIR_BOT_API_BASE_URL": simulator.bot_api_base_url,
        "PEYGIR_BOT_API_FILE_URL": simulator.bot_api_file_url,
        "PEYGIR_DATABASE_URL": database_url,
        **settings,
    }


async def until(condition: Callable[[], bool], seconds: float, what: str = "the condition") -> None:
    """Return once `condition()` holds; AssertionError naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {seconds} s: {what}")
        await asyncio.sleep(0.02)
