"""Push fan-out and the outbox's life, on both database backends."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.services.access import Role
from bot.services.outbox import MAX_BACKOFF, OutboxService, backoff
from bot.services.push import queue_open_items_for_agency
from storage.engine import Database
from storage.repositories.members import MemberRepo
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
    await service.retry(first[0], "TimedOut")
    await service.sent(first[1].id, 77)
    assert await service.claim_due(10) == []  # the retry waits for its backoff
    clock.advance(timedelta(seconds=2))
    again = await service.claim_due(10)
    assert [m.id for m in again] == [first[0].id] and again[0].attempts == 1
    # A crash now leaves it in "sending": the next start releases it.
    assert await service.release_stale() == 1
    assert [m.id for m in await service.claim_due(10)] == [first[0].id]


async def test_giving_up_on_an_unreachable_member_tells_the_secretariat(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    service = OutboxService(db, clock, "telegram")
    message = (await service.claim_due(10))[0]
    await service.give_up(message, "Forbidden: bot was blocked by the user", unreachable=True)
    async with db.read() as conn:
        member = await MemberRepo(conn).get(actors["agency"].member_id or 0)
    assert member is not None and member.state == "unreachable"
    notices = [r for r in await rows(db) if r[1] == "notice"]
    assert [r[0] for r in notices] == [ADMIN_ID]
    states = sorted(r[2] for r in await rows(db) if r[1] == "push")
    assert states == ["failed", "sending"]
