"""/status's service: the overview's figures, the lists, one resolution, the ranking, and who sees what."""

from __future__ import annotations

import pytest

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.services.access import AccessDenied
from bot.services.assignments import AssignmentService
from bot.services.errors import ServiceError
from bot.services.status import AgencyChoice, StatusService, week_end
from bot.services.status_models import Period, parse_period, parse_status_query
from storage.engine import Database
from storage.repositories.assignments import AssignmentRepo
from tests.people_helpers import AGENCY_A, AGENCY_B
from tests.status_helpers import TEHRAN, council


def service(db: Database, clock: FixedClock) -> StatusService:
    return StatusService(db, clock, TEHRAN)


async def test_the_overview_counts_overdue_due_this_week_and_on_time(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    overview = await service(db, clock).overview(c.actors["governor"])
    assert overview.today == jalali_date(1401, 10, 5)
    assert (overview.resolutions, overview.assignments) == (4, 5)
    assert overview.by_status == {
        "new": 3,
        "acknowledged": 0,
        "in_progress": 1,
        "done_reported": 1,
        "verified": 0,
        "cancelled": 0,
    }
    # Row 2 (due 10/03) for both agencies; row 4 (due Thursday 10/08) falls in this week (to Friday 10/09).
    assert (overview.overdue, overview.due_this_week) == (2, 1)
    # Decided: row 1 done on 10/05 (due 10/07: on time) and row 2 twice (past due): 1 of 3.
    assert (overview.on_time, overview.decided, overview.on_time_rate) == (1, 3, 33)
    assert [(a.name, a.overdue) for a in overview.most_overdue] == [(AGENCY_A, 1), (AGENCY_B, 1)]


async def test_a_representative_sees_only_the_agency(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    status = service(db, clock)
    own = await status.overview(c.actors["agency"])
    assert (own.agency, own.resolutions, own.assignments, own.overdue) == (AGENCY_A, 2, 2, 1)
    assert [a.name for a in own.most_overdue] == [AGENCY_A]
    name, page = await status.agency_items(c.actors["agency"], None)
    assert name == AGENCY_A and {i.agency_name for i in page.items} == {AGENCY_A}
    with pytest.raises(AccessDenied):
        await status.find_agency(c.actors["agency"], AGENCY_B)
    with pytest.raises(AccessDenied):
        await status.agency_items(
            c.actors["agency"],
            c.ids[(2, "b")] and (await status.find_agency(c.actors["governor"], AGENCY_B))[0],
        )
    with pytest.raises(AccessDenied):
        await status.resolution(c.actors["agency"], 40, 3)  # the governorate's alone
    meeting, items = await status.meeting_items(c.actors["agency"], 40)
    assert meeting.number == 40 and [(i.resolution_number, i.agency_name) for i in items.items] == [
        (1, AGENCY_A),
        (2, AGENCY_A),
    ]
    _, overdue = await status.overdue(c.actors["agency"])
    assert [(i.resolution_number, i.agency_name) for i in overdue.items] == [(2, AGENCY_A)]
    with pytest.raises(AccessDenied):
        await status.ranking(c.actors["agency"], Period("all"))
    for call in (status.overview, status.overdue):
        with pytest.raises(AccessDenied):
            await call(c.actors["stranger"])


async def test_lists_page_and_order(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    status = service(db, clock)
    name, page = await status.agency_items(
        c.actors["secretariat"], (await status.find_agency(c.actors["secretariat"], "فرمانداری کرج"))[0]
    )
    assert name == AGENCY_B
    # Open first by due date (row 2 due 10/03, row 4 due 10/08), the ongoing row 3 last.
    assert [i.resolution_number for i in page.items] == [2, 4, 3]
    assert (page.total, page.page, page.pages) == (3, 0, 1)
    _, overdue = await status.overdue(c.actors["governor"], page=7)  # clamped to the last page
    assert overdue.page == 0 and [(i.resolution_number, i.agency_name) for i in overdue.items] == [
        (2, AGENCY_A),
        (2, AGENCY_B),
    ]
    with pytest.raises(ServiceError, match="جلسه ۴۱ ثبت نشده"):
        await status.meeting_items(c.actors["governor"], 41)


async def test_one_resolution_with_each_agencys_latest_report(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    found = await service(db, clock).resolution(c.actors["governor"], 40, 2)
    assert found.items == ("شناسایی مکان", "تجهیز پایگاه")
    assert [(a.agency_name, a.status, a.percent) for a in found.assignments] == [
        (AGENCY_A, "new", 0),
        (AGENCY_B, "in_progress", 50),
    ]
    latest = found.latest[c.ids[(2, "b")]]
    assert latest.text == "۵۰٪ — مکان پایگاه شناسایی شد" and latest.percent == 50
    assert c.ids[(2, "a")] not in found.latest
    with pytest.raises(ServiceError, match="جلسه ۴۰ و ردیف ۹"):
        await service(db, clock).resolution(c.actors["governor"], 40, 9)


async def test_agency_names_are_matched_fuzzily_or_offered(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    status = service(db, clock)
    assert (await status.find_agency(c.actors["governor"], "شهرداری کمال شهر"))[1] == AGENCY_A
    with pytest.raises(AgencyChoice) as choice:
        await status.find_agency(c.actors["governor"], "شهرداری")
    assert {name for _, name in choice.value.suggestions} >= {AGENCY_A, "شهرداری فردیس"}
    with pytest.raises(ServiceError, match="پیدا نشد"):
        await status.find_agency(c.actors["governor"], "اداره کل هواشناسی")


async def test_ranking_by_on_time_share_then_average_delay(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    status = service(db, clock)
    ranking = await status.ranking(c.actors["governor"], Period("all"))
    # The municipality: row 1 on time, row 2 two days late (still open) → 50 %, 1 day on average.
    # The governorate: row 2 two days late → 0 %, 2 days; row 4 is not due yet, row 3 has no due date.
    assert [
        (a.name, a.decided, a.on_time, a.on_time_rate, a.average_delay, a.overdue) for a in ranking.agencies
    ] == [
        (AGENCY_A, 2, 1, 50, 1.0, 1),
        (AGENCY_B, 1, 0, 0, 2.0, 1),
    ]
    month = await status.ranking(c.actors["governor"], Period("month"))
    assert month.since == jalali_date(1401, 10, 1) and len(month.agencies) == 2
    since = await status.ranking(c.actors["secretariat"], Period("meeting", 40))
    assert since.since == jalali_date(1401, 9, 24)
    with pytest.raises(ServiceError, match="جلسه ۳۹ ثبت نشده"):
        await status.ranking(c.actors["governor"], Period("meeting", 39))


def test_queries_and_periods_are_read() -> None:
    assert parse_status_query("").kind == "overview"
    assert parse_status_query("۱۹").meeting == 19
    assert (parse_status_query("۱۹/۳").meeting, parse_status_query("19 / 3").number) == (19, 3)
    assert parse_status_query("شهرداری کرج").text == "شهرداری کرج"
    assert parse_period("ماه") == Period("month") and parse_period("این ماه") == Period("month")
    assert parse_period("جلسه ۱۹") == Period("meeting", 19) and parse_period("۱۹") == Period("meeting", 19)
    assert parse_period("") == Period("all") and parse_period("همه") == Period("all")
    assert parse_period("فردا") is None and parse_period("۱۹ ۲۰") is None
    for period in (Period("month"), Period("all"), Period("meeting", 19)):
        assert Period.from_button(*period.button) == period
    assert Period.from_button("x", 0) is None and Period.from_button("m", 3) is None
    assert Period.from_button("s", 0) is None and Period.from_button("s", 10**7) is None


def test_the_week_ends_on_friday() -> None:
    saturday = jalali_date(1401, 10, 3)
    assert week_end(saturday) == jalali_date(1401, 10, 9)
    assert week_end(jalali_date(1401, 10, 9)) == jalali_date(1401, 10, 9)


async def test_a_done_is_dated_and_a_send_back_undates_it(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)
    row1 = c.ids[(1, "a")]
    async with db.read() as conn:
        reported = await AssignmentRepo(conn).get(row1)
    assert reported is not None and reported.done_on == jalali_date(1401, 10, 5)
    await AssignmentService(db, clock).send_back(
        c.actors["secretariat"], row1, "صورتجلسه تحویل پیوست نشده است"
    )
    async with db.read() as conn:
        returned = await AssignmentRepo(conn).get(row1)
    assert returned is not None and returned.done_on is None
    overview = await service(db, clock).overview(c.actors["secretariat"])
    assert (overview.on_time, overview.decided) == (0, 2)  # row 1 is neither done nor past due now
