"""The tracker services on a real (SQLite) database: import, agencies, audit, idempotency."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.domain.clock import FixedClock
from bot.minutes import parse_minutes_file
from bot.services.agencies import AgencyService
from bot.services.errors import ServiceError
from bot.services.minutes_import import MinutesImportService
from storage.engine import Database
from storage.repositories.audit import AuditRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.status import StatusRepo
from tests.conftest import seed
from tests.minutes import office_shapes
from tests.tracker_helpers import CALENDAR, TESTER, parsed, register_samples


async def overview(db: Database) -> list[tuple[int, int, str]]:
    async with db.read() as conn:
        rows = await StatusRepo(conn).assignment_overview()
    return [(r.meeting_number, r.resolution_number, r.agency_name) for r in rows]


async def audit_actions(db: Database) -> list[str]:
    async with db.read() as conn:
        return [row.action for row in await AuditRepo(conn).list()]


async def test_commit_creates_meeting_resolutions_and_one_assignment_per_agency(
    db: Database, clock: FixedClock
) -> None:
    await register_samples(db, clock)
    report = await MinutesImportService(db, clock).commit(parsed("minutes_31.md"), actor="tester")

    assert report.meeting_number == 31
    assert report.meeting_created
    assert report.resolutions_created == [1, 2, 3, 4]
    # 1 + 2 + 3 named agencies, and row 4 «کلیه مدیران دستگاه های اجرایی» addresses all ten.
    assert report.assignments_created == 16
    assert report.unmatched == []
    rows = await overview(db)
    assert (31, 1, "اداره کل بهزیستی استان") in rows
    assert [a for m, r, a in rows if r == 2] == [
        "اداره کل آموزش و پرورش استان",
        "کمیته امداد امام خمینی (ره) استان",
    ]
    assert sorted(a for m, r, a in rows if r == 3) == sorted(
        ["شهرداری کمالشهر", "فرمانداری شهرستان کرج", "شرکت توزیع برق استان"]
    )
    assert len([1 for m, r, a in rows if r == 4]) == 10

    actions = await audit_actions(db)
    assert actions.count("agency.create") == 10
    assert actions.count("meeting.create") == 1
    assert actions.count("resolution.create") == 4
    assert actions.count("assignment.create") == 16
    assert actions[-1] == "minutes.import"


async def test_importing_twice_duplicates_nothing(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    await service.commit(parsed("minutes_31.md"), actor="tester")
    before = await overview(db)

    again = await service.commit(parsed("minutes_31.md"), actor="tester")

    assert not again.meeting_created
    assert again.resolutions_created == []
    assert again.resolutions_existing == [1, 2, 3, 4]
    assert again.assignments_created == 0
    assert again.assignments_existing == 16
    assert not again.changed
    assert await overview(db) == before


async def test_reimport_adds_only_the_assignment_of_a_newly_registered_agency(
    db: Database, clock: FixedClock
) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    await service.commit(parsed("minutes_31.md"), actor="tester")
    await AgencyService(db, clock).add("اداره کل ورزش و جوانان استان", [], actor=TESTER)

    again = await service.commit(parsed("minutes_31.md"), actor="tester")

    # Only row 4 addresses every agency, so only it gains the new one.
    assert again.assignments_created == 1
    assert (31, 4, "اداره کل ورزش و جوانان استان") in await overview(db)


async def test_unmatched_party_refuses_the_whole_import(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock, skip=("شرکت توزیع برق استان",))
    with pytest.raises(ServiceError) as info:
        await MinutesImportService(db, clock).commit(parsed("minutes_31.md"), actor="tester")
    assert any("شرکت توزیع برق استان" in line for line in info.value.details)
    async with db.read() as conn:
        assert await MeetingRepo(conn).list() == []
    assert await overview(db) == []
    assert "minutes.import" not in await audit_actions(db)


async def test_allow_unmatched_stores_the_rest_and_lists_the_party(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock, skip=("شرکت توزیع برق استان",))
    report = await MinutesImportService(db, clock).commit(
        parsed("minutes_31.md"), actor="tester", allow_unmatched=True
    )
    assert [(p.resolution, p.party) for p in report.unmatched] == [(3, "شرکت توزیع برق استان")]
    # Row 3 keeps its two matched agencies; row 4 addresses the nine registered ones.
    assert report.assignments_created == 1 + 2 + 2 + 9


async def test_meeting_number_with_another_date_is_refused(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    original = parsed("minutes_31.md")
    await service.commit(original, actor="tester")
    assert original.meeting.held_on is not None
    moved = replace(
        original, meeting=replace(original.meeting, held_on=original.meeting.held_on.replace(day=20))
    )
    with pytest.raises(ServiceError):
        await service.commit(moved, actor="tester")


async def test_changed_resolution_text_is_refused_and_nothing_new_is_stored(
    db: Database, clock: FixedClock
) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    original = parsed("minutes_31.md")
    await service.commit(replace(original, resolutions=original.resolutions[:1]), actor="tester")
    before = await overview(db)

    edited = list(original.resolutions)
    edited[0] = replace(edited[0], text=edited[0].text + " (ویرایش)")
    with pytest.raises(ServiceError):
        await service.commit(replace(original, resolutions=edited), actor="tester")

    # Rows 2–4 were new but the import was refused as a whole.
    assert await overview(db) == before


async def test_minutes_without_a_meeting_number_are_refused(db: Database, clock: FixedClock) -> None:
    original = parsed("minutes_31.md")
    with pytest.raises(ServiceError):
        await MinutesImportService(db, clock).commit(
            replace(original, meeting=replace(original.meeting, number=None)), actor="tester"
        )
    async with db.read() as conn:
        assert await MeetingRepo(conn).list() == []


async def test_seed_002_commits_with_its_agencies_registered(db: Database, clock: FixedClock) -> None:
    path: Path = seed("002")
    agencies = AgencyService(db, clock)
    for name, aliases in [
        ("کمیته های قرارگاه اجتماعی", ["مسئولین کمیته های ذیل قرارگاه"]),
        ("فرمانداری شهرستان کرج", ["فرمانداری کرج"]),
        ("شهرداری کمالشهر", []),
        ("کمیته خدمات شهری", []),
        ("شرکت توزیع برق استان", []),
        ("مدیر محله شهرک امیرالمومنین (ع)", []),
        ("نیروی انتظامی استان", []),
        ("معاونت هماهنگی امور عمرانی استانداری", ["معاون محترم هماهنگی امور عمرانی"]),
        ("دانشگاه علوم پزشکی البرز", ["دانشگاه علوم پزشکی"]),
        ("اداره کل امور شهری و شوراهای استانداری", []),
    ]:
        await agencies.add(name, aliases, actor=TESTER)

    report = await MinutesImportService(db, clock).commit(parse_minutes_file(path, CALENDAR), actor="tester")

    assert report.meeting_number == 19
    assert report.resolutions_created == list(range(1, 10))
    # Row 2 names four agencies, row 9 addresses all ten, the other seven rows one each.
    assert report.assignments_created == 7 + 4 + 10
    rows = await overview(db)
    assert sorted(a for m, r, a in rows if r == 2) == sorted(
        ["فرمانداری شهرستان کرج", "شهرداری کمالشهر", "کمیته خدمات شهری", "شرکت توزیع برق استان"]
    )


async def test_agency_duplicates_are_refused_and_audited_once(db: Database, clock: FixedClock) -> None:
    service = AgencyService(db, clock)
    await service.add("شهرداری کرج", ["شهرداری مرکز استان"], actor=TESTER)
    with pytest.raises(ServiceError):
        await service.add("شهرداری کرج", [], actor=TESTER)
    with pytest.raises(ServiceError):
        await service.add("شهرداری فردیس", ["شهرداری مرکز استان"], actor=TESTER)
    # The refused second agency left nothing behind, not even its name.
    assert [a.name for a in await service.list()] == ["شهرداری کرج"]
    assert await audit_actions(db) == ["agency.create"]

    updated = await service.add_alias("شهرداری کرج", "شهرداري كرج مركز", actor=TESTER)
    assert updated.aliases == ("شهرداری مرکز استان", "شهرداري كرج مركز")
    assert await audit_actions(db) == ["agency.create", "agency.alias_add"]
    with pytest.raises(ServiceError):
        await service.add_alias("شهرداری ناموجود", "نام", actor=TESTER)


async def stored_nothing_new(db: Database, before: list[tuple[int, int, str]], actions: list[str]) -> None:
    assert await overview(db) == before
    assert await audit_actions(db) == actions


async def test_reimport_with_an_edited_deadline_is_refused(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    original = parsed("minutes_31.md")
    await service.commit(original, actor="tester")
    before, actions = await overview(db), await audit_actions(db)

    edited = list(original.resolutions)
    longer = replace(edited[1].deadline, raw="۲ ماه")
    edited[1] = replace(edited[1], deadline=longer)
    with pytest.raises(ServiceError) as info:
        await service.commit(replace(original, resolutions=edited), actor="tester")
    assert "ردیف ۲ جلسه ۳۱" in info.value.message
    await stored_nothing_new(db, before, actions)


async def test_reimport_with_a_party_removed_is_refused(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    service = MinutesImportService(db, clock)
    original = parsed("minutes_31.md")
    await service.commit(original, actor="tester")
    before, actions = await overview(db), await audit_actions(db)

    edited = list(original.resolutions)
    edited[2] = replace(edited[2], parties=edited[2].parties[:2])  # drops «شرکت توزیع برق استان»
    with pytest.raises(ServiceError):
        await service.commit(replace(original, resolutions=edited), actor="tester")
    await stored_nothing_new(db, before, actions)


async def test_a_row_without_any_party_is_not_stored_unassigned(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    original = parsed("minutes_31.md")
    edited = list(original.resolutions)
    edited[0] = replace(edited[0], parties=[])
    with pytest.raises(ServiceError) as info:
        await MinutesImportService(db, clock).commit(replace(original, resolutions=edited), actor="tester")
    assert info.value.details == ["ردیف ۱: اقدام‌کننده‌ای ندارد."]
    assert await overview(db) == []


async def test_all_agencies_with_none_registered_is_a_problem(db: Database, clock: FixedClock) -> None:
    original = parsed("minutes_31.md")
    only_row_4 = replace(original, resolutions=[original.resolutions[3]])
    with pytest.raises(ServiceError) as info:
        await MinutesImportService(db, clock).commit(only_row_4, actor="tester")
    assert len(info.value.details) == 1 and "کلیه مدیران دستگاه\u200cهای اجرایی" in info.value.details[0]
    async with db.read() as conn:
        assert await MeetingRepo(conn).list() == []


async def test_repeated_row_numbers_are_refused(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    original = parsed("minutes_31.md")
    rows = list(original.resolutions)
    rows[3] = replace(rows[3], number=2)
    with pytest.raises(ServiceError) as info:
        await MinutesImportService(db, clock).commit(replace(original, resolutions=rows), actor="tester")
    assert "۲" in info.value.message and "تکرار" in info.value.message
    assert await overview(db) == []


async def test_names_that_read_the_same_are_one_agency(db: Database, clock: FixedClock) -> None:
    service = AgencyService(db, clock)
    await service.add("شهرداری کمالشهر", [], actor=TESTER)
    await service.add("فرمانداری شهرستان کرج", ["فرمانداری کرج"], actor=TESTER)
    for name, aliases in [
        ("شهرداری كمالشهر", []),  # Arabic kaf
        ("شهرداری کمال\u200cشهر", []),  # ZWNJ
        ("فرمانداری کرج", []),  # another agency's alias
        ("شهرداری فردیس", ["فرمانداری  شهرستان کرج"]),  # an alias equal to another agency's name
        ("شهرداری فردیس", ["شهرداری مرکز", "شهرداري مركز"]),  # two aliases that read the same
    ]:
        with pytest.raises(ServiceError):
            await service.add(name, aliases, actor=TESTER)
    with pytest.raises(ServiceError):
        await service.add_alias("فرمانداری شهرستان کرج", "شهرداری كمالشهر", actor=TESTER)
    assert [a.name for a in await service.list()] == ["شهرداری کمالشهر", "فرمانداری شهرستان کرج"]


async def test_each_agency_row_s_deadline_and_the_note_are_stored_and_audited(
    db: Database, clock: FixedClock
) -> None:
    """Word minutes with a row per agency (number and text merged down) and a remarks column."""
    await register_samples(db, clock)
    minutes = parse_minutes_file(office_shapes.DOCX, CALENDAR)
    report = await MinutesImportService(db, clock).commit(minutes, actor="tester")
    assert report.resolutions_created == [1, 2, 3, 4] and report.assignments_created == 6
    async with db.read() as conn:
        entries = await AuditRepo(conn).list()
    created = {e.after["number"]: e.after for e in entries if e.action == "resolution.create" and e.after}
    assert created[1]["note"] == "با هماهنگی دادستانی" and created[3]["note"] == ""
    due = {
        (e.after["resolution"], e.after["agency"]): e.after["due_on"]
        for e in entries
        if e.action == "assignment.create" and e.after
    }
    assert due[(2, "اداره کل آموزش و پرورش استان")] == "2023-02-02"  # «یک ماه»: 1401/11/13
    assert due[(2, "کمیته امداد امام خمینی (ره) استان")] == "2023-01-17"  # «۲ هفته»: 1401/10/27
    assert due[(3, "شرکت توزیع برق استان")] is None  # «مستمر»
    # The same file again reads as stored: the note is part of what must not have changed.
    again = await MinutesImportService(db, clock).commit(minutes, actor="tester")
    assert not again.changed
    edited = replace(minutes, resolutions=[replace(minutes.resolutions[0], note="بدون هماهنگی")])
    with pytest.raises(ServiceError):
        await MinutesImportService(db, clock).commit(edited, actor="tester")
