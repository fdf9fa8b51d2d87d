"""The reminder sweep over 100,000 open assignments, on SQLite or PostgreSQL (issues 5 and 16).

Goals: a sweep with nothing due under 5 ms; a sweep with 1,000 due under 50 ms; the due query's plan
uses the (status, next_reminder_at) index; and the sweep within 4 x the floor: the bare insert and commit
of the same 1,000 outbox rows, printed beside it. Prints the plan and the median of several sweeps.

Run: .venv/bin/python benchmarks/reminder_sweep.py [--assignments 100000] [--due 1000] [--repeat 7]
[--database-url URL] (a PostgreSQL URL names the server: a database of its own is made and dropped).
Not run by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, update

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.reminder_policy import ReminderPolicy
from bot.domain.workdays import WorkCalendar
from bot.services.reminders import ReminderService
from storage.bulk_seed import SeedPlan, seed
from storage.engine import Database, create_database
from storage.migrate import upgrade
from storage.repositories.reminders import ReminderRepo
from storage.scratch import scratch_database
from storage.tables import assignments, outbox

TEHRAN = ZoneInfo("Asia/Tehran")
# Tuesday 1405/09/10 09:30 Tehran: a working morning, three days after the weekly digest's Saturday.
NOW = datetime.combine(jalali_date(1405, 9, 10), datetime.min.time(), TEHRAN).replace(hour=9, minute=30)


async def plan_of(db: Database) -> list[str]:
    """The database's plan for the sweep's due query (the values do not change the plan)."""
    async with db.read() as conn:
        if not db.is_sqlite:
            query = ReminderRepo.due_query().params(due_now=NOW.astimezone(UTC), due_limit=1000)
            compiled = query.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True})
            return [str(row[0]) for row in await conn.exec_driver_sql(f"EXPLAIN {compiled}")]
        sql, values = ReminderRepo.sqlite_due_statement(NOW.astimezone(UTC), 1000)
        rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, values)
        return [str(row[-1]) for row in rows]


async def insert_floor(db: Database, count: int, repeat: int) -> float:
    """The bare insert and commit of `count` outbox rows like the sweep's, in one transaction (ms)."""
    rows = [
        {
            "platform": "telegram",
            "chat_id": 500_000 + i,
            "kind": "reminder",
            "payload": {"text": "یادآوری " * 20, "buttons": [], "member_id": i},
            "next_attempt_at": NOW.astimezone(UTC),
            "dedupe_key": f"floor:{i}",
            "created_at": NOW.astimezone(UTC),
        }
        for i in range(count)
    ]
    times = []
    for _ in range(repeat):
        async with db.transaction() as conn:
            await conn.execute(outbox.delete())
        start = time.perf_counter()
        async with db.transaction() as conn:
            await conn.execute(insert(outbox), rows)
        times.append((time.perf_counter() - start) * 1000)
    async with db.transaction() as conn:
        await conn.execute(outbox.delete())
    return statistics.median(times)


async def timed_sweep(service: ReminderService, repeat: int) -> tuple[float, int]:
    times = []
    sent = 0
    for _ in range(repeat):
        start = time.perf_counter()
        sent = len(await service.sweep(NOW))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sent


async def main(assignments_count: int, due: int, repeat: int, server_url: str | None) -> None:
    async with scratch_database(server_url) as url:
        await upgrade(url)
        db = create_database(url)
        created = NOW - timedelta(days=20)
        started = time.perf_counter()
        async with db.transaction() as conn:
            await seed(
                conn,
                SeedPlan(
                    agencies=60,
                    assignments=assignments_count,
                    meeting_number=50,
                    held_on=jalali_date(1405, 8, 26),
                    due_on=jalali_date(1405, 9, 10),
                    created_at=created.astimezone(UTC),
                    next_reminder_at=(NOW + timedelta(days=3)).astimezone(UTC),
                ),
            )
        async with db.transaction() as conn:
            await conn.exec_driver_sql("ANALYZE")
        backend = "sqlite" if db.is_sqlite else "postgresql"
        print(f"seeded {assignments_count:,} open assignments in {time.perf_counter() - started:.1f} s")
        service = ReminderService(
            db, FixedClock(NOW.astimezone(UTC)), ReminderPolicy(), WorkCalendar(), TEHRAN
        )
        for line in await plan_of(db):
            print(f"plan: {line}")

        idle, sent = await timed_sweep(service, repeat)
        print(f"[{backend}] sweep with nothing due: {idle:.2f} ms (median of {repeat}); messages {sent}")

        due_times = []
        for _ in range(repeat):
            async with db.transaction() as conn:
                ids = select(assignments.c.id).order_by(assignments.c.id).limit(due).scalar_subquery()
                await conn.execute(
                    update(assignments)
                    .where(assignments.c.id.in_(ids))
                    .values(
                        next_reminder_at=(NOW - timedelta(minutes=30)).astimezone(UTC), last_reminded_at=None
                    )
                )
                await conn.execute(outbox.delete())
            start = time.perf_counter()
            planned = await service.sweep(NOW)
            due_times.append((time.perf_counter() - start) * 1000)
            assert len(planned) == due, len(planned)
        async with db.read() as conn:
            queued = (await conn.execute(select(func.count()).select_from(outbox))).scalar_one()
        median = statistics.median(due_times)
        print(f"[{backend}] sweep with {due:,} due: {median:.1f} ms (median of {repeat}); queued {queued:,}")
        floor = await insert_floor(db, due, repeat)
        print(
            f"[{backend}] floor: {due:,} outbox rows inserted and committed: {floor:.1f} ms;"
            f" the sweep is {median / floor:.1f} x that (goal ≤ 4)"
        )
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    asyncio.run(main(args.assignments, args.due, args.repeat, args.database_url))
