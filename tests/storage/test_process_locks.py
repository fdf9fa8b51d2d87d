"""Several processes on one database: one sends at a time, a dead one is told from a living one, and the
inbox leases a dead one held are taken over at once (PostgreSQL); on SQLite one process is everything."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.domain.clock import FixedClock
from bot.services.inbox import InboxService
from storage import process_locks
from storage.engine import Database
from storage.process_locks import ProcessLocks
from storage.repositories.inbox import Incoming
from tests.storage.helpers import T0


def incoming(update_id: int, chat_id: int) -> Incoming:
    return Incoming(update_id, chat_id, {"update_id": update_id, "message": {"text": "سلام"}})


async def test_one_process_sends_and_another_takes_over_when_it_stops(db: Database) -> None:
    first, second = ProcessLocks(db, "telegram"), ProcessLocks(db, "telegram")
    await first.start()
    await second.start()
    try:
        if db.is_sqlite:  # one process per database: it is the sender, and nobody else is there
            assert not first.shared and await first.sender() == (True, False)
            return
        assert first.instance_id != second.instance_id
        assert await first.sender() == (True, True)  # just became the sender
        assert await first.sender() == (True, False)  # and stays it
        assert await second.sender() == (False, False)
        bale = ProcessLocks(db, "bale")  # another platform's token has its own limits: its own sender
        await bale.start()
        assert await bale.sender() == (True, True)
        await bale.close()
        assert not await second.is_dead(first.instance_id)
        await first.close()  # a stop (or a kill: the connection closes either way)
        assert await second.is_dead(first.instance_id)
        assert await second.sender() == (True, True)
        assert not await second.is_dead(second.instance_id)  # never itself
    finally:
        await first.close()
        await second.close()


async def test_a_dead_process_s_inbox_leases_are_taken_over_a_living_one_s_not(db: Database) -> None:
    clock = FixedClock(T0)
    living, dying = ProcessLocks(db, "telegram"), ProcessLocks(db, "telegram")
    await living.start()
    await dying.start()
    try:
        mine, theirs = InboxService(db, clock, "telegram", living), InboxService(db, clock, "telegram", dying)
        await mine.store([incoming(1, 501), incoming(2, 502), incoming(3, 503)])
        taken_by_them = await theirs.claim(2)
        taken_by_me = await mine.claim(1)
        assert len(taken_by_them) == 2 and len(taken_by_me) == 1
        assert await mine.release_dead() == 0  # they are alive: their leases stand
        assert await mine.claim(5) == []
        await dying.close()
        if db.is_sqlite:  # one process per database: nothing to tell apart; the start gives back all
            assert await mine.release_dead() == 0
            assert await mine.release_at_start() == 3
            return
        assert await mine.release_dead() == 2  # theirs, at once, not in two minutes
        assert {row.update_id for row in await mine.claim(5)} == {1, 2}
        assert await mine.release_at_start() == 0  # only a dead process's: my own three stand
    finally:
        await living.close()
        await dying.close()


async def test_a_broken_connection_is_replaced_and_the_locks_taken_again(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database drops the locks' connection (a restart, a network blip): the process is not the
    sender that tick, claims nothing under its old id, and takes a new id and the lock again."""
    monkeypatch.setattr(process_locks, "RECONNECT_EVERY", 0.0)
    locks = ProcessLocks(db, "telegram")
    await locks.start()
    if db.is_sqlite:  # no such connection: the one process on the database is always the sender
        assert (await locks.sender(), locks.instance_id) == ((True, False), 0)
        return
    try:
        assert await locks.sender() == (True, True)
        old = locks.instance_id
        holders = "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = :id"
        async with db.transaction(hooked=False) as conn:
            await conn.execute(text(f"SELECT pg_terminate_backend(pid) FROM ({holders}) AS h"), {"id": old})
        assert await locks.sender() == (False, False)  # noticed: not the sender this tick
        assert locks.instance_id not in (0, old)  # a new connection and id already
        assert await locks.sender() == (True, True)  # and the sending lock taken again
        other = ProcessLocks(db, "telegram")
        await other.start()
        assert await other.is_dead(old)
        await other.close()
    finally:
        await locks.close()
