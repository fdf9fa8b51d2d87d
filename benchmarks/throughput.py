"""Peygir beside a bare python-telegram-bot echo bot, each polling the simulator with its limits off
(issue 16): start-up time, idle memory, and updates answered per second.

Each bot is a process of its own. Start-up: from its start until it answers a first message. Idle RSS:
the process's resident memory after two idle seconds (Peygir's heavy workers are processes of their own,
started on first use, and not counted). Throughput: 50 people each send 20 messages at once (1,000
updates, all waiting in the simulator), and the time until every one is answered. Peygir's people are
registered members sending /whoami (a database read and an answer); the echo bot repeats the text.
Goals: Peygir at least 0.5 x the echo bot's updates a second; start-up and idle RSS at most 2 x its.

Run: .venv/bin/python benchmarks/throughput.py [--database-url URL] [--messages 20]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.clock import SystemClock  # noqa: E402
from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser  # noqa: E402
from storage.engine import create_database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.repositories.members import MemberRepo  # noqa: E402
from storage.scratch import scratch_database  # noqa: E402

PEOPLE, FIRST = 50, 610_000

ECHO_BOT = """
import sys
from telegram import Update
from telegram.ext import Application, MessageHandler, filters

async def echo(update: Update, context) -> None:
    await update.message.reply_text(update.message.text)

app = Application.builder().token(sys.argv[1]).base_url(sys.argv[2]).base_file_url(sys.argv[3]).build()
app.add_handler(MessageHandler(filters.TEXT, echo))
app.run_polling(allowed_updates=["message", "callback_query"])
"""


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def measure(
    name: str,
    start: Callable[[], asyncio.Future[asyncio.subprocess.Process]],
    sim: Simulator,
    text: str,
    each: int,
) -> tuple[float, float, float]:
    """(start-up seconds, idle RSS MiB, updates a second) of one bot."""
    world = sim.world

    def answered(user_id: int) -> int:
        chat = world.chats.get(user_id)
        return 0 if chat is None else sum(1 for m in chat.messages.values() if m.from_bot)

    async with SimulatorClient(sim.base_url) as client:
        began = time.monotonic()
        process = await start()
        try:
            first = SimUser(FIRST, "کارشناس ۰")
            await client.send_message(first, text)
            while answered(FIRST) < 1:
                if process.returncode is not None:
                    raise RuntimeError(f"{name} stopped")
                await asyncio.sleep(0.02)
            startup = time.monotonic() - began
            await asyncio.sleep(2.0)
            idle = rss_mib(process.pid)
            before = {FIRST + i: answered(FIRST + i) for i in range(PEOPLE)}
            await asyncio.gather(
                *(
                    client.send_message(SimUser(FIRST + i, f"کارشناس {i}"), text)
                    for i in range(PEOPLE)
                    for _ in range(each)
                )
            )
            started = time.monotonic()
            for _ in range(30_000):  # at most ten minutes
                if all(answered(FIRST + i) >= before[FIRST + i] + each for i in range(PEOPLE)):
                    break
                await asyncio.sleep(0.02)
            rate = PEOPLE * each / (time.monotonic() - started)
        finally:
            process.terminate()
            await process.wait()
    return startup, idle, rate


async def run(server_url: str | None, each: int) -> None:
    async with scratch_database(server_url) as url:
        await upgrade(url)
        db = create_database(url)
        now = SystemClock().now()
        async with db.transaction() as conn:
            for i in range(PEOPLE):
                await MemberRepo(conn).add(
                    platform="telegram", user_id=FIRST + i, chat_id=FIRST + i, display_name=f"کارشناس {i}",
                    username=None, role="secretariat", agency_id=None, at=now,
                )  # fmt: skip
        await db.dispose()
        results = {}
        with tempfile.TemporaryDirectory() as folder:
            for name in ("echo", "peygir"):
                async with Simulator(mode="telegram", limits=False) as sim:
                    env = {
                        "PATH": os.environ.get("PATH", ""),
                        "PEYGIR_BOT_TOKEN": SIMULATOR_TOKEN,
                        "PEYGIR_BOT_API_BASE_URL": sim.bot_api_base_url,
                        "PEYGIR_BOT_API_FILE_URL": sim.bot_api_file_url,
                        "PEYGIR_DATABASE_URL": url,
                        "PEYGIR_RATE_LIMITS": "false",
                        "PEYGIR_LOG_LEVEL": "WARNING",
                    }

                    def start(
                        name: str = name, sim: Simulator = sim, env: dict[str, str] = env
                    ) -> asyncio.Future[asyncio.subprocess.Process]:
                        if name == "echo":
                            argv = [
                                "-c",
                                ECHO_BOT,
                                SIMULATOR_TOKEN,
                                sim.bot_api_base_url,
                                sim.bot_api_file_url,
                            ]
                        else:
                            argv = ["-m", "bot", "run"]
                        return asyncio.ensure_future(
                            asyncio.create_subprocess_exec(
                                sys.executable,
                                *argv,
                                cwd=folder,
                                env=env,
                                stdout=asyncio.subprocess.DEVNULL,
                                stderr=asyncio.subprocess.DEVNULL,
                            )
                        )

                    text = "سلام" if name == "echo" else "/whoami"
                    results[name] = await measure(name, start, sim, text, each)
    backend = "postgresql" if server_url and server_url.startswith("postgresql") else "sqlite"
    (echo_start, echo_rss, echo_rate), (start_, rss, rate) = results["echo"], results["peygir"]
    print(
        f"[{backend}] start-up: peygir {start_:.2f} s, echo bot {echo_start:.2f} s"
        f" ({start_ / echo_start:.1f} x; goal ≤ 2)"
    )
    print(
        f"[{backend}] idle RSS: peygir {rss:.0f} MiB, echo bot {echo_rss:.0f} MiB"
        f" ({rss / echo_rss:.1f} x; goal ≤ 2)"
    )
    print(
        f"[{backend}] {PEOPLE * each} updates: peygir {rate:.0f}/s, echo bot {echo_rate:.0f}/s"
        f" ({rate / echo_rate:.2f} x; goal ≥ 0.5)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--messages", type=int, default=20, help="messages each of the 50 people sends")
    args = parser.parse_args()
    asyncio.run(run(args.database_url, args.messages))


if __name__ == "__main__":
    main()
