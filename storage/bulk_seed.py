"""Synthetic councils in bulk, for benchmarks and load tests (not used by the product): agencies with one
representative each, one meeting, and one resolution with one assignment per row, in a few statements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.tables import agencies, assignments, meetings, members, resolutions

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
                    "status": "new",
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
