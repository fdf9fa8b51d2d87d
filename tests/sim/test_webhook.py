"""The simulator's webhooks: set, shown, deleted; each update POSTed until the bot answers 2xx."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from simulator import Simulator, SimulatorClient
from simulator.webhook import SECRET_HEADER, WEBHOOK_ACTIVE
from tests.processes import until
from tests.sim.conftest import ALI, SARA, Api

SECRET = "s3cret_token-ABCDEFGHIJKLMNOP"


@dataclass
class Receiver:
    """A local HTTP endpoint standing in for the bot: answers each POST with the next status given."""

    statuses: list[int] = field(default_factory=list)
    received: list[tuple[int, str | None]] = field(default_factory=list)  # (update_id, secret header)
    url: str = ""

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.received.append((int(body["update_id"]), request.headers.get(SECRET_HEADER)))
        status = self.statuses.pop(0) if self.statuses else 200
        return web.Response(status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    endpoint = Receiver()
    app = web.Application()
    app.router.add_post("/hook/path", endpoint.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    endpoint.url = f"http://127.0.0.1:{port}/hook/path"
    yield endpoint
    await runner.cleanup()


async def test_set_info_and_delete(api: Api) -> None:
    assert (await api("getWebhookInfo"))[1]["result"]["url"] == ""
    status, body = await api("setWebhook", url="https://bot.example.ir/peygir/x", secret_token=SECRET)
    assert (status, body["result"]) == (200, True)
    info = (await api("getWebhookInfo"))[1]["result"]
    assert (info["url"], info["pending_update_count"], info["max_connections"]) == (
        "https://bot.example.ir/peygir/x",
        0,
        40,
    )
    assert (await api("deleteWebhook"))[1]["result"] is True
    assert (await api("getWebhookInfo"))[1]["result"]["url"] == ""


@pytest.mark.parametrize(
    "params",
    [
        {"url": "ftp://x"},
        {"url": "https://x", "secret_token": "bad secret!"},
        {"url": "https://x", "max_connections": 0},
    ],
)
async def test_a_bad_webhook_is_refused(api: Api, params: dict[str, object]) -> None:
    status, body = await api("setWebhook", **params)
    assert (status, body["ok"]) == (400, False)


async def test_getupdates_is_refused_while_a_webhook_is_set(api: Api) -> None:
    await api("setWebhook", url="https://bot.example.ir/peygir/x")
    status, body = await api("getUpdates")
    assert (status, body["description"]) == (409, WEBHOOK_ACTIVE)
    await api("deleteWebhook")
    assert (await api("getUpdates"))[0] == 200


async def test_a_long_poll_waiting_ends_when_a_webhook_is_set(api: Api) -> None:
    poll = asyncio.create_task(api("getUpdates", timeout=10))
    await asyncio.sleep(0.1)
    await api("setWebhook", url="https://bot.example.ir/peygir/x")
    status, body = await asyncio.wait_for(poll, 2)
    assert (status, body["description"]) == (409, WEBHOOK_ACTIVE)


async def test_updates_are_posted_with_the_secret_and_redelivered_until_2xx(
    api: Api, client: SimulatorClient, receiver: Receiver, sim: Simulator
) -> None:
    receiver.statuses = [500, 503]  # the first two deliveries fail
    await api("setWebhook", url=receiver.url, secret_token=SECRET, max_connections=1)
    first = await client.send_message(ALI, "/start")
    second = await client.send_message(SARA, "سلام")
    await until(lambda: sim.world.stats["webhook_delivered"] == 2, 5)
    ids = [update_id for update_id, _ in receiver.received]
    # One at a time: each failed once (the first two answers), waited, and was delivered again.
    assert ids == [first.update_id, second.update_id, first.update_id, second.update_id]
    assert {secret for _, secret in receiver.received} == {SECRET}
    info = (await api("getWebhookInfo"))[1]["result"]
    assert info["pending_update_count"] == 0 and "503" in info["last_error_message"]
    assert sim.world.stats["webhook_failed"] == 2


@pytest.mark.parametrize("mode", ["bale"], indirect=True)
async def test_bale_sends_no_secret_header(api: Api, client: SimulatorClient, receiver: Receiver) -> None:
    await api("setWebhook", url=receiver.url, secret_token=SECRET)
    await client.send_message(ALI, "/start")
    await until(lambda: len(receiver.received) == 1, 5)
    assert receiver.received[0][1] is None


async def test_an_update_waits_while_nobody_listens(
    api: Api, client: SimulatorClient, sim: Simulator
) -> None:
    """A refused connection is a failed delivery too; the update stays pending, not lost."""
    await api("setWebhook", url="http://127.0.0.1:9/hook", max_connections=1)
    await client.send_message(ALI, "/start")
    await until(lambda: sim.world.stats["webhook_failed"] >= 2, 5)
    info = (await api("getWebhookInfo"))[1]["result"]
    assert info["pending_update_count"] == 1 and info["last_error_message"].startswith("Connection failed")
