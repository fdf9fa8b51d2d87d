"""`peygir run` as a real process on a database file (or a PostgreSQL database of its own), polling an
in-test simulator: the chaos tests kill it and start it again."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from simulator import SIMULATOR_TOKEN, Simulator
from tests.conftest import postgres_url

REPO = Path(__file__).resolve().parents[2]
DATABASE_PREFIX = "peygir_chaos_"


@asynccontextmanager
async def database_url(backend: str, folder: Path) -> AsyncIterator[str]:
    """A URL of an empty database: a SQLite file, or a PostgreSQL database made for the test and dropped."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{folder / 'chaos.db'}"
        return
    server = postgres_url()
    name = f"{DATABASE_PREFIX}{int(time.time())}_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.rsplit("/", 1)[0] + "/" + name
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


@dataclass
class BotProcess:
    """Starts `peygir run` (again and again) with the same settings."""

    simulator: Simulator
    database_url: str
    folder: Path
    admin_ids: str
    platform: str = "telegram"
    process: asyncio.subprocess.Process | None = None
    runs: int = 0

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", ""),
            "PEYGIR_BOT_TOKEN": SIMULATOR_TOKEN,
            "PEYGIR_PLATFORM": self.platform,
            "PEYGIR_BOT_API_BASE_URL": self.simulator.bot_api_base_url,
            "PEYGIR_BOT_API_FILE_URL": self.simulator.bot_api_file_url,
            "PEYGIR_DATABASE_URL": self.database_url,
            "PEYGIR_ADMIN_IDS": self.admin_ids,
            "PEYGIR_POLL_INTERVAL": "0.05",
            "PEYGIR_LOG_LEVEL": os.environ.get("CHAOS_LOG_LEVEL", "WARNING"),
        }

    async def start(self) -> None:
        self.runs += 1
        with (self.folder / f"run-{self.runs}.log").open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.folder, env=self.env(), stdout=log, stderr=log
            )

    def log(self, run: int | None = None) -> str:
        return (self.folder / f"run-{run or self.runs}.log").read_text(errors="replace")

    def logs(self) -> str:
        return "\n".join(self.log(n) for n in range(1, self.runs + 1))

    async def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        await self.process.wait()

    async def terminate(self, seconds: float = 30) -> float:
        """SIGTERM; the seconds it took to stop."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(self.process.wait(), seconds)
        return time.monotonic() - started

    async def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            await self.kill()


async def wait_until(check: Callable[[], Awaitable[bool]], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"waited {seconds} s for {what}")
