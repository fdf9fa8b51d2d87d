"""Extension requests: an agency asks for a later date with a reason; the secretariat approves or denies."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.workdays import WorkCalendar
from bot.services.access import AccessDenied, Actor
from bot.services.assignments import AssignmentService, StepPassed
from bot.services.errors import ServiceError
from bot.services.extensions import ExtensionService
from bot.texts import people as people_texts
from bot.texts import push as t
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.audit import AuditRepo
from storage.tables import outbox
from tests.people_helpers import people
from tests.tracker_helpers import ids_by_agency, import_31, imported_31

TEHRAN = ZoneInfo("Asia/Tehran")


@pytest.fixture
def clock() -> FixedClock:
    # 1405/07/18 09:30 Tehran: two days after meeting 31, whose row 3 is due 1405/07/26.
    return FixedClock(datetime(2026, 10, 10, 6, 0, tzinfo=UTC))


def service(db: Database, clock: FixedClock) -> ExtensionService:
    return ExtensionService(db, clock, WorkCalendar(), TEHRAN)


async def own_items(db: Database, actor: Actor) -> tuple[int, int]:
    """The representative's dated item (minutes 31 row 3) and ongoing item (row 4)."""
    dated, ongoing = (await ids_by_agency(db))[actor.agency_id or 0][:2]
    return dated, ongoing


async def notices(db: Database) -> list[str]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(outbox.c.payload).where(outbox.c.kind == "notice").order_by(outbox.c.id)
        )
        return [str(row.payload["text"]) for row in rows]


