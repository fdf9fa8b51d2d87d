"""The secretariat's digest of progress reports: at the configured times on working days, once each."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import Settings, parse_times
from bot.domain.clock import FixedClock
from bot.domain.workdays import WorkCalendar
from bot.services.access import Actor
from bot.services.assignments import AssignmentService
from bot.services.report_digest import MOST, ReportDigestService
from storage.engine import Database
from storage.tables import outbox
from tests.people_helpers import people
from tests.tracker_helpers import ids_by_agency, import_31

TEHRAN = ZoneInfo("Asia/Tehran")


def at(text: str) -> datetime:
    """«2026-10-14 07:00» Tehran time."""
    return datetime.fromisoformat(text).replace(tzinfo=TEHRAN)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(at("2026-10-13 09:00").astimezone(UTC))  # Tuesday 1405/07/21


def digest(db: Database, clock: FixedClock) -> ReportDigestService:
    return ReportDigestService(db, clock, WorkCalendar(), TEHRAN, (time(8, 0), time(14, 0)))


async def reporting(db: Database, clock: FixedClock) -> tuple[AssignmentService, Actor, int]:
    """Minutes 31 and the municipality's representative, whose reports wait for the digest."""
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    own = (await ids_by_agency(db))[rep.agency_id or 0][0]
    return AssignmentService(db, clock, digest=True), rep, own


async def notices(db: Database) -> list[str]:
    async with db.read() as conn:
        rows = await conn.execute(
            select(outbox.c.payload).where(outbox.c.kind == "notice").order_by(outbox.c.id)
        )
        return [str(r.payload["text"]) for r in rows]


def test_parse_times() -> None:
    assert parse_times("۱۴:۰۰, 8:00") == (time(8, 0), time(14, 0))
    for bad in ("", "25:00", "ساعت هشت"):
        with pytest.raises(ValueError):
            parse_times(bad)
    settings = Settings.model_validate({"secretariat_reports": "digest", "report_digest_at": "09:30"})
    assert settings.report_digest_at == (time(9, 30),)


def test_slots_skip_fridays_and_holidays(clock: FixedClock) -> None:
    service = ReportDigestService(None, clock, WorkCalendar(), TEHRAN, (time(8, 0), time(14, 0)))  # type: ignore[arg-type]
    assert service.last_slot(at("2026-10-13 13:59")) == at("2026-10-13 08:00")
    assert service.last_slot(at("2026-10-13 14:00")) == at("2026-10-13 14:00")
    assert service.last_slot(at("2026-10-13 07:00")) == at("2026-10-12 14:00")
    # Friday 2026-10-16: the Thursday afternoon slot stands until Saturday morning.
    assert service.last_slot(at("2026-10-16 20:00")) == at("2026-10-15 14:00")
    assert service.last_slot(at("2026-10-17 08:30")) == at("2026-10-17 08:00")


async def test_reports_wait_for_the_digest_and_go_once(db: Database, clock: FixedClock) -> None:
    assignments, rep, own = await reporting(db, clock)
    await assignments.report(rep, own, "۳۰٪ — جلسه با <شرکت برق>")
    clock.advance(timedelta(hours=1))
    await assignments.report(rep, own, "۴۵٪")
    assert await notices(db) == []  # nothing at once
    service = digest(db, clock)
    # 10:00: the 08:00 slot was before both reports.
    assert await service.send_due() == 0
    clock.advance(timedelta(hours=4))  # 14:00
    assert await service.send_due() == 2
    assert await service.send_due() == 0  # once per slot
    texts = await notices(db)
    assert len(texts) == 1
    assert "جلسه ۳۱ ردیف ۳ — شهرداری کمالشهر (علی)، ۳۰٪: ۳۰٪ — جلسه با &lt;شرکت برق&gt;" in texts[0]
    assert "۴۵٪" in texts[0] and "از ۱۴۰۵/۰۷/۱۴" in texts[0]  # the first digest looks back a week
    # A report after 14:00 waits for the next working morning; the window starts where the last ended.
    clock.advance(timedelta(hours=2))
    await assignments.report(rep, own, "۶۰٪")
    clock.advance(timedelta(hours=17))  # Wednesday 09:00
    assert await service.send_due() == 1
    last = (await notices(db))[-1]
    assert "۶۰٪" in last and "۴۵٪" not in last and "از ۱۴۰۵/۰۷/۲۱ ۱۴:۰۰" in last


async def test_a_long_digest_is_cut(db: Database, clock: FixedClock) -> None:
    assignments, rep, own = await reporting(db, clock)
    for n in range(MOST + 5):
        await assignments.report(rep, own, f"گزارش {n} " + "ک" * 500)
    clock.advance(timedelta(hours=5))
    assert await digest(db, clock).send_due() == MOST + 5
    text = (await notices(db))[-1]
    assert "و ۵ گزارش دیگر" in text and len(text) < 4096
