"""Webhooks: ``setWebhook``, ``getWebhookInfo``, ``deleteWebhook``, and the delivery of updates by POST.

While a webhook is set, every pending update is POSTed to its URL as JSON, with the header
``X-Telegram-Bot-Api-Secret-Token`` in Telegram mode when a secret token was given (Bale has none). An
update is forgotten only when the bot answers 2xx; otherwise (an error status, a refused connection, no
answer within ``DELIVERY_TIMEOUT``) it is delivered again after a pause that grows from ``FIRST_RETRY``
to ``MAX_RETRY``, as Telegram does, so that a bot instance killed mid-update leaves the update to
another. Up to ``max_connections`` deliveries are in flight at once; ``getUpdates`` is refused (409)
while a webhook is set.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from simulator.world import JSON, ApiError, World, _int, bad_request

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
WEBHOOK_ACTIVE = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)
DELIVERY_TIMEOUT = 10.0
FIRST_RETRY = 0.2
MAX_RETRY = 2.0
DEFAULT_CONNECTIONS = 40
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass
class Webhook:
    url: str
    secret_token: str | None
    max_connections: int
    allowed_updates: list[str] | None
    last_error_date: int | None = None
    last_error_message: str | None = None
    in_flight: set[int] = field(default_factory=set)
    #: update_id → (failed attempts, monotonic time before which it is not tried again)
    retries: dict[int, tuple[int, float]] = field(default_factory=dict)


def webhook_of(world: World) -> Webhook | None:
    return world.webhook if isinstance(world.webhook, Webhook) else None


async def set_webhook(world: World, params: JSON, uploads: Any) -> bool:
    url = str(params.get("url") or "")
    if not url:
        return await delete_webhook(world, params, uploads)
    if not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.get("secret_token")
    if world.mode == "bale":
        secret = None  # Bale documents no secret token: nothing proves a delivery is Bale's but the path
    elif secret is not None and not _SECRET.fullmatch(str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    connections = _int(params.get("max_connections", DEFAULT_CONNECTIONS))
    if not 1 <= connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    allowed = params.get("allowed_updates")
    if params.get("drop_pending_updates") in (True, "true", "True"):
        world.updates = []
    world.webhook = Webhook(
        url=url,
        secret_token=str(secret) if secret else None,
        max_connections=connections,
        allowed_updates=list(allowed) if isinstance(allowed, list) else None,
    )
    await world.notify()  # a long poll still waiting ends with 409
    return True


async def delete_webhook(world: World, params: JSON, uploads: Any) -> bool:
    world.webhook = None
    if params.get("drop_pending_updates") in (True, "true", "True"):
        world.updates = []
    await world.notify()
    return True


async def get_webhook_info(world: World, params: JSON, uploads: Any) -> JSON:
    hook = webhook_of(world)
    info: JSON = {"url": "", "has_custom_certificate": False, "pending_update_count": len(world.updates)}
    if hook is not None:
        info.update(url=hook.url, max_connections=hook.max_connections)
        if hook.allowed_updates is not None:
            info["allowed_updates"] = hook.allowed_updates
        if hook.last_error_date is not None:
            info.update(last_error_date=hook.last_error_date, last_error_message=hook.last_error_message)
    return info


def refuse_polling(world: World) -> None:
    """getUpdates while a webhook is set: 409, as on Telegram."""
    if webhook_of(world) is not None:
        world.stats["conflicts"] += 1
        raise ApiError(409, WEBHOOK_ACTIVE)


class Delivery:
    """The task that POSTs pending updates to the webhook while one is set."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self) -> None:
        world = self.world
        timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            try:
                while not world.closing:
                    started = self._start_ready(session)
                    if not started:
                        async with world.changed:
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(world.changed.wait(), 0.05)
            finally:
                for task in self._tasks:
                    task.cancel()
                await asyncio.gather(*self._tasks, return_exceptions=True)

    def _start_ready(self, session: aiohttp.ClientSession) -> int:
        hook = webhook_of(self.world)
        if hook is None:
            return 0
        now = time.monotonic()
        started = 0
        for update in list(self.world.updates):
            if len(hook.in_flight) >= hook.max_connections:
                break
            update_id = int(update["update_id"])
            if update_id in hook.in_flight or hook.retries.get(update_id, (0, 0.0))[1] > now:
                continue
            hook.in_flight.add(update_id)
            task = asyncio.create_task(self._deliver(session, hook, update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            started += 1
        return started

    async def _deliver(self, session: aiohttp.ClientSession, hook: Webhook, update: JSON) -> None:
        world = self.world
        update_id = int(update["update_id"])
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        error: str | None = None
        try:
            async with session.post(hook.url, json=update, headers=headers) as response:
                await response.read()
                if not 200 <= response.status < 300:
                    error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            error = f"Connection failed: {type(exc).__name__}"
        finally:
            hook.in_flight.discard(update_id)
        if error is None:
            world.updates = [u for u in world.updates if u["update_id"] != update_id]
            hook.retries.pop(update_id, None)
            world.stats["webhook_delivered"] += 1
        else:
            attempts = hook.retries.get(update_id, (0, 0.0))[0] + 1
            pause = min(FIRST_RETRY * 2 ** (attempts - 1), MAX_RETRY)
            hook.retries[update_id] = (attempts, time.monotonic() + pause)
            hook.last_error_date, hook.last_error_message = int(time.time()), error
            world.stats["webhook_failed"] += 1
        await world.notify()
