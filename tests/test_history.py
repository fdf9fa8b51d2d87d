"""/history's service: a resolution's audited timeline, for the secretariat and the governor's office."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.workdays import WorkCalendar
from bot.services.access import AccessDenied
from bot.services.assignments import AssignmentService
from bot.services.errors import ServiceError
from bot.services.extensions import ExtensionService
from bot.services.history import HistoryService, parse_reference
from storage.engine import Database
from tests.people_helpers import people
from tests.tracker_helpers import ids_by_agency, import_31, parsed


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 10, 10, 6, 0, tzinfo=UTC))  # 1405/07/18


@pytest.mark.parametrize(("text", "ref"), [("۳۱/۳", (31, 3)), ("31/3", (31, 3)), (" ۳۱ ۱۲ ", (31, 12))])
def test_references(text: str, ref: tuple[int, int]) -> None:
    assert parse_reference(text) == ref


@pytest.mark.parametrize("text", ["۳۱", "سی و یک/۳", "۳۱/۳/۲", ""])
def test_bad_references(text: str) -> None:
    with pytest.raises(ServiceError, match="مثل «۳۱/۳»"):
        parse_reference(text)


async def test_timeline_of_a_resolution_in_order_with_report_texts(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    own = (await ids_by_agency(db))[rep.agency_id or 0][0]  # row 3
    assignments = AssignmentService(db, clock)
    clock.advance(timedelta(hours=1))
    await assignments.acknowledge(rep, own)
    clock.advance(timedelta(hours=1))
    await assignments.report(rep, own, "۴۰٪ — نامه به شرکت برق", [{"file_id": "f", "name": "نامه.pdf"}])
    extensions = ExtensionService(db, clock, WorkCalendar(), ZoneInfo("Asia/Tehran"))
    request = await extensions.request(rep, own, jalali_date(1405, 8, 14), "کمبود اعتبار")
    await extensions.approve(actors["secretariat"], request.id)

    history = HistoryService(db)
    found = await history.of_resolution(actors["governor"], 31, 3)
    assert (found.meeting, found.number) == (31, 3) and "روشنایی معابر" in found.text
    assert found.items == ()
    lead_in = await history.of_resolution(actors["governor"], 31, 2)  # a lead-in and two sub-items
    assert lead_in.text == "مقرر گردید: برای کاهش ترک تحصیل در محلات هدف:"
    assert len(lead_in.items) == 2 and lead_in.items == tuple(parsed("minutes_31.md").resolutions[1].items)
    actions = [(e.action, e.agency) for e in found.entries]
    assert actions[0] == ("resolution.create", None)
    # Row 3 names three parties; two are agencies here (the electricity company is not): one
    # assignment.create each, then the municipality's own story.
    assert [a for a, _ in actions].count("assignment.create") == 2
    mine = [e for e in found.entries if e.agency == "شهرداری کمالشهر"]
    assert [e.action for e in mine] == [
        "assignment.create",
        "assignment.acknowledge",
        "progress.report",
        "extension.request",
        "extension.approve",
    ]
    report = mine[2]
    assert report.details["text"] == "۴۰٪ — نامه به شرکت برق" and report.details["attachments"] == 1
    assert report.who == "علی"  # the representative as enrolled in people_helpers
    assert mine[4].details["due_on"] == "2026-11-05" and mine[4].who is not None
    assert [e.at for e in found.entries] == sorted(e.at for e in found.entries)

    assert (await history.of_resolution(actors["secretariat"], 31, 3)).entries == found.entries
    for who in ("agency", "stranger"):
        with pytest.raises(AccessDenied):
            await history.of_resolution(actors[who], 31, 3)
    for meeting, number in ((31, 99), (99, 1)):
        with pytest.raises(ServiceError, match="ثبت نشده"):
            await history.of_resolution(actors["governor"], meeting, number)
