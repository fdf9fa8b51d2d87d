"""Fan-out of one resolution to N representatives through the simulator, with Telegram's limits on.

The goal (issue 4): total time at most 1.10 x the rate-limit floor (N / 30 messages a second), no 429
after the first, nothing lost; then the same with injected faults (5xx, timeouts, 429): nothing lost.

Run: .venv/bin/python benchmarks/push_fanout.py [--representatives 600] [--fault-rate 0.2]
[--database-url URL] (a PostgreSQL server: a database of its own is made there and dropped).
Prints one line per figure. Not run by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import time

from sqlalchemy import func, select

from bot.dispatcher import Dispatcher
from bot.domain.clock import SystemClock
from bot.platforms import TELEGRAM
from bot.services.outbox import OutboxService
from bot.services.push import queue_pushes
from bot.transport import PlatformBot, PlatformRateLimiter, PlatformRequest
from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser
from storage.bulk_seed import seed_fanout
from storage.engine import Database, create_database
from storage.migrate import upgrade
from storage.scratch import scratch_database
from storage.tables import outbox

FIRST_USER = 500_000


async def count(db: Database, state: str) -> int:
    async with db.read() as conn:
        return int(
            await conn.scalar(select(func.count()).select_from(outbox).where(outbox.c.state == state)) or 0
        )


async def run(representatives: int, fault_rate: float, server_url: str | None) -> None:
    async with scratch_database(server_url) as url:
        await fan_out(representatives, fault_rate, url)


async def fan_out(representatives: int, fault_rate: float, url: str) -> None:
    await upgrade(url)
    db = create_database(url)
    clock = SystemClock()
    async with db.transaction() as conn:
        assignment_id = await seed_fanout(conn, representatives, FIRST_USER, SystemClock().now())
    async with (
        Simulator(mode="telegram", limits=True) as simulator,
        SimulatorClient(simulator.base_url) as client,
    ):
        for i in range(representatives):  # a bot may only write to people who wrote to it
            await client.send_message(SimUser(FIRST_USER + i, f"u{i}"), "/start")
        # Telegram's profile, pointed at the simulator.
        profile = dataclasses.replace(
            TELEGRAM, api_base_url=simulator.bot_api_base_url, file_base_url=simulator.bot_api_file_url
        )
        bot = PlatformBot(
            profile,
            SIMULATOR_TOKEN,
            request=PlatformRequest(profile, connection_pool_size=64, read_timeout=2, write_timeout=5),
            rate_limiter=PlatformRateLimiter(profile),
        )
        if fault_rate:
            await client.set_faults(
                fault_rate, ["5xx", "timeout", "429"], methods=["sendMessage"], delay_seconds=2.5
            )
        async with bot:
            async with db.transaction() as conn:
                plan = await queue_pushes(conn, [assignment_id], clock.now())
            dispatcher = Dispatcher(bot, OutboxService(db, clock, "telegram"))
            started = time.monotonic()
            while await count(db, "sent") < plan.queued and time.monotonic() - started < 600:
                await dispatcher.drain()
                await asyncio.sleep(0.1)
            elapsed = time.monotonic() - started
        stats = await client.stats()
    sent, failed = await count(db, "sent"), await count(db, "failed")
    delivered = sum(int(n) for n in stats["per_chat_sent"].values())
    duplicates = delivered - len(stats["per_chat_sent"])  # one push per representative
    floor = representatives / TELEGRAM.overall_per_second
    label = f"faults {fault_rate:.0%}" if fault_rate else "no faults"
    chats = len(stats["per_chat_sent"])
    print(f"[{label}] queued {plan.queued}, sent {sent}, failed {failed}, delivered to {chats} chats")
    print(f"[{label}] total {elapsed:.1f} s; floor {floor:.1f} s; ratio {elapsed / floor:.2f}")
    print(f"[{label}] 429 from the limits: {stats['rate_limited']} (at {stats['rate_limited_at'][:5]} s)")
    print(f"[{label}] injected faults: {stats['faults']}; duplicate deliveries: {duplicates}")
    await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--representatives", type=int, default=600)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    await run(args.representatives, 0.0, args.database_url)
    await run(args.representatives, args.fault_rate, args.database_url)


if __name__ == "__main__":
    asyncio.run(main())
