"""The reminder sweep over 100,000 open assignments on SQLite (issue 5).

Goals: a sweep with nothing due under 5 ms; a sweep with 1,000 due under 50 ms; the due query's plan
uses the (status, next_reminder_at) index. Prints the plan and the median of several sweeps.

Run: .venv/bin/python benchmarks/reminder_sweep.py [--assignments 100000] [--due 1000] [--repeat 7]
Not run by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.reminder_policy import ReminderPolicy
from bot.domain.workdays import WorkCalendar
from bot.services.reminders import ReminderService
from storage.bulk_seed import SeedPlan, seed
from storage.engine import Database, create_database
from storage.migrate import upgrade
from storage.repositories.reminders import ReminderRepo
from storage.tables import assignments, outbox

TEHRAN = ZoneInfo("Asia/Tehran")
# Tuesday 1405/09/10 09:30 Tehran: a working morning, three days after the weekly digest's Saturday.
NOW = datetime.combine(jalali_date(1405, 9, 10), datetime.min.time(), TEHRAN).replace(hour=9, minute=30)


async def plan_of(db: Database) -> list[str]:
    """SQLite's plan for the sweep's due query (the values do not change the plan)."""
    async with db.read() as conn:
        sql, values = ReminderRepo.sqlite_due_statement(NOW.astimezone(UTC), 1000)
        rows = await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, values)
        return [str(row[-1]) for row in rows]


async def timed_sweep(service: ReminderService, repeat: int) -> tuple[float, int]:
    times = []
    sent = 0
    for _ in range(repeat):
        start = time.perf_counter()
        sent = len(await service.sweep(NOW))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sent


async def main(assignments_count: int, due: int, repeat: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.db'}"
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
        print(f"seeded {assignments_count:,} open assignments in {time.perf_counter() - started:.1f} s")
        service = ReminderService(
            db, FixedClock(NOW.astimezone(UTC)), ReminderPolicy(), WorkCalendar(), TEHRAN
        )
        for line in await plan_of(db):
            print(f"plan: {line}")

        idle, sent = await timed_sweep(service, repeat)
        print(f"sweep with nothing due: {idle:.2f} ms (median of {repeat}); messages {sent}")

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
        print(f"sweep with {due:,} due: {median:.1f} ms (median of {repeat}); queued {queued:,}")
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--assignments", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.assignments, args.due, args.repeat))
