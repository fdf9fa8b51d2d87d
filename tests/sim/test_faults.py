"""Injected faults, each as a client sees it."""

from __future__ import annotations

import aiohttp
import pytest
from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient
from tests.sim.conftest import ALI, Api


@pytest.mark.parametrize(("kind", "status"), [("5xx", 500), ("429", 429), ("440", 440)])
async def test_answered_faults(client: SimulatorClient, api: Api, kind: str, status: int) -> None:
    await client.send_message(ALI, "سلام")
    await client.set_faults(1.0, [kind], methods=["sendMessage"], seed=1)
    answer_status, body = await api("sendMessage", chat_id=ALI.id, text="x")
    assert answer_status == status
    if kind == "429":
        assert body["parameters"]["retry_after"] == 1
    assert await client.messages(ALI.id, after=1) == []  # the call did not happen
    assert (await client.stats())["faults"] == {kind: 1}
    assert (await api("getMe"))[0] == 200  # other methods are untouched


async def test_a_dropped_connection(sim: Simulator, client: SimulatorClient) -> None:
    await client.set_faults(1.0, ["drop"], methods=["getMe"])
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.ClientError):
            async with session.get(f"{sim.base_url}/bot{SIMULATOR_TOKEN}/getMe") as response:
                await response.read()


async def test_timeout_and_slow(sim: Simulator, client: SimulatorClient) -> None:
    await client.send_message(ALI, "سلام")
    bot = Bot(
        SIMULATOR_TOKEN,
        base_url=sim.bot_api_base_url,
        request=HTTPXRequest(read_timeout=0.3),
    )
    async with bot:
        await client.set_faults(1.0, ["timeout"], methods=["sendMessage"], delay_seconds=0.6)
        with pytest.raises((TimedOut, NetworkError)):
            await bot.send_message(ALI.id, "lost")
        await client.set_faults(1.0, ["slow"], methods=["sendMessage"], delay_seconds=0.6)
        with pytest.raises((TimedOut, NetworkError)):
            await bot.send_message(ALI.id, "delivered late")
    texts = [m.text for m in await client.messages(ALI.id) if m.from_bot]
    # A timeout never reached Telegram; a slow answer did (the client cannot tell them apart).
    assert texts == ["delivered late"]


async def test_faults_at_a_rate_are_seeded(client: SimulatorClient, api: Api) -> None:
    await client.set_faults(0.3, ["5xx"], methods=["getMe"], seed=7)
    first = [(await api("getMe"))[0] for _ in range(40)]
    await client.set_faults(0.3, ["5xx"], methods=["getMe"], seed=7)
    second = [(await api("getMe"))[0] for _ in range(40)]
    assert first == second and 0 < first.count(500) < 40
    await client.set_faults(0)
    assert [(await api("getMe"))[0] for _ in range(10)] == [200] * 10
