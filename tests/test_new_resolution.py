"""/new_resolution's service: the one-message form, the checks, and storing through the importer."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.domain.workdays import WorkCalendar
from bot.services.access import AccessDenied
from bot.services.errors import ServiceError
from bot.services.new_resolution import (
    AgencyNotFound,
    Draft,
    NewResolutionService,
    parse_form,
    parse_items,
)
from bot.texts import new_resolution as t
from storage.engine import Database
from storage.repositories.audit import AuditRepo
from storage.tables import assignments, outbox, resolutions
from tests.people_helpers import AGENCY_A, AGENCY_B, people
from tests.tracker_helpers import import_31


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 10, 10, 6, 0, tzinfo=UTC))  # 1405/07/18, after meeting 31 (07/16)


def service(db: Database, clock: FixedClock) -> NewResolutionService:
    return NewResolutionService(db, clock, WorkCalendar(), ZoneInfo("Asia/Tehran"))


def test_the_help_example_is_a_valid_form() -> None:
    example = t.FORM_HELP.split("\n", 2)[2].rsplit("\nجلسه تازه", 1)[0]
    draft = parse_form(example)
    assert draft.meeting == 31 and draft.held_on is None
    assert draft.text.startswith("مقرر گردید روشنایی")
    assert draft.items == ["نصب چراغ‌ها", "گزارش به دبیرخانه"]
    assert draft.agencies == ["شهرداری کمالشهر", "فرمانداری کرج"]
    assert draft.deadline == "۲ هفته"


def test_form_with_a_new_meeting_and_a_text_over_several_lines() -> None:
    draft = parse_form("جلسه: ۳۲ - ۱۴۰۵/۰۸/۰۱\nمتن: خط یک\nخط دو\nاقدام کننده: کمیته امداد\nمهلت: مستمر")
    assert (draft.meeting, draft.held_on) == (32, jalali_date(1405, 8, 1))
    assert draft.text == "خط یک\nخط دو" and draft.items == []


@pytest.mark.parametrize(
    ("form", "missing"),
    [
        ("متن: الف\nاقدام کننده: الف\nمهلت: ۱ هفته", "جلسه"),
        ("جلسه: ۳۱\nاقدام کننده: الف\nمهلت: ۱ هفته", "متن"),
        ("جلسه: ۳۱\nمتن: \nاقدام کننده: الف\nمهلت: ۱ هفته", "متن"),
        ("جلسه: ۳۱\nمتن: الف\nمهلت: ۱ هفته", "اقدام کننده"),
        ("جلسه: ۳۱\nمتن: الف\nاقدام کننده: الف", "مهلت"),
        ("", "جلسه"),
    ],
)
def test_form_missing_a_field(form: str, missing: str) -> None:
    with pytest.raises(ServiceError, match=f"«{missing}» نیامده"):
        parse_form(form)


def test_items_lose_their_letters() -> None:
    assert parse_items("الف - یک\nب) دو\n۳. سه\n- چهار\n\n") == ["یک", "دو", "سه", "چهار"]


async def test_create_stores_pushes_and_audits_like_an_import(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    new = service(db, clock)
    draft = parse_form(
        "جلسه: ۳۱\nمتن: گزارش <b>آب</b> شرب\nبندها:\nالف - یک\n"
        f"اقدام کننده: {AGENCY_A}، فرمانداری کرج\nمهلت: یک ماه"
    )
    checked, report = await new.create(actors["secretariat"], draft)
    assert checked.number == 5 and checked.agencies == [AGENCY_A, AGENCY_B]  # minutes 31 have rows 1–4
    assert checked.deadline.due == jalali_date(1405, 8, 16)
    assert report.resolutions_created == [5] and report.assignments_created == 2
    assert report.pushes_queued == 1  # the municipality's representative; the governorate has none
    async with db.read() as conn:
        stored = (await conn.execute(select(resolutions).where(resolutions.c.number == 5))).one()
        count = len(
            (
                await conn.execute(select(assignments.c.id).where(assignments.c.resolution_id == stored.id))
            ).all()
        )
        pushes = (await conn.execute(select(outbox.c.payload).where(outbox.c.kind == "push"))).all()
        actions = [a.action for a in await AuditRepo(conn).list()]
    assert stored.text == "گزارش <b>آب</b> شرب" and stored.items == ["یک"] and count == 2
    assert any("&lt;b&gt;آب" in str(p.payload["text"]) for p in pushes)
    assert actions.count("resolution.create") == 5
    # The next one takes row 6; a new meeting needs its date.
    second, _ = await new.create(actors["secretariat"], Draft(31, None, "دوم", [], [AGENCY_A], "مستمر"))
    assert second.number == 6
    with pytest.raises(ServiceError, match="هنوز ثبت نشده"):
        await new.check(actors["secretariat"], Draft(40, None, "متن", [], [AGENCY_A], "مستمر"))
    third, _ = await new.create(
        actors["secretariat"], Draft(40, jalali_date(1405, 7, 30), "متن", [], [AGENCY_A], "۱ هفته")
    )
    assert (third.meeting, third.number) == (40, 1)


async def test_bad_drafts_are_refused_and_store_nothing(db: Database, clock: FixedClock) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    new, sec = service(db, clock), actors["secretariat"]
    good = Draft(31, None, "متن", [], [AGENCY_A], "۲ هفته")
    cases = [
        (Draft(31, None, "  ", [], [AGENCY_A], "۲ هفته"), t.TEXT_EMPTY),
        (Draft(31, None, "ک" * 5000, [], [AGENCY_A], "۲ هفته"), "۵۰۰۰ نویسه"),
        (Draft(31, None, "متن", [], [AGENCY_A], "۱۴۰۵/۰۷/۰۱"), "گذشته است"),
        (Draft(31, None, "متن", [], [AGENCY_A], "به زودی"), "نفهمیدم"),
        (Draft(31, None, "متن", [], [], "۲ هفته"), t.NO_AGENCY),
        (Draft(31, jalali_date(1405, 7, 1), "متن", [], [AGENCY_A], "۲ هفته"), "با تاریخ ۱۴۰۵/۰۷/۱۶ ثبت شده"),
        (Draft(31, None, "متن", [f"بند {i}" for i in range(25)], [AGENCY_A], "۲ هفته"), "بیش از ۲۰ بند"),
    ]
    for draft, message in cases:
        with pytest.raises(ServiceError, match=message):
            await new.create(sec, draft)
    with pytest.raises(AgencyNotFound) as unknown:
        await new.create(sec, Draft(31, None, "متن", [], [AGENCY_A, "اداره کل هواشناسی"], "۲ هفته"))
    assert unknown.value.problem.index == 1 and not unknown.value.problem.ambiguous
    with pytest.raises(AccessDenied):
        await new.create(actors["governor"], good)
    async with db.read() as conn:
        assert len((await conn.execute(select(resolutions.c.id))).all()) == 4
