"""An agency representative's actions on an assignment: only on the agency's own, each audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.services.access import AccessDenied
from bot.services.assignments import MAX_REPORT, AssignmentService, percent_in
from bot.services.errors import ServiceError
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.progress import ProgressRepo
from storage.tables import outbox
from tests.people_helpers import people
from tests.tracker_helpers import ids_by_agency, import_31


@pytest.mark.parametrize(
    ("text", "percent"),
    [
        ("۵۰٪ انجام شد", 50),
        ("50%", 50),
        ("حدود ۷۰ درصد", 70),
        ("پیشرفت 100 ٪", 100),
        ("نامه ۱۲ ارسال شد", None),
    ],
)
def test_percent_in_text(text: str, percent: int | None) -> None:
    assert percent_in(text) == percent


def test_a_percent_over_100_is_refused() -> None:
    with pytest.raises(ServiceError, match=texts.REPORT_BAD_PERCENT):
        percent_in("۱۵۰٪")


async def test_only_the_agency_s_representative_acts_on_its_items(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    by_agency = await ids_by_agency(db)
    own, foreign = (
        by_agency[rep.agency_id or 0][0],
        next(v[0] for k, v in by_agency.items() if k != rep.agency_id),
    )
    service = AssignmentService(db, clock)
    for who in ("stranger", "governor", "secretariat", "system"):
        with pytest.raises(AccessDenied):
            await service.acknowledge(actors[who], own)
    for call in (service.acknowledge, service.report_done, service.view):
        with pytest.raises(ServiceError, match=texts.ASSIGNMENT_NOT_YOURS):
            await call(rep, foreign)
        with pytest.raises(ServiceError, match=texts.ASSIGNMENT_NOT_YOURS):
            await call(rep, 999_999)
    assert (await service.acknowledge(rep, own)).status == "acknowledged"
    view, percent = await service.report(rep, own, "۴۰٪ پیشرفت، نامه ارسال شد")
    assert (view.status, view.percent, percent) == ("in_progress", 40, 40)
    view, percent = await service.report(rep, own, "جلسه با شرکت برق برگزار شد")
    assert (view.percent, percent) == (40, None)  # no percentage: the last one stays
    assert (await service.report_done(rep, own)).status == "done_reported"
    async with db.read() as conn:
        row = await AssignmentRepo(conn).get(own)
        reports = await ProgressRepo(conn).list_for_assignment(own)
        notices = (await conn.execute(select(outbox.c.kind).where(outbox.c.kind == "notice"))).all()
    assert row is not None and (row.percent, row.last_report_at) == (100, clock.now())
    assert [r.member_id for r in reports] == [rep.member_id, rep.member_id]
    assert len(notices) == 3  # two reports and the done, to the one secretariat member


async def test_bad_reports_and_closed_items(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    own = (await ids_by_agency(db))[rep.agency_id or 0][0]
    service = AssignmentService(db, clock)
    with pytest.raises(ServiceError, match=texts.REPORT_EMPTY):
        await service.report(rep, own, "  \n ")
    with pytest.raises(ServiceError):
        await service.report(rep, own, "ا" * (MAX_REPORT + 1))
    with pytest.raises(ServiceError, match=texts.REPORT_BAD_PERCENT):
        await service.report(rep, own, "۱۲۰٪")
    async with db.transaction() as conn:
        await AssignmentRepo(conn).update_status(own, "verified", 100, clock.now())
    with pytest.raises(ServiceError, match=texts.ASSIGNMENT_CLOSED):
        await service.report(rep, own, "باز هم گزارش")
    with pytest.raises(ServiceError, match=texts.ASSIGNMENT_CLOSED):
        await service.report_done(rep, own)
