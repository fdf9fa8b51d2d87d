"""``/healthz`` and ``/metrics`` over HTTP: on the webhook server's port, or (polling) on a port of their own
(``PEYGIR_METRICS_PORT``).

``/healthz`` answers 200 with a JSON summary when the process is well, 503 with the same summary and its
problems when not (``bot.services.health``). ``/metrics`` is Prometheus's text format (``bot.metrics``),
its database gauges read at each scrape.
"""

from __future__ import annotations

import json

from aiohttp import web

from bot.metrics import CONTENT_TYPE, Metrics
from bot.services.health import HealthService
from storage.process_locks import ProcessLocks


class Observability:
    def __init__(self, health: HealthService, metrics: Metrics, locks: ProcessLocks) -> None:
        self._health = health
        self._metrics = metrics
        self._locks = locks
        self._runner: web.AppRunner | None = None

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/healthz", self._healthz), web.get("/metrics", self._metrics_page)]

    async def _healthz(self, request: web.Request) -> web.Response:
        health = await self._health.check(self._locks.sending)
        return web.json_response(
            health.to_json(),
            status=200 if health.ok else 503,
            dumps=lambda d: json.dumps(d, ensure_ascii=False),
        )

    async def _metrics_page(self, request: web.Request) -> web.Response:
        health = await self._health.check(self._locks.sending)
        metrics = self._metrics
        metrics.outbox_waiting.set(health.outbox_unsent)
        metrics.outbox_oldest.set(health.outbox_oldest_due_seconds or 0.0)
        metrics.sender.set(1 if health.sender else 0)
        body = metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    async def start_alone(self, host: str, port: int) -> None:
        """Polling mode: these two pages on a port of their own (OSError if it cannot be bound)."""
        app = web.Application()
        app.add_routes(self.routes())
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    async def stop_alone(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