async def test_request_then_approve_moves_the_due_date_and_tells_both_sides(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep, secretariat = actors["agency"], actors["secretariat"]
    dated, _ = await own_items(db, rep)
    extensions = service(db, clock)
    start = await extensions.extendable(rep, dated)
    due = start.due
    assert due == jalali_date(1405, 7, 26) and start.item.number == 3
    # Not overdue: a length counts from the due date; the example is a working day a month after it.
    assert start.from_due and start.counted_from == due and start.example == jalali_date(1405, 8, 26)
    # A Jalali date; 1405/08/14 is a Wednesday, a working day: it stays.
    new = await extensions.new_due(rep, dated, "۱۴۰۵/۰۸/۱۴")
    assert (new.due, new.relative, new.moved_from, new.start) == (
        jalali_date(1405, 8, 14),
        False,
        None,
        start,
    )
    wanted = new.due
    request = await extensions.request(rep, dated, wanted, "  نامه به وزارت نیرو هنوز پاسخ ندارد ")
    assert (request.decision, request.reason, request.old_due) == (
        "pending",
        "نامه به وزارت نیرو هنوز پاسخ ندارد",
        due,
    )
    with pytest.raises(ServiceError, match=t.EXTEND_PENDING):
        await extensions.extendable(rep, dated)
    texts = await notices(db)
    assert "تمدید مهلت خواست" in texts[-1] and "۱۴۰۵/۰۸/۱۴" in texts[-1] and "وزارت نیرو" in texts[-1]

    approved = await extensions.approve(secretariat, request.id)
    assert approved.decision == "approved"
    async with db.read() as conn:
        row = await AssignmentRepo(conn).get(dated)
        audit = [(a.action, a.actor) for a in await AuditRepo(conn).list("assignment", dated)]
    assert row is not None and row.due_on == wanted
    assert [a for a, _ in audit if a.startswith("extension.")] == ["extension.request", "extension.approve"]
    assert "موافقت کرد" in (await notices(db))[-1]
    # Decided once: a second press (or a second secretary) changes nothing.
    with pytest.raises(ServiceError, match="پیش‌تر بررسی شده"):
        await extensions.approve(secretariat, request.id)
    with pytest.raises(ServiceError, match="پیش‌تر بررسی شده"):
        await extensions.deny(secretariat, request.id, "دیر است")


async def test_deny_keeps_the_date_and_sends_the_reason(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep, secretariat = actors["agency"], actors["secretariat"]
    dated, _ = await own_items(db, rep)
    extensions = service(db, clock)
    wanted = (await extensions.new_due(rep, dated, "۱۴۰۵/۰۸/۱۴")).due
    request = await extensions.request(rep, dated, wanted, "کمبود اعتبار")
    with pytest.raises(ServiceError, match=t.DENY_REASON_EMPTY):
        await extensions.deny(secretariat, request.id, "   ")
    denied = await extensions.deny(secretariat, request.id, "<b>مهلت کافی بوده است</b>")
    assert denied.decision == "denied"
    async with db.read() as conn:
        row = await AssignmentRepo(conn).get(dated)
    assert row is not None and row.due_on == jalali_date(1405, 7, 26)
    last = (await notices(db))[-1]
    assert "موافقت نکرد" in last and "&lt;b&gt;مهلت کافی" in last  # escaped on Telegram
    # After a decision the agency may ask again.
    assert (await extensions.extendable(rep, dated)).item.id == dated


async def test_bad_requests_are_refused_with_a_reason(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    dated, ongoing = await own_items(db, rep)
    extensions = service(db, clock)
    with pytest.raises(ServiceError, match=t.EXTEND_ONGOING):
        await extensions.extendable(rep, ongoing)
    for text in ("", "به زودی", "مستمر"):
        with pytest.raises(ServiceError, match=t.EXTEND_BAD_DATE):
            await extensions.new_due(rep, dated, text)
    # Before the current due date (1405/07/26), and the current date itself: "after 1405/07/26".
    for text in ("۱۴۰۵/۰۷/۲۰", "۱۴۰۵/۰۷/۲۶", "۱۴۰۰/۰۱/۱۵"):
        with pytest.raises(ServiceError, match="باید بعد از ۱۴۰۵/۰۷/۲۶"):
            await extensions.new_due(rep, dated, text)
    with pytest.raises(ServiceError, match=t.EXTEND_TOO_FAR):
        await extensions.new_due(rep, dated, "۱۴۰۹/۰۱/۱۵")
    with pytest.raises(ServiceError, match=t.EXTEND_REASON_EMPTY):
        await extensions.request(rep, dated, jalali_date(1405, 8, 14), " ")
    with pytest.raises(ServiceError, match="بلندتر از"):
        await extensions.request(rep, dated, jalali_date(1405, 8, 14), "ک" * 5000)
    # A date the service did not check is checked again when the request is stored.
    with pytest.raises(ServiceError, match="باید بعد از"):
        await extensions.request(rep, dated, date(2020, 1, 1), "دلیل")
    assert await notices(db) == []


async def test_a_relative_date_counts_from_the_current_due_date(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    dated, _ = await own_items(db, rep)
    # Due 1405/07/26, today 1405/07/18: «۲ هفته» more is 1405/08/10.
    new = await service(db, clock).new_due(rep, dated, "۲ هفته")
    assert (new.due, new.raw, new.relative, new.moved_from) == (
        jalali_date(1405, 8, 10),
        "۲ هفته",
        True,
        None,
    )
    assert new.start.from_due and new.start.counted_from == jalali_date(1405, 7, 26)


async def test_relative_dates_count_from_today_once_overdue_and_land_on_a_working_day(db: Database) -> None:
    # Today is Friday 1405/08/01, after the item's due date (1405/07/26): «۲ هفته» is 1405/08/15, a Friday,
    # so the new due date is Saturday 1405/08/16.
    clock = FixedClock(datetime(2026, 10, 23, 6, 0, tzinfo=UTC))
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    dated, _ = await own_items(db, rep)
    new = await service(db, clock).new_due(rep, dated, "۲ هفته")
    assert new.due == jalali_date(1405, 8, 16) and new.moved_from == jalali_date(1405, 8, 15)
    assert not new.start.from_due and new.start.counted_from == jalali_date(1405, 8, 1)
    assert new.start.due == jalali_date(1405, 7, 26)


async def test_only_the_agency_asks_and_only_the_secretariat_decides(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    dated, _ = await own_items(db, rep)
    foreign = next(v[0] for k, v in (await ids_by_agency(db)).items() if k != rep.agency_id)
    extensions = service(db, clock)
    for who in ("stranger", "governor", "secretariat", "system"):
        with pytest.raises(AccessDenied):
            await extensions.extendable(actors[who], dated)
    with pytest.raises(ServiceError, match=people_texts.ASSIGNMENT_NOT_YOURS):
        await extensions.request(rep, foreign, jalali_date(1405, 8, 14), "دلیل")
    request = await extensions.request(rep, dated, jalali_date(1405, 8, 14), "دلیل")
    for who in ("stranger", "governor", "agency"):
        with pytest.raises(AccessDenied):
            await extensions.approve(actors[who], request.id)
        with pytest.raises(AccessDenied):
            await extensions.deny(actors[who], request.id, "نه")
    with pytest.raises(ServiceError, match=t.EXTEND_NOT_FOUND):
        await extensions.approve(actors["secretariat"], 999_999)


async def test_an_item_past_the_agency_s_work_is_not_extended(db: Database, clock: FixedClock) -> None:
    """Reported done (or verified): the «درخواست تمدید» of an older message is a step gone past."""
    actors, (dated, _) = await imported_31(db, clock)
    rep = actors["agency"]
    await AssignmentService(db, clock).report_done(rep, dated)
    extensions = service(db, clock)
    with pytest.raises(
        StepPassed, match="این مرحله گذشته است — وضعیت کنونی: انجام‌شده \\(منتظر تأیید\\) ۱۰۰٪"
    ):
        await extensions.extendable(rep, dated)
    with pytest.raises(StepPassed):
        await extensions.new_due(rep, dated, "۲ هفته")
    with pytest.raises(StepPassed):
        await extensions.request(rep, dated, jalali_date(1405, 8, 14), "دلیل")
    assert await notices(db) != [] and "تمدید" not in (await notices(db))[-1]
