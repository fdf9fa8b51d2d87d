"""The simulator as an HTTP server: the Bot API side, files, and the control side in one aiohttp app."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

from aiohttp import web

import simulator.bot_api as bot_api
import simulator.control as control
from simulator.webhook import Delivery
from simulator.world import BOT_USERNAME, SIMULATOR_TOKEN, ApiError, Mode, World


class Simulator:
    """A Telegram-like Bot API on 127.0.0.1, with a control API to play users (docs/simulator.md)."""

    def __init__(
        self,
        *,
        token: str = SIMULATOR_TOKEN,
        mode: Mode = "telegram",
        limits: bool = True,
        bot_username: str = BOT_USERNAME,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.world = World(mode=mode, limits=limits, bot_username=bot_username, monotonic=monotonic)
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._delivery: asyncio.Task[None] | None = None

    @property
    def mode(self) -> Mode:
        return self.world.mode

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("the simulator is not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def bot_api_base_url(self) -> str:
        return f"{self.base_url}/bot"

    @property
    def bot_api_file_url(self) -> str:
        return f"{self.base_url}/file/bot"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.add_routes(control.routes(self.world))
        app.add_routes(
            [
                web.route("*", r"/bot{token}/{method}", self._bot_method),
                web.get(r"/file/bot{token}/{path:.+}", self._file),
            ]
        )
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.world.closing = False
        self._runner = web.AppRunner(self.make_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server  # the socket actually bound (port 0 means any free port)
        sockets = getattr(server, "sockets", None) or []
        self._port = int(sockets[0].getsockname()[1]) if sockets else port
        self._delivery = asyncio.create_task(Delivery(self.world).run(), name="webhook-delivery")

    async def stop(self) -> None:
        self.world.closing = True
        await self.world.notify()
        if self._delivery is not None:
            self._delivery.cancel()
            await asyncio.gather(self._delivery, return_exceptions=True)
            self._delivery = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.stop()

    async def _bot_method(self, request: web.Request) -> web.StreamResponse:
        world = self.world
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        name = request.match_info["method"]
        method = bot_api.find_method(world, name)
        requests = world.stats["requests"]
        requests[name] = requests.get(name, 0) + 1
        if method is None:
            return _error(bot_api.not_found())
        fault = world.faults.pick(name)
        if fault is not None and fault != "slow":
            return await self._fault(request, fault)
        try:
            params, uploads = await bot_api.read_parameters(request)
            result = await method(world, params, uploads)
        except ApiError as exc:
            return _error(exc)
        except ConnectionResetError:
            # The client hung up mid-request (a bot stopping while it polls): nobody to answer.
            return web.Response(status=499)
        if fault == "slow":
            # The call happened; the answer comes after the client stopped waiting (as on a bad network).
            await asyncio.sleep(world.faults.delay_seconds)
        return web.json_response({"ok": True, "result": result}, dumps=control._dumps)

    async def _fault(self, request: web.Request, kind: str) -> web.StreamResponse:
        world = self.world
        if kind == "5xx":
            return web.json_response(
                {"ok": False, "error_code": 500, "description": "Internal Server Error"}, status=500
            )
        if kind == "429":
            if world.mode == "bale":
                return _error(ApiError(429, "Too Many Requests: bot limit exceed"))
            return _error(ApiError(429, "Too Many Requests: retry after 1", retry_after=1))
        if kind == "440":
            return _error(ApiError(440, "bot limit exceed"))
        if kind == "timeout":
            await asyncio.sleep(world.faults.delay_seconds)
            return web.json_response(
                {"ok": False, "error_code": 504, "description": "Gateway Timeout"}, status=504
            )
        # "drop": close the connection without an answer.
        transport = request.transport
        if transport is not None:
            transport.close()
        return web.Response(status=500)

    async def _file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        path = request.match_info["path"]
        for stored in self.world.files.values():
            if stored.path == path:
                return web.Response(
                    body=stored.content, content_type=stored.mime_type or "application/octet-stream"
                )
        return _error(ApiError(404, "Not Found"))


def _error(error: ApiError) -> web.Response:
    return web.json_response(error.body(), status=error.status)


async def serve_simulator(
    host: str,
    port: int,
    *,
    mode: Mode = "telegram",
    limits: bool = True,
    token: str = SIMULATOR_TOKEN,
    out: TextIO = sys.stdout,
) -> None:
    """Run the simulator until SIGINT or SIGTERM, after printing how to point the bot at it."""
    simulator = Simulator(token=token, mode=mode, limits=limits)
    await simulator.start(host, port)
    base = f"http://{host}:{simulator.port}"
    out.write(
        f"Bot API simulator ({mode}{', no rate limits' if not limits else ''}) at {base}\n"
        f"token: {token}\n"
        f"PEYGIR_BOT_API_BASE_URL={base}/bot\n"
        f"PEYGIR_BOT_API_FILE_URL={base}/file/bot\n"
    )
    out.flush()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
        await simulator.stop()
