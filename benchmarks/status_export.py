"""The /status overview and the XLSX report over a large tracker on SQLite (issue 6).

Data: 100,000 resolutions (200 weekly meetings of 500), 300,000 assignments (three agencies each, of 60),
1,000,000 progress reports. Goals: the /status overview under 100 ms and at most twice a single
hand-written SQL aggregate over the same rows; the XLSX of 10,000 rows under 5 s; peak memory printed.

Run: .venv/bin/python benchmarks/status_export.py [--repeat 7] [--keep FILE]
Not run by `make test`. Seeding takes about half a minute; --keep reuses a seeded file.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.services.access import Actor
from bot.services.exports import ExportService
from bot.services.status import StatusService, week_end
from bot.services.status_models import Period
from storage.bulk_seed import TrackerPlan, seed_tracker
from storage.engine import Database, create_database
from storage.migrate import upgrade

TEHRAN = ZoneInfo("Asia/Tehran")
TODAY = jalali_date(1405, 9, 9)
NOW = datetime.combine(TODAY, datetime.min.time(), TEHRAN).replace(hour=10).astimezone(UTC)
PLAN = TrackerPlan(
    agencies=60,
    meetings=200,
    resolutions_per_meeting=500,
    per_resolution=3,
    reports=1_000_000,
    last_held_on=jalali_date(1405, 9, 6),
    created_at=NOW,
)
# The hand-written floor: the overview's totals in one pass and one row, as fast as I could write them
# (FILTER beat CASE and boolean sums here; no GROUP BY, no Python around it).
HAND_WRITTEN = """
SELECT COUNT(*),
  COUNT(*) FILTER (WHERE status IN ('new', 'acknowledged', 'in_progress') AND due_on < :today),
  COUNT(*) FILTER (WHERE status IN ('new', 'acknowledged', 'in_progress') AND due_on >= :today
                   AND due_on <= :week_end),
  COUNT(*) FILTER (WHERE status <> 'cancelled' AND (done_on IS NOT NULL AND due_on IS NOT NULL
                   OR due_on < :today)),
  COUNT(*) FILTER (WHERE status <> 'cancelled' AND done_on <= due_on)
FROM assignments
"""


async def median_ms(work: Callable[[], Awaitable[Any]], repeat: int) -> float:
    await work()  # warm: the first read fills SQLite's page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


async def seeded(path: Path) -> Database:
    url = f"sqlite+aiosqlite:///{path}"
    fresh = not await asyncio.to_thread(path.exists)
    await upgrade(url)
    db = create_database(url)
    if fresh:
        started = time.perf_counter()
        async with db.transaction() as conn:
            await seed_tracker(conn, PLAN)
        async with db.transaction() as conn:
            await conn.exec_driver_sql("ANALYZE")
        print(f"seeded in {time.perf_counter() - started:.1f} s")
    async with db.read() as conn:
        counts = [
            next(iter(await conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}")))[0]
            for table in ("resolutions", "assignments", "progress_reports")
        ]
    print("resolutions {:,}, assignments {:,}, progress reports {:,}".format(*counts))
    return db


async def main(repeat: int, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await seeded(keep or Path(folder) / "status.db")
        clock = FixedClock(NOW)
        actor = Actor.system("benchmark")
        status = StatusService(db, clock, TEHRAN)
        exports = ExportService(db, clock, TEHRAN)

        async def hand_written() -> None:
            async with db.read() as conn:
                params = {"today": TODAY.isoformat(), "week_end": week_end(TODAY).isoformat()}
                (await conn.exec_driver_sql(HAND_WRITTEN, params)).all()

        async with db.read() as conn:
            plan = [str(r[-1]) for r in await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + HAND_WRITTEN, {
                "today": "", "week_end": ""})]  # fmt: skip
        print(f"plan of the aggregate: {'; '.join(plan)}")
        overview = await median_ms(lambda: status.overview(actor), repeat)
        floor = await median_ms(hand_written, repeat)
        found = await status.overview(actor)
        print(
            f"/status overview: {overview:.1f} ms (median of {repeat}); hand-written SQL aggregate: "
            f"{floor:.1f} ms; ratio {overview / floor:.2f}"
        )
        print(
            f"  {found.assignments:,} assignments, {found.overdue:,} overdue, {found.due_this_week:,} due "
            f"this week, on time {found.on_time_rate} %"
        )
        agency = await median_ms(lambda: status.agency_items(actor, 1, 3), repeat)
        overdue = await median_ms(lambda: status.overdue(actor, 50), repeat)
        ranking = await median_ms(lambda: status.ranking(actor, Period("all")), repeat)
        print(
            f"an agency's page: {agency:.1f} ms; overdue page 51: {overdue:.1f} ms; ranking: {ranking:.1f} ms"
        )

        since = PLAN.meetings - 6  # seven meetings: 7 × 500 × 3 = 10,500 assignments
        start = time.perf_counter()
        content = await exports.export(actor, "xlsx", since)
        seconds = time.perf_counter() - start
        tracemalloc.start()  # a second run, traced (tracing slows Python several times over)
        await exports.export(actor, "xlsx", since)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        data = await exports.data(actor, since)
        print(
            f"XLSX of {len(data.rows):,} rows (meetings {since}-{PLAN.meetings}): {seconds:.2f} s, "
            f"{len(content) / 1e6:.1f} MB; Python peak while making it {peak / 1e6:.0f} MB"
        )
        start = time.perf_counter()
        docx = await exports.export(actor, "docx", PLAN.meetings)
        seconds = time.perf_counter() - start
        print(f"DOCX of the last meeting (1,500 rows): {seconds:.2f} s, {len(docx) / 1e6:.1f} MB")
        resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak resident memory of the process: {resident:.0f} MB")
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--keep", type=Path, help="seed this SQLite file once and reuse it")
    args = parser.parse_args()
    asyncio.run(main(args.repeat, args.keep))
