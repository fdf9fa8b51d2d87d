"""Push fan-out and the outbox's life, on both database backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.services.access import Role
from bot.services.outbox import LEASE, MAX_ATTEMPTS, MAX_BACKOFF, OutboxService, backoff
from bot.services.push import queue_open_items_for_agency
from storage.engine import Database
from storage.repositories.members import MemberRepo
from storage.repositories.outbox import OutboxRepo
from storage.tables import outbox
from tests.people_helpers import ADMIN_ID, AGENCY_A, enrol, people
from tests.tracker_helpers import import_31


async def rows(db: Database) -> list[tuple[int, str, str, int]]:
    async with db.read() as conn:
        result = await conn.execute(
            select(outbox.c.chat_id, outbox.c.kind, outbox.c.state, outbox.c.attempts)
        )
        return [tuple(r) for r in result]


def test_backoff_doubles_up_to_ten_minutes() -> None:
    assert [backoff(n).total_seconds() for n in range(4)] == [1, 2, 4, 8]
    assert backoff(50) == MAX_BACKOFF


async def test_fan_out_is_idempotent_and_waits_for_representatives(db: Database, clock: FixedClock) -> None:
    await people(db, clock)  # the agency representative (2001) is of AGENCY_A
    second = await enrol(db, clock, 2002, Role.AGENCY, AGENCY_A, "دوم")
    await import_31(db, clock)
    pushes = [r for r in await rows(db) if r[1] == "push"]
    # Rows 3 and 4 of minutes 31 name the municipality: two messages to each of its two representatives.
    assert sorted(r[0] for r in pushes) == [2001, 2001, 2002, 2002]
    async with db.transaction() as conn:
        plan = await queue_open_items_for_agency(conn, second.agency_id or 0, clock.now())
    assert plan.queued == 0 and len(await rows(db)) == 4


async def test_claim_retry_sent_and_stale(db: Database, clock: FixedClock) -> None:
    await people(db, clock)
    await import_31(db, clock)
    service = OutboxService(db, clock, "telegram")
    assert await OutboxService(db, clock, "bale").claim_due(10) == []  # another platform's bot
    first = await service.claim_due(10)
    assert len(first) == 2 and await service.claim_due(10) == []  # claimed rows are not handed out twice
    assert {m.lease for m in first} == {clock.now() + LEASE} and service.lease_left(first[0]) == LEASE
    assert await service.retry(first[0], "TimedOut")
    assert await service.sent(first[1], 77)
    assert not await service.sent(first[1], 78)  # recorded once
    assert await service.claim_due(10) == []  # the retry waits for its backoff
    clock.advance(timedelta(seconds=2))
    again = await service.claim_due(10)
    assert [m.id for m in again] == [first[0].id] and again[0].attempts == 1
    assert not again[0].unconfirmed
    # A crash now leaves it in "sending". On SQLite the next start releases it (one process per database);
    # on PostgreSQL another process may hold it: it waits for its lease to run out.
    released = await service.release_stale()
    assert released == (1 if db.is_sqlite else 0)
    if not db.is_sqlite:
        clock.advance(LEASE)
    taken = await service.claim_due(10)
    assert [m.id for m in taken] == [first[0].id] and taken[0].unconfirmed and taken[0].attempts == 2


async def test_a_running_process_takes_back_claims_whose_lease_ran_out(
    db: Database, clock: FixedClock
) -> None:
    await people(db, clock)
    await import_31(db, clock)
    lost = OutboxService(db, clock, "telegram", lease=timedelta(minutes=1))  # a sender that stopped
    claimed = await lost.claim_due(10)
    assert len(claimed) == 2
    running = OutboxService(db, clock, "telegram")
    assert await running.claim_due(10) == []
    clock.advance(timedelta(minutes=1))
    taken = await running.claim_due(10)
    assert sorted(m.id for m in taken) == sorted(m.id for m in claimed)
    assert all(m.unconfirmed and m.attempts == 1 for m in taken)  # it may have been delivered
    # What the first holder writes late changes nothing now, except a delivery, which is a fact.
    assert not await lost.retry(claimed[0], "TimedOut")
    assert not await lost.give_up(claimed[1], "Forbidden: bot was blocked by the user", unreachable=True)
    assert not await lost.release(claimed[0])
    assert await lost.sent(claimed[1], 41)
    holder = {m.id: m for m in taken}
    assert not await running.sent(holder[claimed[1].id], 42)  # the late delivery was recorded first
    states = sorted(r[2] for r in await rows(db) if r[1] == "push")
    assert states == ["sending", "sent"]
    notices = [r for r in await rows(db) if r[1] == "notice"]
    assert notices == []  # the lost give-up told nobody


async def test_a_platform_busy_with_the_other_bot_does_not_starve(db: Database, clock: FixedClock) -> None:
    async with db.transaction() as conn:
        repo = OutboxRepo(conn)
        for _ in range(5):
            await repo.enqueue(
                platform="bale", chat_id=9, kind="notice", payload={"text": "x"}, at=clock.now()
            )
        await repo.enqueue(
            platform="telegram", chat_id=8, kind="notice", payload={"text": "y"}, at=clock.now()
        )
    # The bale rows are older and fill any batch of 5: the telegram bot still finds its own.
    assert [m.chat_id for m in await OutboxService(db, clock, "telegram").claim_due(5)] == [len("telegram")]


async def test_an_unconfirmed_attempt_is_remembered(db: Database, clock: FixedClock) -> None:
    await people(db, clock)
    await import_31(db, clock)
    service = OutboxService(db, clock, "telegram")
    first, second = await service.claim_due(10)
    await service.retry(first, "TimedOut: Timed out", unconfirmed=True)
    await service.retry(second, "NetworkError: 502")
    clock.advance(timedelta(seconds=1))
    again = {m.id: m.unconfirmed for m in await service.claim_due(10)}
    assert again == {first.id: True, second.id: False}


async def test_giving_up_on_an_unreachable_member_tells_the_secretariat(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    service = OutboxService(db, clock, "telegram")
    message = (await service.claim_due(10))[0]
    assert await service.give_up(message, "Forbidden: bot was blocked by the user", unreachable=True)
    async with db.read() as conn:
        member = await MemberRepo(conn).get(actors["agency"].member_id or 0)
    assert member is not None and member.state == "unreachable"
    notices = [r for r in await rows(db) if r[1] == "notice"]
    assert [r[0] for r in notices] == [ADMIN_ID]
    states = sorted(r[2] for r in await rows(db) if r[1] == "push")
    assert states == ["failed", "sending"]


async def test_a_message_whose_claims_keep_running_out_is_given_up(db: Database, clock: FixedClock) -> None:
    """A sender that dies on the same message again and again does not send it forever."""
    await people(db, clock)
    await import_31(db, clock)
    async with db.transaction() as conn:
        await conn.execute(outbox.update().values(attempts=MAX_ATTEMPTS - 1))
    dying = OutboxService(db, clock, "telegram", lease=timedelta(minutes=1))
    assert len(await dying.claim_due(10)) == 2
    clock.advance(timedelta(minutes=1))
    assert await OutboxService(db, clock, "telegram").claim_due(10) == []
    assert sorted(r[2] for r in await rows(db) if r[1] == "push") == ["failed", "failed"]
