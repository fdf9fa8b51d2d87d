"""Builders for storage tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import AgencyRow, AssignmentRow, MeetingRow, ResolutionRow


def sqlite_url(folder: Path) -> str:
    return f"sqlite+aiosqlite:///{folder / 'peygir.db'}"


T0 = datetime(2022, 9, 1, 5, 30, tzinfo=UTC)
HELD_ON = date(2022, 9, 1)  # 1401/06/10


async def agency(conn: AsyncConnection, name: str) -> AgencyRow:
    repo = AgencyRepo(conn)
    return await repo.get_by_name(name) or await repo.add(name, at=T0)


async def meeting(conn: AsyncConnection, number: int = 19) -> MeetingRow:
    repo = MeetingRepo(conn)
    found = await repo.get_by_number(number)
    if found is not None:
        return found
    return await repo.add(
        number=number,
        held_on=HELD_ON,
        title=f"جلسه {number}",
        source_name=None,
        source_sha256=None,
        created_by="test",
        at=T0,
    )


async def resolution(conn: AsyncConnection, meeting_number: int = 19, number: int = 1) -> ResolutionRow:
    m = await meeting(conn, meeting_number)
    repo = ResolutionRepo(conn)
    found = await repo.get(m.id, number)
    if found is not None:
        return found
    return await repo.add(
        meeting_id=m.id,
        number=number,
        text=f"مقرر گردید: بند {number}",
        items=[],
        deadline_raw="۲ هفته",
        deadline_kind="relative",
        deadline_amount=2,
        deadline_unit="week",
        created_by="test",
        at=T0,
    )


async def assignment(
    conn: AsyncConnection,
    agency_name: str = "شهرداری کمالشهر",
    meeting_number: int = 19,
    number: int = 1,
    due_on: date | None = date(2022, 9, 15),
) -> AssignmentRow:
    r = await resolution(conn, meeting_number, number)
    a = await agency(conn, agency_name)
    return await AssignmentRepo(conn).add(
        resolution_id=r.id, agency_id=a.id, due_on=due_on, ongoing=False, at=T0
    )
