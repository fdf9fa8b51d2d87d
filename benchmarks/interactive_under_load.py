"""Answers while the bulk goes out (issue 16): how long people wait for an answer during a 600-person
fan-out at Telegram's pace, and whether the fan-out keeps its pace.

The bot runs on the simulator with Telegram's limits on both sides. A push to 600 representatives is
queued; while it goes out, 50 secretariat members send /whoami (each once, spread over the first 15 s)
and the governor's office /status (every 3 s). Figures: the time from each message to the bot's answer
(p50, p95, max; goal p95 < 1.5 s) and the fan-out's total time against its floor, 600 / 30 messages a
second (goal ≤ 1.10 x; the answers share the token's pace, so (600 + answers) / 30 is the true floor).
With --no-lane the outbox's sends are not marked bulk (the old single queue), for comparison.

Run: .venv/bin/python benchmarks/interactive_under_load.py [--database-url URL] [--no-lane]
(a PostgreSQL URL names the server: a database of its own is created there and dropped afterwards).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.cli.scripted import bot_on_simulator  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.clock import SystemClock  # noqa: E402
from bot.services.push import queue_pushes  # noqa: E402
from simulator import SimUser  # noqa: E402
from storage.bulk_seed import seed_fanout  # noqa: E402
from storage.engine import create_database  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.repositories.members import MemberRepo  # noqa: E402
from storage.scratch import scratch_database  # noqa: E402

REPRESENTATIVES, FIRST_REPRESENTATIVE = 600, 700_000
PEOPLE, FIRST_PERSON = 50, 610_000
GOVERNOR = 690_000
TELEGRAM_PER_SECOND = 30


async def run(server_url: str | None, lane: bool) -> None:
    async with scratch_database(server_url) as url:
        await upgrade(url)
        db = create_database(url)
        clock = SystemClock()
        now = clock.now()
        async with db.transaction() as conn:
            assignment_id = await seed_fanout(conn, REPRESENTATIVES, FIRST_REPRESENTATIVE, now)
            members = MemberRepo(conn)
            for i in range(PEOPLE):
                await members.add(
                    platform="telegram", user_id=FIRST_PERSON + i, chat_id=FIRST_PERSON + i,
                    display_name=f"کارشناس {i}", username=None, role="secretariat", agency_id=None, at=now,
                )  # fmt: skip
            await members.add(
                platform="telegram", user_id=GOVERNOR, chat_id=GOVERNOR, display_name="دفتر استاندار",
                username=None, role="governor", agency_id=None, at=now,
            )  # fmt: skip
        settings = Settings(quiet_hours="03:00-03:01")  # type: ignore[arg-type]
        patch = mock.patch("bot.dispatcher.bulk_sends", lambda: None) if not lane else mock.patch.dict({})
        with patch:
            async with bot_on_simulator(
                settings, db, clock, platform="telegram", admin_ids=(), limits=True, warm=False
            ) as box:
                world, client = box.simulator.world, box.client
                for i in range(REPRESENTATIVES):
                    world.user_chat({"id": FIRST_REPRESENTATIVE + i, "first_name": f"نماینده {i}"}, None)

                def pushed() -> int:
                    return sum(
                        1
                        for i in range(REPRESENTATIVES)
                        if any(m.from_bot for m in world.chats[FIRST_REPRESENTATIVE + i].messages.values())
                    )

                waits: list[float] = []

                async def ask(user: SimUser, text: str) -> None:
                    sent = await client.send_message(user, text)
                    started = time.monotonic()
                    await client.wait_for_bot_messages(user.id, after=sent.message_id, timeout=60)
                    waits.append(time.monotonic() - started)

                async def person(i: int, stop: asyncio.Event) -> None:
                    await asyncio.sleep(15.0 * i / PEOPLE)
                    await ask(SimUser(FIRST_PERSON + i, f"کارشناس {i}"), "/whoami")

                async def governor(stop: asyncio.Event) -> None:
                    user = SimUser(GOVERNOR, "دفتر استاندار")
                    while not stop.is_set():
                        await ask(user, "/status")
                        await asyncio.sleep(3.0)

                async with db.transaction() as conn:
                    await queue_pushes(conn, [assignment_id], clock.now())
                started = time.monotonic()
                stop = asyncio.Event()
                askers = [asyncio.create_task(person(i, stop)) for i in range(PEOPLE)]
                askers.append(asyncio.create_task(governor(stop)))
                for _ in range(6000):  # at most five minutes
                    if pushed() >= REPRESENTATIVES:
                        break
                    await asyncio.sleep(0.05)
                fan_out = time.monotonic() - started
                stop.set()
                await asyncio.gather(*askers)
                stats = await client.stats()
        await db.dispose()
    floor = REPRESENTATIVES / TELEGRAM_PER_SECOND
    waits.sort()
    backend = "postgresql" if server_url and server_url.startswith("postgresql") else "sqlite"
    label = f"[{backend}, {'answers first' if lane else 'one queue'}]"
    print(
        f"{label} {len(waits)} answers during the fan-out: p50 {statistics.median(waits):.2f} s,"
        f" p95 {waits[int(len(waits) * 0.95) - 1]:.2f} s, max {waits[-1]:.2f} s (goal p95 < 1.5 s)"
    )
    print(
        f"{label} fan-out to {REPRESENTATIVES}: {fan_out:.1f} s, floor {floor:.1f} s,"
        f" ratio {fan_out / floor:.2f} (goal ≤ 1.10); 429 answered: {stats['rate_limited']}"
    )


def main() -> None:
    logging.getLogger("apscheduler").setLevel(logging.ERROR)  # "job skipped: still running" each tick
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    parser.add_argument("--no-lane", action="store_true", help="the outbox not marked bulk: one queue")
    args = parser.parse_args()
    asyncio.run(run(args.database_url, lane=not args.no_lane))


if __name__ == "__main__":
    main()
