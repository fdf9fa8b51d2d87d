"""An agency representative's actions on an assignment: only on the agency's own, each audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.services.access import AccessDenied, Role
from bot.services.assignments import MAX_REPORT, AssignmentService, StepPassed, percent_in
from bot.services.errors import ServiceError
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from storage.repositories.progress import ProgressRepo
from storage.tables import outbox
from tests.people_helpers import AGENCY_A, enrol, people
from tests.tracker_helpers import ids_by_agency, import_31, imported_31


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
    # A button of an older message: the step is gone past; where the item stands is said.
    for call in (service.report_done, service.reportable, service.acknowledge):
        with pytest.raises(StepPassed, match="وضعیت کنونی: تأییدشده ۱۰۰٪") as passed:
            await call(rep, own)
        assert passed.value.view.status == "verified" and passed.value.final


async def outbox_rows(db: Database, kind: str) -> list[dict[str, Any]]:
    async with db.read() as conn:
        rows = await conn.execute(select(outbox.c.payload).where(outbox.c.kind == kind).order_by(outbox.c.id))
        return [dict(row.payload) for row in rows]


def button_data(payload: dict[str, Any]) -> list[str]:
    return [b["callback_data"] for row in payload["buttons"] for b in row]


async def test_a_step_gone_past_changes_nothing_and_says_where_the_item_stands(
    db: Database, clock: FixedClock
) -> None:
    actors, (own, _) = await imported_31(db, clock)
    rep = actors["agency"]
    service = AssignmentService(db, clock)
    view = await service.acknowledge(rep, own)
    assert (view.status, view.ongoing) == ("acknowledged", False)
    # «دریافت شد» again (the push of another representative of the agency, or pressed twice).
    with pytest.raises(StepPassed, match=r"^این مرحله گذشته است — وضعیت کنونی: دریافت‌شده ۰٪$"):
        await service.acknowledge(rep, own)
    await service.report(rep, own, "۳۰٪")
    with pytest.raises(StepPassed, match="در حال انجام ۳۰٪"):
        await service.acknowledge(rep, own)
    assert (await service.report_done(rep, own)).status == "done_reported"
    before = await outbox_rows(db, "notice")
    with pytest.raises(StepPassed, match="انجام‌شده \\(منتظر تأیید\\) ۱۰۰٪"):
        await service.report_done(rep, own)  # «انجام شد» twice: told once to the secretariat
    assert await outbox_rows(db, "notice") == before
    assert (await service.reportable(rep, own)).status == "done_reported"  # a report is still taken
    async with db.read() as conn:
        actions = [a.action for a in await AuditRepo(conn).list("assignment", own)]
    assert actions.count("assignment.acknowledge") == 1 and actions.count("assignment.done_reported") == 1


async def test_a_decision_told_to_the_agency_carries_the_buttons_of_the_item_s_state(
    db: Database, clock: FixedClock
) -> None:
    actors, (own, _) = await imported_31(db, clock)
    rep, secretariat = actors["agency"], actors["secretariat"]
    service = AssignmentService(db, clock)
    await service.report_done(rep, own)
    await service.send_back(secretariat, own, "نامه پیوست نشده است")
    back = (await outbox_rows(db, "notice"))[-1]
    # Sent back to in progress: «انجام شد» can be pressed again from the notice itself.
    assert "↩️" in back["text"]
    assert button_data(back) == [f"as:report:{own}", f"as:extend:{own}", f"as:done:{own}"]
    await service.report_done(rep, own)
    await service.verify(secretariat, own)
    verified = (await outbox_rows(db, "notice"))[-1]
    assert "✔️" in verified["text"] and verified["buttons"] == []


async def test_a_representative_registered_later_gets_the_buttons_of_the_item_s_state(
    db: Database, clock: FixedClock
) -> None:
    actors, (dated, ongoing) = await imported_31(db, clock)
    await AssignmentService(db, clock).acknowledge(actors["agency"], dated)
    later = await enrol(db, clock, 2002, Role.AGENCY, AGENCY_A, "رضا")
    pushes = [p for p in await outbox_rows(db, "push") if p["member_id"] == later.id]
    assert [button_data(p) for p in pushes] == [
        [f"as:report:{dated}", f"as:extend:{dated}", f"as:done:{dated}"],  # acknowledged: no «دریافت شد»
        [f"as:ack:{ongoing}", f"as:report:{ongoing}", f"as:done:{ongoing}"],  # new and ongoing: no extension
    ]
