"""The bot receiving by webhook from the simulator: answers, strangers refused, a failed store delivered
again and handled once."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

import aiohttp
import pytest

from bot.cli.scripted import Sandbox, bot_on_simulator
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.runtime import runtime_of
from bot.webhook_server import SECRET_HEADER
from storage.engine import Database
from storage.repositories.inbox import Incoming
from tests.e2e.conftest import SECRETARIAT


@pytest.fixture
async def hooked(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> AsyncIterator[Sandbox]:
    async with bot_on_simulator(
        settings,
        tracker_db,
        clock,
        platform=platform,
        admin_ids=(SECRETARIAT.user.id,),
        limits=False,
        warm=False,
        webhook=True,
    ) as box:
        yield box


def _local(box: Sandbox, path: str) -> str:
    return f"http://127.0.0.1:{box.settings.webhook_port}{path}"


async def test_updates_come_by_webhook_and_are_answered(hooked: Sandbox) -> None:
    sent = await hooked.client.send_message(SECRETARIAT.user, "/whoami")
    answers = await hooked.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id)
    assert "دبیرخانه" in answers[0].text
    stats = await hooked.client.stats()
    assert stats["webhook_delivered"] >= 1 and stats["requests"].get("getUpdates", 0) == 0
    info = await hooked.app.bot.get_webhook_info()
    assert info.url == _local(hooked, hooked.settings.webhook_route())


async def test_only_the_secret_path_with_the_secret_header_is_served(hooked: Sandbox, platform: str) -> None:
    update = {
        "update_id": 999_999,
        "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}},
    }
    route = hooked.settings.webhook_route()
    assert hooked.settings.webhook_secret is not None
    secret = hooked.settings.webhook_secret.get_secret_value()
    async with aiohttp.ClientSession() as session:

        async def post(path: str, headers: dict[str, str], body: object = update) -> int:
            async with session.post(_local(hooked, path), json=body, headers=headers) as response:
                return response.status

        assert await post(f"{hooked.settings.webhook_path}/{'x' * 32}", {SECRET_HEADER: secret}) == 404
        assert await post("/", {SECRET_HEADER: secret}) == 404
        assert await post(hooked.settings.webhook_path, {SECRET_HEADER: secret}) == 404
        # Telegram sends the secret token back in a header: without it the right path is refused too.
        # Bale has none: the path is the secret there.
        without = await post(route, {}, body=["no update"])
        assert without == (403 if platform == "telegram" else 400)
        assert await post(route, {SECRET_HEADER: "wrong" * 5}, body=["no update"]) == (
            403 if platform == "telegram" else 400
        )
        assert await post(route, {SECRET_HEADER: secret}, body={"not": "an update"}) == 400


async def test_an_update_the_database_could_not_store_comes_again_and_is_handled_once(
    hooked: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox = runtime_of(hooked.app).inbox
    real_store = inbox.store
    failures = [ConnectionError("the database went away")]

    async def store(updates: Sequence[Incoming]) -> int:
        if failures:
            raise failures.pop()
        return await real_store(updates)

    monkeypatch.setattr(inbox, "store", store)
    sent = await hooked.client.send_message(SECRETARIAT.user, "/whoami")
    answers = await hooked.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id)
    assert "دبیرخانه" in answers[0].text
    stats = await hooked.client.stats()
    assert (stats["webhook_failed"], stats["webhook_delivered"]) == (1, 1)
    later = await hooked.client.messages(SECRETARIAT.user.id, after=sent.message_id, wait=0.3)
    assert len([m for m in later if m.from_bot]) == 1  # answered once


async def test_health_and_metrics_on_the_webhook_s_port(hooked: Sandbox) -> None:
    sent = await hooked.client.send_message(SECRETARIAT.user, "/whoami")
    await hooked.client.wait_for_bot_messages(SECRETARIAT.user.id, after=sent.message_id)
    async with aiohttp.ClientSession() as session:
        async with session.get(_local(hooked, "/healthz")) as response:
            health = await response.json()
            assert response.status == 200
        async with session.get(_local(hooked, "/metrics")) as response:
            page = await response.text()
            assert response.status == 200 and response.content_type == "text/plain"
    assert health["ok"] is True and health["database"] is True and health["sender"] is True
    assert 'peygir_updates_total{kind="message",outcome="done"}' in page
    assert "peygir_sender 1.0" in page and "peygir_outbox_unsent" in page
