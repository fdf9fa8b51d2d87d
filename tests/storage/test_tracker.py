"""MeetingRepo, ResolutionRepo, AssignmentRepo, AuditRepo, StatusRepo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage.engine import Database
from storage.errors import Conflict, NotFound
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.repositories.status import StatusRepo
from tests.storage import helpers
from tests.storage.helpers import HELD_ON, T0


async def test_meetings(db: Database) -> None:
    async with db.transaction() as conn:
        repo = MeetingRepo(conn)
        m23 = await repo.add(
            number=23,
            held_on=date(2022, 12, 5),
            title="بیست و سومین جلسه قرارگاه اجتماعی استان",
            source_name="002.md",
            source_sha256="ab" * 32,
            created_by="cli",
            at=T0,
        )
        m19 = await repo.add(
            number=19,
            held_on=HELD_ON,
            title="نوزدهمین جلسه",
            source_name=None,
            source_sha256=None,
            created_by="cli",
            at=T0,
        )
        with pytest.raises(Conflict) as caught:
            await repo.add(
                number=19,
                held_on=HELD_ON,
                title="x",
                source_name=None,
                source_sha256=None,
                created_by="cli",
                at=T0,
            )
    assert caught.value.existing_id == m19.id
    assert (m23.number, m23.held_on, m23.source_sha256, m23.created_at) == (
        23,
        date(2022, 12, 5),
        "ab" * 32,
        T0,
    )
    async with db.read() as conn:
        repo = MeetingRepo(conn)
        assert await repo.get_by_number(23) == m23
        assert await repo.get_by_number(20) is None
        assert await repo.get(m19.id) == m19
        assert await repo.list() == [m19, m23]


async def test_resolutions(db: Database) -> None:
    async with db.transaction() as conn:
        m = await helpers.meeting(conn)
        other = await helpers.meeting(conn, 23)
        repo = ResolutionRepo(conn)
        three = await repo.add(
            meeting_id=m.id,
            number=3,
            text="مقرر گردید",
            items=["الف", "ب"],
            deadline_raw="۱۴۰۱/۰۹/۱۵",
            deadline_kind="date",
            deadline_amount=None,
            deadline_unit=None,
            created_by="cli",
            at=T0,
        )
        one = await repo.add(
            meeting_id=m.id,
            number=1,
            text="مقرر گردید",
            items=[],
            deadline_raw="۱ هفته",
            deadline_kind="relative",
            deadline_amount=1,
            deadline_unit="week",
            created_by="cli",
            at=T0,
        )
        elsewhere = await helpers.resolution(conn, 23, 1)  # the same number in another meeting is fine
        with pytest.raises(Conflict):
            await repo.add(
                meeting_id=m.id,
                number=3,
                text="x",
                items=[],
                deadline_raw="مستمر",
                deadline_kind="ongoing",
                deadline_amount=None,
                deadline_unit=None,
                created_by="cli",
                at=T0,
            )
    assert three.items == ("الف", "ب") and three.deadline_kind == "date"
    assert elsewhere.meeting_id == other.id
    async with db.read() as conn:
        repo = ResolutionRepo(conn)
        assert await repo.get(m.id, 3) == three
        assert await repo.get(m.id, 2) is None
        assert await repo.get_by_id(one.id) == one
        assert await repo.list_for_meeting(m.id) == [one, three]
        assert await repo.count() == 3


async def test_assignments(db: Database) -> None:
    later = T0 + timedelta(days=3)
    async with db.transaction() as conn:
        r = await helpers.resolution(conn)
        a1 = await helpers.agency(conn, "بهزیستی")
        a2 = await helpers.agency(conn, "آموزش و پرورش")
        repo = AssignmentRepo(conn)
        first = await repo.add(
            r.id, a1.id, due_on=date(2022, 9, 15), ongoing=False, at=T0, next_reminder_at=later
        )
        second = await repo.add(resolution_id=r.id, agency_id=a2.id, due_on=None, ongoing=True, at=T0)
        with pytest.raises(Conflict) as caught:
            await repo.add(r.id, a1.id, due_on=None, ongoing=False, at=T0)
    assert caught.value.existing_id == first.id
    assert (first.status, first.percent, first.escalation_count, first.next_reminder_at) == (
        "new",
        0,
        0,
        later,
    )
    assert (second.ongoing, second.due_on, second.created_at, second.updated_at) == (True, None, T0, T0)
    async with db.read() as conn:
        repo = AssignmentRepo(conn)
        assert await repo.get(first.id) == first
        assert await repo.find(r.id, a2.id) == second
        assert await repo.find(r.id, a2.id + 50) is None
        assert await repo.list_for_resolution(r.id) == [first, second]


async def test_update_status(db: Database) -> None:
    later = T0 + timedelta(hours=5)
    async with db.transaction() as conn:
        row = await helpers.assignment(conn)
        repo = AssignmentRepo(conn)
        updated = await repo.update_status(row.id, "in_progress", 40, at=later)
        with pytest.raises(ValueError, match="status"):
            await repo.update_status(row.id, "finished", 40, at=later)
        with pytest.raises(ValueError, match="percent"):
            await repo.update_status(row.id, "in_progress", 140, at=later)
        with pytest.raises(NotFound):
            await repo.update_status(row.id + 1, "in_progress", 40, at=later)
    assert (updated.status, updated.percent, updated.updated_at, updated.created_at) == (
        "in_progress",
        40,
        later,
        T0,
    )
    async with db.read() as conn:
        assert await AssignmentRepo(conn).get(row.id) == updated


async def test_audit_record_and_list(db: Database) -> None:
    async with db.transaction() as conn:
        audit = AuditRepo(conn)
        for entity_id, action in [(1, "agency.create"), (2, "agency.create"), (1, "agency.alias_add")]:
            await audit.record(
                at=T0,
                actor="cli",
                action=action,
                entity="agency",
                entity_id=entity_id,
                before={"aliases": []} if action.endswith("add") else None,
                after={"name": "بهزیستی", "aliases": ["بهزیستی استان"]},
            )
        await audit.record(
            at=T0, actor="bot", action="x", entity="meeting", entity_id=None, before=None, after=None
        )
    async with db.read() as conn:
        audit = AuditRepo(conn)
        everything = await audit.list()
        agency_one = await audit.list("agency", 1)
        meetings = await audit.list(entity="meeting")
    assert [e.id for e in everything] == sorted(e.id for e in everything) and len(everything) == 4
    assert [e.action for e in agency_one] == ["agency.create", "agency.alias_add"]
    assert agency_one[1].before == {"aliases": []}
    assert agency_one[1].after == {"name": "بهزیستی", "aliases": ["بهزیستی استان"]}
    assert (agency_one[0].at, agency_one[0].actor, agency_one[0].actor_member_id) == (T0, "cli", None)
    assert [(e.entity_id, e.before, e.after) for e in meetings] == [(None, None, None)]


async def test_status_overview_ordering_and_count(db: Database) -> None:
    async with db.transaction() as conn:
        # Created out of order on purpose.
        await helpers.assignment(conn, "شهرداری کمالشهر", meeting_number=23, number=1)
        await helpers.assignment(conn, "پلیس راهور", meeting_number=19, number=2)
        await helpers.assignment(conn, "بهزیستی", meeting_number=19, number=2)
        late = await helpers.assignment(conn, "ورزش و جوانان", meeting_number=19, number=10, due_on=None)
        await helpers.assignment(conn, "آموزش و پرورش", meeting_number=19, number=2)
        await AssignmentRepo(conn).update_status(late.id, "done_reported", 100, at=T0, done_on=T0.date())
        await AgencyRepo(conn).set_active(late.agency_id, False)  # inactive agencies still show their items
    async with db.read() as conn:
        repo = StatusRepo(conn)
        rows = await repo.assignment_overview()
        count = await repo.resolution_count()
    assert [(r.meeting_number, r.resolution_number, r.agency_name) for r in rows] == [
        (19, 2, "آموزش و پرورش"),
        (19, 2, "بهزیستی"),
        (19, 2, "پلیس راهور"),
        (19, 10, "ورزش و جوانان"),
        (23, 1, "شهرداری کمالشهر"),
    ]
    assert count == 3
    done = rows[3]
    assert (done.assignment_id, done.status, done.percent, done.due_on, done.ongoing) == (
        late.id,
        "done_reported",
        100,
        None,
        False,
    )
    assert (done.meeting_held_on, done.resolution_text, done.last_report_at) == (
        HELD_ON,
        "مقرر گردید: بند 10",
        None,
    )
    assert rows[0].resolution_id == rows[1].resolution_id != rows[4].resolution_id


async def test_overview_of_an_empty_database(db: Database) -> None:
    async with db.read() as conn:
        repo = StatusRepo(conn)
        assert await repo.assignment_overview() == []
        assert await repo.resolution_count() == 0
