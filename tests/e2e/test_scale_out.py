"""Two `peygir run --webhook` processes on one PostgreSQL database, behind nginx round-robin.

1. 2,000 updates from 50 people (their /whoami, 40 each) come by webhook through nginx to both processes:
   each is answered exactly once.
2. A push to 600 representatives goes out at Telegram's pace from the one process that sends; it is
   killed (SIGKILL) in the middle: the other takes over, everyone gets the push, and at most one message
   is delivered twice.

Needs PostgreSQL (PEYGIR_TEST_POSTGRES_URL) and nginx (a Debian package; `.ci/run` installs it).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cli.scripted import free_local_port
from bot.domain.clock import SystemClock
from bot.services.push import queue_pushes
from simulator import Simulator, SimulatorClient, SimUser
from storage.bulk_seed import seed_fanout
from storage.engine import create_database
from storage.migrate import upgrade
from storage.repositories.members import MemberRepo
from storage.scratch import scratch_database
from tests.processes import bot_environment, until

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
PEOPLE, EACH = 50, 40
PEOPLE_FIRST = 610_000
REPRESENTATIVES = 600
REPRESENTATIVES_FIRST = 700_000
SENDING = "outbox: this process sends now"
RUNNING = "با وب‌هوک در حال کار است"

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (Debian package nginx-light)")


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    """A PostgreSQL database of its own (the bot processes cannot be put in a test schema)."""
    base = os.environ.get("PEYGIR_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("PEYGIR_TEST_POSTGRES_URL not set: two processes need PostgreSQL (CI sets it)")
    async with scratch_database(base) as url:
        yield url


class Nginx:
    def __init__(self, folder: Path, port: int, upstreams: list[int]) -> None:
        self.folder = folder
        servers = "".join(f"        server 127.0.0.1:{p} max_fails=0;\n" for p in upstreams)
        (folder / "logs").mkdir(parents=True, exist_ok=True)
        self.config = folder / "nginx.conf"
        self.config.write_text(
            f"""
