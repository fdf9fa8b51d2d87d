"""Import and status figures: parse time of a large minutes file, commit time, status time and memory.

Run: .venv/bin/python benchmarks/import_and_status.py [--meetings 40] [--rows 30] [--agencies 60]
Prints one line per figure. Not run by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import time
import tracemalloc
from zoneinfo import ZoneInfo

from bot.domain.clock import SystemClock
from bot.domain.persian import fa, to_persian_digits
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_text
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from bot.services.minutes_import import MinutesImportService
from bot.services.status import StatusService
from storage.engine import create_database
from storage.migrate import upgrade
from storage.scratch import scratch_database

ORDINALS = ["", "یکم", "دوم", "سوم", "چهارم", "پنجم", "ششم", "هفتم", "هشتم", "نهم"]
TENS = ["", "ده", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"]
DEADLINES = ["۱ هفته", "۲ هفته", "یک ماه", "۱۰ روز", "مستمر", "۳ هفته"]


def agency_name(i: int) -> str:
    return f"اداره کل شماره {fa(i)} استان"


def minutes_text(number: int, rows: int, agencies: int) -> str:
    """Minutes in seed 000's shape with a digit meeting number (“جلسه شماره N”)."""
    month = 1 + number % 12
    date = to_persian_digits(f"1404/{month:02d}/10")
    lines = [
        f"موضوع: صورتجلسه شماره {fa(number)} قرارگاه اجتماعی استان",
        "",
        "| تاریخ تشکیل: | روز: |",
        "|---|---|",
        f"| {date} | پنج شنبه |",
        "",
        "| ردیف | مصوبات | اقدام کننده | زمان اقدام |",
        "|---|---|---|---|",
    ]
    for row in range(1, rows + 1):
        a, b = (number * 7 + row) % agencies + 1, (number * 13 + row * 3) % agencies + 1
        text = (
            f"مقرر گردید: موضوع شماره {fa(row)} بررسی و نتیجه به دبیرخانه قرارگاه "
            "گزارش گردد.<br>الف - گزارش پیشرفت ارسال شود.<br>ب - جلسه هماهنگی برگزار گردد."
        )
        lines.append(
            f"| {fa(row)} | {text} | {agency_name(a)} - {agency_name(b)} "
            f"| {DEADLINES[row % len(DEADLINES)]} |"
        )
    return "\n".join(lines) + "\n"


async def main(meetings: int, rows: int, agencies: int, server_url: str | None) -> None:
    calendar = WorkCalendar()
    clock = SystemClock()
    texts = [minutes_text(n, rows, agencies) for n in range(1, meetings + 1)]

    start = time.perf_counter()
    parsed = [parse_minutes_text(t, calendar, source_name=f"m{n}.md") for n, t in enumerate(texts, 1)]
    parse_s = time.perf_counter() - start
    total_rows = sum(len(p.resolutions) for p in parsed)
    print(
        f"parse: {total_rows} rows in {meetings} minutes: {parse_s * 1000:.0f} ms "
        f"({parse_s / total_rows * 1e6:.0f} µs/row)"
    )

    async with scratch_database(server_url) as url:
        await upgrade(url)
        db = create_database(url)
        try:
            service = AgencyService(db, clock)
            for i in range(1, agencies + 1):
                await service.add(agency_name(i), [], actor=Actor.system("bench"))
            importer = MinutesImportService(db, clock)
            start = time.perf_counter()
            created = 0
            for p in parsed:
                created += (await importer.commit(p, actor="bench")).assignments_created
            commit_s = time.perf_counter() - start
            print(
                f"commit: {meetings} minutes, {created} assignments: {commit_s:.2f} s "
                f"({commit_s / meetings * 1000:.0f} ms/minutes)"
            )

            start = time.perf_counter()
            await importer.commit(parsed[0], actor="bench")
            print(f"re-import (nothing new) of one minutes: {(time.perf_counter() - start) * 1000:.0f} ms")

            status = StatusService(db, clock, ZoneInfo("Asia/Tehran"))
            tracemalloc.start()
            start = time.perf_counter()
            report = await status.report()
            status_s = time.perf_counter() - start
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"status: {len(report.assignments)} assignments, {len(report.agencies)} agencies: "
                f"{status_s * 1000:.0f} ms, peak Python memory {peak / 1e6:.1f} MB"
            )
        finally:
            await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=40)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--agencies", type=int, default=60)
    parser.add_argument("--database-url", default=None, help="a PostgreSQL server (default: SQLite)")
    args = parser.parse_args()
    asyncio.run(main(args.meetings, args.rows, args.agencies, args.database_url))
