"""One poller at a time: a getUpdates arriving while another one still waits ends the waiting one with 409
Conflict, as Telegram does when a second bot instance polls the same token."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Bot
from telegram.error import Conflict

from simulator import SimulatorClient
from simulator.world import CONFLICT
from tests.sim.conftest import ALI, Api


async def test_a_second_poller_ends_the_waiting_one(client: SimulatorClient, api: Api) -> None:
    waiting = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.2)  # the first long poll is waiting now
    status, body = await api("getUpdates", timeout=0)
    assert (status, body) == (200, {"ok": True, "result": []})
    first_status, first_body = await asyncio.wait_for(waiting, 2)  # answered at once, not after 5 s
    assert first_status == 409
    assert first_body == {"ok": False, "error_code": 409, "description": CONFLICT}
    assert (await client.stats())["conflicts"] == 1


async def test_the_newer_poll_gets_the_updates(client: SimulatorClient, api: Api) -> None:
    older = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    newer = asyncio.create_task(api("getUpdates", timeout=5))
    await asyncio.sleep(0.2)
    await client.send_message(ALI, "سلام")
    assert (await older)[0] == 409
    status, body = await newer
    assert status == 200 and [u["message"]["text"] for u in body["result"]] == ["سلام"]


async def test_polls_one_after_another_never_conflict(client: SimulatorClient, api: Api) -> None:
    await client.send_message(ALI, "یک")
    first = (await api("getUpdates", timeout=1))[1]["result"]
    offset = first[-1]["update_id"] + 1
    assert (await api("getUpdates", offset=offset, timeout=0.3)) == (200, {"ok": True, "result": []})
    assert (await api("getUpdates", offset=offset, timeout=0))[0] == 200
    assert (await client.stats())["conflicts"] == 0


async def test_python_telegram_bot_sees_a_conflict(bot: Bot, api: Api) -> None:
    waiting = asyncio.create_task(bot.get_updates(timeout=5, read_timeout=10))
    await asyncio.sleep(0.2)
    await api("getUpdates", timeout=0)
    with pytest.raises(Conflict, match="terminated by other getUpdates request"):
        await waiting


@pytest.mark.parametrize("mode", ["bale"], indirect=True)
async def test_nothing_waits_on_bale_so_nothing_conflicts(client: SimulatorClient, api: Api) -> None:
    answers = await asyncio.gather(*(api("getUpdates", timeout=5) for _ in range(3)))
    assert [status for status, _ in answers] == [200, 200, 200]
    assert (await client.stats())["conflicts"] == 0