pid {folder}/nginx.pid;
error_log {folder}/logs/error.log warn;
worker_processes 1;
events {{ worker_connections 512; }}
http {{
    access_log {folder}/logs/access.log;
    client_body_temp_path {folder}/body; proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi; uwsgi_temp_path {folder}/uwsgi; scgi_temp_path {folder}/scgi;
    upstream peygir {{
{servers}    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://peygir;
            proxy_next_upstream error timeout http_502 http_503;
        }}
    }}
}}
"""
        )
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        assert NGINX is not None
        self.process = await asyncio.create_subprocess_exec(
            NGINX, "-p", str(self.folder), "-c", str(self.config), "-g", "daemon off;"
        )

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


class Bot:
    """One `peygir run --webhook` process; its output in files (read while it runs)."""

    def __init__(self, folder: Path, name: str, env: dict[str, str]) -> None:
        self.out, self.err = folder / f"{name}.out", folder / f"{name}.err"
        self.folder, self.env = folder, env
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.out.open("w") as out, self.err.open("w") as err:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                "--webhook",
                cwd=self.folder,
                env=self.env,
                stdout=out,
                stderr=err,
            )
        await until(lambda: RUNNING in self.out.read_text(encoding="utf-8"), 30, f"{self.err} running")

    def logged(self, text: str) -> bool:
        return text in self.err.read_text(encoding="utf-8")

    async def stop(self, signum: int = signal.SIGTERM) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.send_signal(signum)
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


async def test_two_processes_behind_nginx(tmp_path: Path, database_url: str) -> None:
    await upgrade(database_url)
    db = create_database(database_url)
    now = SystemClock().now()
    async with db.transaction() as conn:
        assignment_id = await seed_fanout(conn, REPRESENTATIVES, REPRESENTATIVES_FIRST, now)
        for i in range(PEOPLE):
            await MemberRepo(conn).add(
                platform="telegram", user_id=PEOPLE_FIRST + i, chat_id=PEOPLE_FIRST + i,
                display_name=f"کارشناس {i}", username=None, role="secretariat", agency_id=None, at=now,
            )  # fmt: skip
    front, ports = free_local_port(), [free_local_port(), free_local_port()]
    secret = secrets.token_urlsafe(24)
    nginx = Nginx(tmp_path / "nginx", front, ports)
    bots: list[Bot] = []
    async with (
        Simulator(mode="telegram", limits=False) as simulator,
        SimulatorClient(simulator.base_url) as client,
    ):
        world = simulator.world

        def environment(port: int, rate_limits: bool) -> dict[str, str]:
            return bot_environment(
                simulator,
                "telegram",
                database_url,
                PEYGIR_WEBHOOK_URL=f"http://127.0.0.1:{front}",
                PEYGIR_WEBHOOK_PORT=str(port),
                PEYGIR_WEBHOOK_SECRET=secret,
                PEYGIR_RATE_LIMITS="true" if rate_limits else "false",
                PEYGIR_QUIET_HOURS="03:00-03:01",  # the push goes out whatever the hour the test runs
                PEYGIR_LOG_LEVEL="INFO",
            )

        def bot_messages(user_id: int) -> int:
            chat = world.chats.get(user_id)
            return 0 if chat is None else sum(1 for m in chat.messages.values() if m.from_bot)

        try:
            await nginx.start()
            # 1. Updates from 50 people, through nginx to both processes, without rate limits.
            bots = [Bot(tmp_path, f"bot{i}", environment(port, False)) for i, port in enumerate(ports)]
            await asyncio.gather(*(bot.start() for bot in bots))

            async def person(i: int) -> None:
                user = SimUser(PEOPLE_FIRST + i, f"کارشناس {i}")
                for _ in range(EACH):
                    await client.send_message(user, "/whoami")

            started = time.monotonic()
            await asyncio.gather(*(person(i) for i in range(PEOPLE)))
            people = [PEOPLE_FIRST + i for i in range(PEOPLE)]
            await until(lambda: all(bot_messages(u) >= EACH for u in people), 90, "every /whoami answered")
            await asyncio.sleep(1.0)  # anything answered twice would show by now
            assert [bot_messages(u) for u in people] == [EACH] * PEOPLE
            assert world.stats["webhook_delivered"] == PEOPLE * EACH
            print(f"{PEOPLE * EACH} updates answered once each in {time.monotonic() - started - 1:.1f} s")
            access = (tmp_path / "nginx" / "logs" / "access.log").read_text().count("POST /peygir/")
            assert access >= PEOPLE * EACH
            await asyncio.gather(*(bot.stop() for bot in bots))

            # 2. The push to 600 at Telegram's pace; the sending process is killed in the middle.
            world.limits_on = True
            for i in range(REPRESENTATIVES):  # they have written to the bot before (no update now)
                world.user_chat({"id": REPRESENTATIVES_FIRST + i, "first_name": f"نماینده {i}"}, None)
            bots = [Bot(tmp_path, f"paced{i}", environment(port, True)) for i, port in enumerate(ports)]
            await asyncio.gather(*(bot.start() for bot in bots))
            async with db.transaction() as conn:
                queued = (await queue_pushes(conn, [assignment_id], SystemClock().now())).queued
            assert queued == REPRESENTATIVES
            representatives = [REPRESENTATIVES_FIRST + i for i in range(REPRESENTATIVES)]

            def delivered() -> int:
                return sum(1 for u in representatives if bot_messages(u))

            started = time.monotonic()
            await until(lambda: any(bot.logged(SENDING) for bot in bots), 20, "a sender")
            sender, other = bots if bots[0].logged(SENDING) else bots[::-1]
            await until(lambda: delivered() >= REPRESENTATIVES // 4, 60, "a quarter of the push")
            assert delivered() < REPRESENTATIVES  # in the middle, not at the end
            await sender.stop(signal.SIGKILL)
            killed_at = delivered()
            await until(lambda: other.logged(SENDING), 15, "the other process taking over")
            await until(lambda: delivered() == REPRESENTATIVES, 90, "everyone's push")
            duplicates = sum(bot_messages(u) - 1 for u in representatives)
            assert duplicates <= 1, f"{duplicates} delivered twice (killed after {killed_at})"
            print(
                f"push to {REPRESENTATIVES}: the sender killed after {killed_at}, the other took over;"
                f" all in {time.monotonic() - started:.1f} s (floor {REPRESENTATIVES / 30:.0f} s),"
                f" {duplicates} delivered twice"
            )
        finally:
            for bot in bots:
                await bot.stop(signal.SIGKILL)
            await nginx.stop()
            await db.dispose()
