"""Receiving by webhook (``peygir run --webhook``): the platform POSTs each update; it goes into the inbox
before the platform is told it arrived.

The server is aiohttp's (already the simulator's), not python-telegram-bot's: PTB's webhook handler
answers 200 once the update is in its in-memory queue, and an update must be in the database first. The
answer is 200 only after the inbox has stored the update; a failed store answers 503 and the platform
delivers the update again (any instance behind the proxy may take it; the inbox is keyed by
``update_id``, so a second delivery adds nothing).

Only ``POST <PEYGIR_WEBHOOK_PATH>/<PEYGIR_WEBHOOK_SECRET>`` is served: any other path is a 404, so the
secret in the path is what keeps strangers out on Bale, which has no secret token. On Telegram the
``X-Telegram-Bot-Api-Secret-Token`` header must carry the secret too (403 otherwise). Nothing is logged
with the path: it holds the secret.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Sequence

from aiohttp import web
from telegram import Bot, Update

from bot.config import Settings
from bot.platforms import PlatformProfile
from bot.receiver import incoming
from bot.services.inbox import InboxService

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
#: The largest update taken (an update is a few kilobytes; files come by getFile, not in the update).
MAX_UPDATE_BYTES = 1024 * 1024


class WebhookServer:
    def __init__(
        self,
        bot: Bot,
        inbox: InboxService,
        profile: PlatformProfile,
        settings: Settings,
        allowed_updates: Sequence[str],
        on_stored: Callable[[], None],
        extra_routes: Sequence[web.RouteDef] = (),
    ) -> None:
        if settings.webhook_url is None or settings.webhook_secret is None:
            raise ValueError("webhook mode needs PEYGIR_WEBHOOK_URL and PEYGIR_WEBHOOK_SECRET")
        self._bot = bot
        self._inbox = inbox
        self._profile = profile
        self._settings = settings
        self._secret = settings.webhook_secret.get_secret_value()
        self._allowed = list(allowed_updates)
        self._on_stored = on_stored
        self._extra_routes = list(extra_routes)  # /healthz and /metrics
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=MAX_UPDATE_BYTES)
        app.router.add_post(self._settings.webhook_route(), self._receive)
        app.add_routes(self._extra_routes)
        return app

    async def serve(self) -> None:
        """Listen and tell the platform where to post (unless started already), and serve until
        cancelled."""
        if self._runner is None:
            await self.start()
        try:
            await asyncio.Event().wait()
        finally:
            await self.stop()

    async def start(self) -> None:
        settings = self._settings
        self._runner = web.AppRunner(self.make_app(), access_log=None)  # the path holds the secret
        await self._runner.setup()
        site = web.TCPSite(self._runner, settings.webhook_listen, settings.webhook_port)
        try:
            await site.start()
        except BaseException:
            await self.stop()
            raise
        sockets = getattr(site._server, "sockets", None) or []
        self.port = int(sockets[0].getsockname()[1]) if sockets else settings.webhook_port
        try:
            await self._bot.set_webhook(
                url=f"{settings.webhook_url}{settings.webhook_route()}",
                secret_token=self._secret if self._profile.webhook_secret_header else None,
                allowed_updates=self._allowed,
            )
        except BaseException:
            await self.stop()  # not listening for a platform that was not told where to post
            raise
        logger.info(
            "webhook: listening on %s:%s, the platform posts to %s%s/…",
            settings.webhook_listen,
            self.port,
            settings.webhook_url,
            settings.webhook_path,
        )

    async def stop(self) -> None:
        # The webhook stays set: other instances behind the proxy go on, and this one takes up again.
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        if self._profile.webhook_secret_header and not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), self._secret.encode()
        ):
            return web.Response(status=403)
        try:
            data = await request.json()
            update = Update.de_json(data, self._bot) if isinstance(data, dict) else None
        except Exception:  # not JSON, or JSON that is no update: the platform never sends such
            update = None
        if update is None:
            return web.Response(status=400)
        try:
            await self._inbox.store([incoming(update)])
        except Exception as exc:  # the database: the platform delivers it again
            logger.warning(
                "webhook: update %s not stored (%s); the platform will retry", update.update_id, exc
            )
            return web.Response(status=503)
        self._on_stored()
        return web.Response(status=200)
