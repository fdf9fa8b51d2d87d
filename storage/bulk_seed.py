"""Synthetic councils in bulk, for benchmarks and load tests (not used by the product).

- :func:`seed`: agencies with one representative each, one meeting, one assignment per resolution (the
  reminder sweep's benchmark);
- :func:`seed_tracker`: years of meetings with shared resolutions, statuses and progress reports (the
  status and report benchmark);
- :func:`seed_fanout`: one agency with many representatives and one assignment for it (a push to all of
  them: the fan-out benchmark and the scale-out test)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.statuses import DONE_STATUSES, AssignmentStatus
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.members import MemberRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.tables import agencies, assignments, meetings, members, resolutions
from storage.types import sqlite_time

CHUNK = 5000


@dataclass(frozen=True)
class SeedPlan:
    agencies: int
    assignments: int
    meeting_number: int
    held_on: date
    due_on: date
    created_at: datetime
    # When each assignment's next reminder falls: (index) → time; None leaves it to the first sweep.
    next_reminder_at: datetime | None
    due_count: int = 0  # the first `due_count` assignments get `due_reminder_at` instead
    due_reminder_at: datetime | None = None
    platform: str = "telegram"
    first_user_id: int = 500_000


async def seed(conn: AsyncConnection, plan: SeedPlan) -> None:
    at = plan.created_at
    await conn.execute(
        insert(agencies),
        [{"name": f"دستگاه آزمایشی {i}", "active": True, "created_at": at} for i in range(plan.agencies)],
    )
    agency_ids = list((await conn.execute(select(agencies.c.id).order_by(agencies.c.id))).scalars())[
        -plan.agencies :
    ]
    await conn.execute(
        insert(members),
        [
            {
                "platform": plan.platform,
                "user_id": plan.first_user_id + i,
                "chat_id": plan.first_user_id + i,
                "display_name": f"نماینده {i}",
                "role": "agency",
                "agency_id": agency_id,
                "state": "active",
                "created_at": at,
                "updated_at": at,
            }
            for i, agency_id in enumerate(agency_ids)
        ],
    )
    meeting_id = (
        await conn.execute(
            insert(meetings)
            .values(
                number=plan.meeting_number, held_on=plan.held_on, title="", created_at=at, created_by="seed"
            )
            .returning(meetings.c.id)
        )
    ).scalar_one()
    for start in range(0, plan.assignments, CHUNK):
        numbers = range(start + 1, min(plan.assignments, start + CHUNK) + 1)
        await conn.execute(
            insert(resolutions),
            [
                {
                    "meeting_id": meeting_id,
                    "number": n,
                    "text": f"مقرر گردید: مصوبه آزمایشی شماره {n} پیگیری شود.",
                    "items": [],
                    "deadline_raw": "۲ هفته",
                    "deadline_kind": "relative",
                    "deadline_amount": 2,
                    "deadline_unit": "week",
                    "created_at": at,
                    "created_by": "seed",
                }
                for n in numbers
            ],
        )
        ids = (
            await conn.execute(
                select(resolutions.c.id, resolutions.c.number).where(
                    resolutions.c.meeting_id == meeting_id, resolutions.c.number.in_(list(numbers))
                )
            )
        ).all()
        await conn.execute(
            insert(assignments),
            [
                {
                    "resolution_id": rid,
                    "agency_id": agency_ids[n % len(agency_ids)],
                    "status": AssignmentStatus.NEW,
                    "percent": 0,
                    "due_on": plan.due_on,
                    "ongoing": False,
                    "next_reminder_at": plan.due_reminder_at
                    if n <= plan.due_count
                    else plan.next_reminder_at,
                    "escalation_count": 0,
                    "created_at": at,
                    "updated_at": at,
                }
                for rid, n in ids
            ],
        )


@dataclass(frozen=True)
class TrackerPlan:
    """A tracker after years of meetings, for the status and report benchmarks (SQLite only: the rows go
    straight to the driver). Meetings are a week apart and end at `last_held_on`; each resolution names
    `per_resolution` agencies; statuses, due dates, done days and reports follow a fixed pseudo-random draw.
    """

    agencies: int
    meetings: int
    resolutions_per_meeting: int
    per_resolution: int
    reports: int
    last_held_on: date
    created_at: datetime
    seed: int = 1405


# Status draw: (status, share in per cent).
STATUS_DRAW = (
    (AssignmentStatus.VERIFIED, 40),
    (AssignmentStatus.DONE_REPORTED, 10),
    (AssignmentStatus.IN_PROGRESS, 20),
    (AssignmentStatus.ACKNOWLEDGED, 10),
    (AssignmentStatus.NEW, 20),
)


async def seed_tracker(conn: AsyncConnection, plan: TrackerPlan) -> None:
    rng = random.Random(plan.seed)
    at = sqlite_time(plan.created_at)
    agency_rows = [(f"دستگاه آزمایشی {i}", 1, at) for i in range(plan.agencies)]
    await conn.exec_driver_sql(
        "INSERT INTO agencies (name, active, created_at) VALUES (?, ?, ?)", agency_rows
    )
    agency_ids = [r[0] for r in await conn.exec_driver_sql("SELECT id FROM agencies ORDER BY id")]
    held = [plan.last_held_on - timedelta(days=7 * (plan.meetings - 1 - m)) for m in range(plan.meetings)]
    await conn.exec_driver_sql(
        "INSERT INTO meetings (number, held_on, title, created_at, created_by) VALUES (?, ?, '', ?, 'seed')",
        [(m + 1, held[m].isoformat(), at) for m in range(plan.meetings)],
    )
    meeting_ids = [r[0] for r in await conn.exec_driver_sql("SELECT id FROM meetings ORDER BY number")]
    resolutions = [
        (meeting_ids[m], n, f"مقرر گردید: مصوبه آزمایشی {n} جلسه {m + 1} پیگیری شود.", at)
        for m in range(plan.meetings)
        for n in range(1, plan.resolutions_per_meeting + 1)
    ]
    await conn.exec_driver_sql(
        "INSERT INTO resolutions (meeting_id, number, text, items, deadline_raw, deadline_kind,"
        " deadline_amount, deadline_unit, created_at, created_by)"
        " VALUES (?, ?, ?, '[]', '۲ هفته', 'relative', 2, 'week', ?, 'seed')",
        resolutions,
    )
    draw = [status for status, share in STATUS_DRAW for _ in range(share)]
    rows = []
    for index, (resolution_id,) in enumerate(
        await conn.exec_driver_sql("SELECT id FROM resolutions ORDER BY id")
    ):
        due = held[index // plan.resolutions_per_meeting] + timedelta(days=14)
        for k in range(plan.per_resolution):
            status = rng.choice(draw)
            done = due + timedelta(days=rng.randint(-10, 12)) if status in DONE_STATUSES else None
            percent = 100 if done else rng.choice((0, 20, 50, 80))
            agency = agency_ids[(index * 7 + k * 19) % len(agency_ids)]
            rows.append(
                (
                    resolution_id,
                    agency,
                    status,
                    percent,
                    due.isoformat(),
                    done.isoformat() if done else None,
                    at,
                )
            )
    await conn.exec_driver_sql(
        "INSERT INTO assignments (resolution_id, agency_id, status, percent, due_on, ongoing, done_on,"
        " escalation_count, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, 0, ?, ?7)",
        rows,
    )
    count = len(rows)
    first = next(iter(await conn.exec_driver_sql("SELECT MIN(id) FROM assignments")))[0]
    for start in range(0, plan.reports, CHUNK * 10):
        batch = [
            (first + (i % count), f"گزارش پیشرفت شماره {i}: کار ادامه دارد.", (i % 5) * 20, at)
            for i in range(start, min(plan.reports, start + CHUNK * 10))
        ]
        await conn.exec_driver_sql(
            "INSERT INTO progress_reports (assignment_id, text, percent, attachments, created_at)"
            " VALUES (?, ?, ?, '[]', ?)",
            batch,
        )


async def seed_fanout(
    conn: AsyncConnection,
    representatives: int,
    first_user: int,
    at: datetime,
    platform: str = "telegram",
) -> int:
    """One agency with `representatives` members (user and chat ids from `first_user`) and one
    resolution assigned to it; returns the assignment's id (its push goes to every one of them)."""
    agency = await AgencyRepo(conn).add("اداره کل آزمایش استان", at=at)
    members_repo = MemberRepo(conn)
    for i in range(representatives):
        await members_repo.add(
            platform=platform,
            user_id=first_user + i,
            chat_id=first_user + i,
            display_name=f"نماینده {i}",
            username=None,
            role="agency",
            agency_id=agency.id,
            at=at,
        )
    meeting = await MeetingRepo(conn).add(
        number=19,
        held_on=date(2022, 9, 1),
        title="جلسه ۱۹",
        source_name=None,
        source_sha256=None,
        created_by="bench",
        at=at,
    )
    resolution = await ResolutionRepo(conn).add(
        meeting_id=meeting.id,
        number=1,
        text="مقرر گردید: آزمون ارسال گسترده",
        items=[],
        deadline_raw="۲ هفته",
        deadline_kind="relative",
        deadline_amount=2,
        deadline_unit="week",
        created_by="bench",
        at=at,
    )
    assignment = await AssignmentRepo(conn).add(resolution.id, agency.id, date(2022, 9, 15), False, at)
    return assignment.id
