"""The minutes upload's workflow without a chat: the file kept in the database, typed state, fixes, commit.

Every step after the first runs on a new service instance (as after a restart) and takes no file: the
presses read the upload back from the database.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.samples import sample_bytes
from bot.services.access import AccessDenied, Actor, Role
from bot.services.conversations import ChatKey
from bot.services.errors import ServiceError
from bot.services.minutes_upload import (
    MAX_BYTES,
    UPLOAD,
    DeadlineAsk,
    MinutesUploadService,
    PartyFix,
    UploadPreview,
    UploadState,
)
from bot.texts import minutes as minutes_texts
from bot.texts import upload as t
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.assignments import AssignmentRepo
from storage.repositories.conversations import ConversationRepo
from storage.repositories.meetings import MeetingRepo
from storage.repositories.minutes_uploads import MinutesUploadRepo
from storage.repositories.resolutions import ResolutionRepo
from storage.rows import ConversationStateRow
from tests.minutes import office_shapes
from tests.tracker_helpers import CALENDAR, TESTER, register_samples

KEY = ChatKey("telegram", 1001, 1001)
AGENCY_A = "شهرداری کمالشهر"
NEW_PARTY = "اداره کل هواشناسی استان"
SAMPLE = sample_bytes("minutes_31.md")
# Minutes 31 with a party no agency has, one that fits more than one, and a deadline not understood.
TRICKY = (
    SAMPLE.decode()
    .replace("اداره کل بهزیستی استان", NEW_PARTY)
    .replace("شهرداری کمالشهر / فرمانداری", "کمالشهر / فرمانداری")
    .replace("| ۲ هفته |", "| به زودی |")
    .encode()
)


class File:
    """The download the handler would pass: counts how often it is fetched."""

    def __init__(self, content: bytes) -> None:
        self.content = content
        self.fetched = 0

    async def __call__(self) -> bytes:
        self.fetched += 1
        return self.content


def service(db: Database, clock: FixedClock) -> MinutesUploadService:
    """A new instance each time: nothing is carried in memory from one press to the next."""
    return MinutesUploadService(db, clock, CALENDAR)


async def receive(db: Database, clock: FixedClock, content: bytes = TRICKY) -> tuple[UploadPreview, File]:
    file = File(content)
    preview = await service(db, clock).receive(TESTER, KEY, "minutes_31.md", len(content), file)
    return preview, file


async def stored(db: Database) -> tuple[ConversationStateRow | None, bytes | None]:
    async with db.read() as conn:
        ids = (KEY.platform, KEY.chat_id, KEY.user_id)
        return await ConversationRepo(conn).get(*ids), await MinutesUploadRepo(conn).get(*ids)


async def put_state(db: Database, clock: FixedClock, name: str, data: dict[str, Any]) -> None:
    async with db.transaction() as conn:
        await ConversationRepo(conn).put(
            KEY.platform, KEY.chat_id, KEY.user_id, name=name, step="confirm", data=data, at=clock.now()
        )


async def agency_count(db: Database) -> int:
    async with db.read() as conn:
        return len(await AgencyRepo(conn).list())


async def test_receive_fix_the_parties_and_the_deadline_then_commit(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    preview, file = await receive(db, clock)
    assert preview.blocked and preview.problem is not None and preview.problem.party == NEW_PARTY
    assert preview.deadline_row == 1 and preview.minutes.meeting.number == 31 and len(preview.rows) == 4
    state, content = await stored(db)
    assert state is not None and state.name == UPLOAD and content == TRICKY
    async with db.read() as conn:
        assert await MeetingRepo(conn).get_by_number(31) is None  # a preview stores nothing

    # The unmatched party becomes a new agency; next, «کمالشهر» fits more than one.
    second = await service(db, clock).new_agency(TESTER, KEY)
    assert second is not None and second.problem is not None and second.problem.party == "کمالشهر"
    assert AGENCY_A in second.problem.suggestions and second.blocked
    # It is the municipality: every party is matched now, and the deadline of row 1 is asked.
    third = await service(db, clock).alias(TESTER, KEY, second.problem.suggestions.index(AGENCY_A))
    assert third is not None and not third.blocked and third.problem is None and third.deadline_row == 1
    # «یک ماه» for row 1: its cell keeps the text as written.
    fourth = await service(db, clock).deadline(TESTER, KEY, 3)
    assert fourth is not None and fourth.deadline_row is None
    row_1 = fourth.minutes.resolutions[0].deadline
    assert (row_1.raw, row_1.kind, row_1.due) == ("به زودی", "relative", jalali_date(1405, 8, 16))
    state, _ = await stored(db)
    assert state is not None and UploadState.from_json(state.data).deadlines == {DeadlineAsk(1): "یک ماه"}

    report = await service(db, clock).commit(TESTER, KEY)
    assert report is not None and report.meeting_created and report.resolutions_created == [1, 2, 3, 4]
    assert file.fetched == 1  # downloaded once, when it arrived
    assert await stored(db) == (None, None)  # the state and the file are gone with the decision
    async with db.read() as conn:
        agencies = {a.name: a for a in await AgencyRepo(conn).list()}
    assert NEW_PARTY in agencies and "کمالشهر" in agencies[AGENCY_A].aliases
    # A press after the decision is stale.
    assert await service(db, clock).commit(TESTER, KEY) is None

    # The same file again (without the choice) finds the rows as stored and adds nothing.
    again, _ = await receive(db, clock)
    assert not again.blocked and again.deadline_row == 1
    report = await service(db, clock).commit(TESTER, KEY)
    assert report is not None and not report.changed


async def test_cancel_forgets_the_upload(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    preview, _ = await receive(db, clock, SAMPLE)
    assert not preview.blocked and preview.problem is None and preview.deadline_row is None
    assert await service(db, clock).cancel(TESTER, KEY)
    assert await stored(db) == (None, None)
    assert not await service(db, clock).cancel(TESTER, KEY)


async def test_presses_with_nothing_waiting_or_an_index_the_state_has_not_are_stale(
    db: Database, clock: FixedClock
) -> None:
    await register_samples(db, clock)
    uploads = service(db, clock)
    assert await uploads.alias(TESTER, KEY, 0) is None
    assert await uploads.new_agency(TESTER, KEY) is None
    assert await uploads.deadline(TESTER, KEY, 0) is None
    assert await uploads.commit(TESTER, KEY) is None
    # Another conversation of this person: not an upload, and left alone.
    await put_state(db, clock, "new_resolution", {"meeting": 32})
    assert await uploads.commit(TESTER, KEY) is None
    assert not await uploads.cancel(TESTER, KEY)
    state, _ = await stored(db)
    assert state is not None and state.name == "new_resolution"
    # Forged indexes while an upload waits: nothing added, the upload still waits.
    await receive(db, clock)
    before = await agency_count(db)
    assert await uploads.alias(TESTER, KEY, 9) is None
    assert await uploads.deadline(TESTER, KEY, 5) is None
    assert await agency_count(db) == before
    # With every party matched and every deadline read, no fix is waiting at all.
    await receive(db, clock, SAMPLE)
    assert await uploads.alias(TESTER, KEY, 0) is None
    assert await uploads.new_agency(TESTER, KEY) is None
    assert await uploads.deadline(TESTER, KEY, 0) is None
    assert await agency_count(db) == before


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("sha256"),
        lambda d: d.update(extra=1),
        lambda d: d.update(sha256="0" * 63),
        lambda d: d.update(file_name=""),
        lambda d: d.update(deadlines={"1": "فردا"}),
        lambda d: d.update(deadlines={"x": "یک ماه"}),
        lambda d: d.update(deadlines=[]),
        lambda d: d.update(problem=["کمالشهر", []]),
        lambda d: d.update(problem={"party": "کمالشهر", "suggestions": "شهرداری"}),
        lambda d: d.update(deadline_row="1"),
        lambda d: d.update(deadline_row=True),
        lambda d: d.update(deadlines={"1.": "یک ماه"}),
        lambda d: d.update(deadlines={"1.1234": "یک ماه"}),
        lambda d: d.update(deadline_agency=-1),
        lambda d: d.update(deadline_agency="1"),
    ],
)
async def test_a_damaged_state_is_refused_and_ends_the_upload(
    db: Database, clock: FixedClock, damage: Any
) -> None:
    await register_samples(db, clock)
    await receive(db, clock)
    state, _ = await stored(db)
    assert state is not None
    data = dict(state.data)
    damage(data)
    await put_state(db, clock, UPLOAD, data)
    before = await agency_count(db)
    with pytest.raises(ServiceError) as refused:
        await service(db, clock).new_agency(TESTER, KEY)
    assert refused.value.message == t.CHANGED
    assert await stored(db) == (None, None)
    assert await agency_count(db) == before


async def test_a_file_that_is_not_the_one_previewed_is_refused(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    await receive(db, clock, SAMPLE)
    async with db.transaction() as conn:
        await MinutesUploadRepo(conn).put(
            KEY.platform, KEY.chat_id, KEY.user_id, content=TRICKY, at=clock.now()
        )
    with pytest.raises(ServiceError) as refused:
        await service(db, clock).commit(TESTER, KEY)
    assert refused.value.message == t.CHANGED
    assert await stored(db) == (None, None)
    async with db.read() as conn:
        assert await MeetingRepo(conn).get_by_number(31) is None


async def test_an_oversize_file_is_refused_in_persian_with_nothing_stored(
    db: Database, clock: FixedClock
) -> None:
    await register_samples(db, clock)
    big = File(b"x" * (MAX_BYTES + 1))
    # Announced over the bound: not even downloaded.
    with pytest.raises(ServiceError) as refused:
        await service(db, clock).receive(TESTER, KEY, "minutes.txt", MAX_BYTES + 1, big)
    assert refused.value.message == t.TOO_BIG.format(most="۵")
    assert big.fetched == 0
    # Announced small (or not at all) but bigger when it came: refused all the same.
    with pytest.raises(ServiceError) as refused:
        await service(db, clock).receive(TESTER, KEY, "minutes.txt", None, big)
    assert refused.value.message == t.TOO_BIG.format(most="۵") and big.fetched == 1
    assert await stored(db) == (None, None)
    # A file refused while an earlier one waits ends that preview (it is not confirmed by mistake).
    await receive(db, clock, SAMPLE)
    with pytest.raises(ServiceError):
        await service(db, clock).receive(TESTER, KEY, "minutes.txt", MAX_BYTES + 1, big)
    assert await stored(db) == (None, None)


async def test_a_file_that_is_not_minutes_is_refused_with_its_reason(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    with pytest.raises(ServiceError) as refused:
        await receive(db, clock, "یادداشت بی‌ربط بدون جدول مصوبات".encode())
    assert refused.value.message.startswith("این پرونده خوانده نشد: ")
    assert await stored(db) == (None, None)


async def test_a_scanned_pdf_is_refused_saying_there_is_no_text_to_read(
    db: Database, clock: FixedClock
) -> None:
    """A PDF of scanned pages (images only, no text layer): a clear answer, and nothing waits."""
    scan = io.BytesIO()
    Image.new("L", (200, 280), color=255).save(scan, "PDF")
    file = File(scan.getvalue())
    with pytest.raises(ServiceError) as refused:
        await service(db, clock).receive(TESTER, KEY, "صورتجلسه امضاشده.pdf", None, file)
    assert refused.value.message == t.NOT_MINUTES.format(reason=minutes_texts.PDF_NO_TEXT)
    assert await stored(db) == (None, None)


async def test_only_the_secretariat_uploads(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    representative = Actor("نماینده", Role.AGENCY, member_id=None, agency_id=1)
    file = File(SAMPLE)
    with pytest.raises(AccessDenied):
        await service(db, clock).receive(representative, KEY, "minutes_31.md", len(SAMPLE), file)
    assert file.fetched == 0 and await stored(db) == (None, None)
    await receive(db, clock)
    for press in (
        service(db, clock).new_agency(representative, KEY),
        service(db, clock).commit(representative, KEY),
        service(db, clock).cancel(representative, KEY),
    ):
        with pytest.raises(AccessDenied):
            await press
    state, content = await stored(db)
    assert state is not None and content is not None


def test_the_state_round_trips_through_json() -> None:
    state = UploadState(
        file_name="minutes_31.md",
        sha256="a" * 64,
        deadlines={DeadlineAsk(1): "یک ماه", DeadlineAsk(12): "مستمر", DeadlineAsk(12, 2): "۲ هفته"},
        problem=PartyFix("کمالشهر", (AGENCY_A, "شهرداری کرج")),
        deadline=DeadlineAsk(3, 1),
    )
    assert state.to_json()["deadlines"] == {"1": "یک ماه", "12": "مستمر", "12.2": "۲ هفته"}
    assert UploadState.from_json(state.to_json()) == state
    # A state stored before agency rows had deadlines of their own reads as the row's.
    older = {k: v for k, v in state.to_json().items() if k != "deadline_agency"}
    assert UploadState.from_json(older).deadline == DeadlineAsk(3)
    bare = UploadState(file_name="m.docx", sha256="b" * 64)
    assert UploadState.from_json(bare.to_json()) == bare


async def test_an_agency_row_s_own_deadline_is_asked_and_kept_for_its_assignment(
    db: Database, clock: FixedClock
) -> None:
    """A resolution written as a row per agency, whose second agency's deadline was not understood: it
    is asked for that agency alone, and each agency's assignment is due on its own day."""
    await register_samples(db, clock)
    relief = "کمیته امداد امام خمینی (ره) استان"
    row = f"<tr><td>{relief}</td><td>۲ هفته</td></tr>"
    content = office_shapes.html_text().replace(row, row.replace("۲ هفته", "به زودی"))
    assert "به زودی" in content
    file = File(content.encode())
    preview = await service(db, clock).receive(TESTER, KEY, "office.html", None, file)
    assert not preview.blocked and preview.deadline == DeadlineAsk(2, 1)
    assert preview.asked_agencies() == [relief]
    second = preview.minutes.resolutions[1]
    assert second.problems == ['ردیف ۲ (کمیته امداد امام خمینی (ره) استان): زمان اقدام خوانده نشد: "به زودی"']
    assert [names for names, _ in preview.rows[1].deadlines()] == [["اداره کل آموزش و پرورش استان"], [relief]]

    chosen = await service(db, clock).deadline(TESTER, KEY, 2)  # «۳ هفته»
    assert chosen is not None and chosen.deadline is None
    assert chosen.minutes.resolutions[1].problems == []  # the choice settles it
    report = await service(db, clock).commit(TESTER, KEY)
    assert report is not None and report.resolutions_created == [1, 2, 3, 4]
    async with db.read() as conn:
        meeting = await MeetingRepo(conn).get_by_number(27)
        assert meeting is not None
        rows = {r.number: r for r in await ResolutionRepo(conn).list_for_meeting(meeting.id)}
        names = {a.id: a.name for a in await AgencyRepo(conn).list()}
        due = {
            names[a.agency_id]: a.due_on for a in await AssignmentRepo(conn).list_for_resolution(rows[2].id)
        }
    assert due == {
        "اداره کل آموزش و پرورش استان": jalali_date(1401, 11, 13),  # «یک ماه» from 1401/10/13
        relief: jalali_date(1401, 11, 4),  # three weeks, as chosen
    }
    assert (rows[1].note, rows[2].note, rows[3].note) == (
        "با هماهنگی دادستانی",
        "گزارش در جلسه بعد ارائه شود",
        "",
    )
