"""Fixtures for testing the simulator on its own: a started simulator, a client, a raw Bot API caller."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import aiohttp
import pytest
from telegram import Bot

from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser

ALI = SimUser(2001, "علی", "ali")
SARA = SimUser(2002, "سارا")


class FakeMonotonic:
    """A clock for the rate limits that moves only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def monotonic() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture(params=["telegram"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def sim(monotonic: FakeMonotonic, mode: str) -> AsyncIterator[Simulator]:
    async with Simulator(mode=mode, monotonic=monotonic) as simulator:  # type: ignore[arg-type]
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[SimulatorClient]:
    async with SimulatorClient(sim.base_url) as simulator_client:
        yield simulator_client


@pytest.fixture
async def bot(sim: Simulator) -> AsyncIterator[Bot]:
    """A real python-telegram-bot Bot talking to the simulator."""
    async with Bot(
        SIMULATOR_TOKEN, base_url=sim.bot_api_base_url, base_file_url=sim.bot_api_file_url
    ) as ptb_bot:
        yield ptb_bot


Api = Callable[..., Coroutine[Any, Any, tuple[int, dict[str, Any]]]]


@pytest.fixture
async def api(sim: Simulator) -> AsyncIterator[Api]:
    """Call a Bot API method over plain HTTP: (status, body)."""
    async with aiohttp.ClientSession() as session:

        async def call(
            method: str, token: str = SIMULATOR_TOKEN, **params: Any
        ) -> tuple[int, dict[str, Any]]:
            async with session.post(f"{sim.base_url}/bot{token}/{method}", json=params) as response:
                return response.status, await response.json(content_type=None)

        yield call
