"""The dispatcher under real faults: a database that refuses writes for a while in the middle of a fan-out,
and a platform whose answers come after the read timeout (the message delivered, its answer lost).

The bot is python-telegram-bot talking to the built-in simulator; the database is migrated SQLite and
PostgreSQL. A delivered message must keep its MessageLink and must not be sent again."""

from __future__ import annotations

import asyncio
import dataclasses
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.dispatcher import CONCURRENCY, Dispatcher
from bot.domain.clock import FixedClock
from bot.platforms import TELEGRAM, PlatformProfile
from bot.services.outbox import LEASE, OutboxService
from bot.transport import PlatformBot, sending_request
from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser
from storage.engine import Database
from storage.repositories.outbox import UNCONFIRMED, OutboxRepo
from storage.tables import outbox
from tests.storage import helpers

FIRST_CHAT = 700_000


class ReadOnlySpell:
    """While on, every write transaction of `db` fails as SQLite's does on a read-only database; it can
    also switch itself on after a number of writes went through."""

    def __init__(self, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = False
        self.refused = 0
        self._start_after: int | None = None
        original: Callable[..., AbstractAsyncContextManager[AsyncConnection]] = db.transaction

        @asynccontextmanager
        async def transaction(**kwargs: Any) -> AsyncIterator[AsyncConnection]:
            if self._start_after is not None:
                self._start_after -= 1
                self.on = self.on or self._start_after < 0
            if self.on:
                self.refused += 1
                raise OperationalError(
                    "UPDATE outbox", None, sqlite3.OperationalError("attempt to write a readonly database")
                )
            async with original(**kwargs) as conn:
                yield conn

        monkeypatch.setattr(db, "transaction", transaction)

    def after(self, writes: int) -> None:
        """Refuse every write after the next `writes`."""
        self._start_after = writes

    def end(self) -> None:
        self.on, self._start_after = False, None


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(mode="telegram", limits=False) as simulator:
        yield simulator


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[SimulatorClient]:
    async with SimulatorClient(sim.base_url) as simulator_client:
        yield simulator_client


def profile_of(sim: Simulator, *, quick: bool = False) -> PlatformProfile:
    """Telegram's profile pointed at `sim`; `quick`: short network waits, so that a slow answer (0.6 s)
    outlasts the first read timeout but not the one after an unconfirmed attempt."""
    base, files = sim.bot_api_base_url, sim.bot_api_file_url
    profile = dataclasses.replace(TELEGRAM, api_base_url=base, file_base_url=files)
    if not quick:
        return profile
    return dataclasses.replace(
        profile,
        send_pool_timeout=1.0,
        send_connect_timeout=1.0,
        send_write_timeout=1.0,
        send_read_timeout=0.3,
        resend_read_timeout=3.0,
    )


@asynccontextmanager
async def platform_bot(profile: PlatformProfile) -> AsyncIterator[PlatformBot]:
    async with PlatformBot(profile, SIMULATOR_TOKEN, request=sending_request(profile)) as bot:
        yield bot


async def fan_out(db: Database, client: SimulatorClient, clock: FixedClock, chats: int) -> int:
    """One push about one assignment to each of `chats` people who wrote to the bot; the assignment id."""
    for i in range(chats):
        await client.send_message(SimUser(FIRST_CHAT + i, f"u{i}"), "/start")
    async with db.transaction() as conn:
        work = await helpers.assignment(conn)
        repo = OutboxRepo(conn)
        for i in range(chats):
            await repo.enqueue(
                platform="telegram",
                chat_id=FIRST_CHAT + i,
                kind="push",
                payload={"text": f"مصوبه تازه برای {i}", "buttons": []},
                at=clock.now(),
                assignment_id=work.id,
            )
    return work.id


async def delivered(client: SimulatorClient, chats: int) -> dict[int, list[int]]:
    """The bot's message ids in each chat."""
    return {
        FIRST_CHAT + i: [m.message_id for m in await client.messages(FIRST_CHAT + i) if m.from_bot]
        for i in range(chats)
    }


async def outbox_rows(db: Database) -> list[Any]:
    async with db.read() as conn:
        query = select(outbox.c.chat_id, outbox.c.state, outbox.c.platform_message_id, outbox.c.last_error)
        return list((await conn.execute(query.order_by(outbox.c.id))).all())


async def until(step: Callable[[], Awaitable[object]], done: Callable[[], Awaitable[bool]]) -> None:
    """Run `step` until `done` (a few seconds at most: the dispatcher's waits are short)."""
    for _ in range(100):
        await step()
        if await done():
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the outbox did not settle")


async def all_sent(db: Database) -> bool:
    return all(row.state == "sent" for row in await outbox_rows(db))


async def test_a_read_only_spell_mid_fan_out_sends_nothing_twice_and_keeps_every_link(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    chats = 60
    assignment_id = await fan_out(db, client, clock, chats)
    spell = ReadOnlySpell(db, monkeypatch)
    async with platform_bot(profile_of(sim)) as bot:
        dispatcher = Dispatcher(bot, OutboxService(db, clock, "telegram"))
        spell.after(1 + 10)  # the claim and ten records, then the database turns read-only
        await dispatcher.drain()
        during = sum(map(len, (await delivered(client, chats)).values()))
        # The sends already on their way finish; no other starts while the database refuses.
        assert 10 < during <= 10 + CONCURRENCY and dispatcher.unwritten == chats - 10
        for _ in range(3):
            assert await dispatcher.drain() == 0  # nothing claimed or sent while outcomes wait
        assert sum(map(len, (await delivered(client, chats)).values())) == during
        states = [row.state for row in await outbox_rows(db)]
        assert states.count("sent") == 10 and states.count("sending") == chats - 10
        spell.end()
        await until(dispatcher.drain, lambda: all_sent(db))
    assert spell.refused > 0
    messages = await delivered(client, chats)
    assert all(len(ids) == 1 for ids in messages.values())  # nobody got a message twice
    rows = await outbox_rows(db)
    assert {row.chat_id: row.platform_message_id for row in rows} == {
        chat: ids[0] for chat, ids in messages.items()
    }
    async with db.read() as conn:  # a reply to any of them is a report on the assignment
        repo = OutboxRepo(conn)
        for chat, ids in messages.items():
            assert await repo.assignment_for_message(chat, ids[0]) == assignment_id


async def test_a_crash_while_the_database_refuses_repeats_only_what_was_on_its_way(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    chats = 40
    await fan_out(db, client, clock, chats)
    spell = ReadOnlySpell(db, monkeypatch)
    async with platform_bot(profile_of(sim)) as bot:
        spell.after(1 + 5)
        await Dispatcher(bot, OutboxService(db, clock, "telegram")).drain()
        in_flight = sum(map(len, (await delivered(client, chats)).values())) - 5
        # The process dies here, its outcomes unwritten; the database comes back; a new process starts.
        spell.end()
        if not db.is_sqlite:
            clock.advance(LEASE)  # another process could hold them: they wait for their lease to run out
        restarted = Dispatcher(bot, OutboxService(db, clock, "telegram"))
        assert await restarted.release_stale() == chats - 5
        await until(restarted.drain, lambda: all_sent(db))
    counts = sorted(len(ids) for ids in (await delivered(client, chats)).values())
    # Only the messages delivered but not recorded are sent again: what was waiting was never sent.
    assert counts == [1] * (chats - in_flight) + [2] * in_flight and in_flight <= CONCURRENCY


async def test_when_the_claim_itself_is_refused_nothing_is_sent(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await fan_out(db, client, clock, 3)
    spell = ReadOnlySpell(db, monkeypatch)
    async with platform_bot(profile_of(sim)) as bot:
        dispatcher = Dispatcher(bot, OutboxService(db, clock, "telegram"))
        spell.on = True
        assert await dispatcher.drain() == 0  # a warning, not a failure of the job
        spell.end()
        assert await dispatcher.drain() == 3
    assert all(len(ids) == 1 for ids in (await delivered(client, 3)).values())


async def test_an_answer_after_the_read_timeout_costs_one_duplicate_not_a_chain(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock
) -> None:
    chats = 5
    await fan_out(db, client, clock, chats)
    # Every answer comes 0.6 s late: after the first read timeout (0.3 s), within the second (3 s).
    await client.set_faults(1.0, ["slow"], methods=["sendMessage"], delay_seconds=0.6)
    async with platform_bot(profile_of(sim, quick=True)) as bot:
        dispatcher = Dispatcher(bot, OutboxService(db, clock, "telegram"))
        assert await dispatcher.drain() == 0  # delivered, but no answer in time
        assert all(row.last_error.startswith(UNCONFIRMED) for row in await outbox_rows(db))
        clock.advance(timedelta(seconds=2))  # the backoff
        assert await dispatcher.drain() == chats  # the resend waits long enough for its answer
    messages = await delivered(client, chats)
    assert all(len(ids) == 2 for ids in messages.values())  # one duplicate per timed-out send
    assert (await client.stats())["faults"] == {"slow": 2 * chats}
    # The link is the confirmed message's.
    assert {r.chat_id: r.platform_message_id for r in await outbox_rows(db)} == {
        chat: ids[1] for chat, ids in messages.items()
    }


async def test_an_error_answer_or_a_refused_connection_is_not_taken_for_a_delivery(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock
) -> None:
    await fan_out(db, client, clock, 2)
    await client.set_faults(1.0, ["5xx"], methods=["sendMessage"])
    async with platform_bot(profile_of(sim, quick=True)) as bot:
        assert await Dispatcher(bot, OutboxService(db, clock, "telegram")).drain() == 0
    async with Simulator() as gone, platform_bot(profile_of(gone, quick=True)) as bot:
        await gone.stop()  # nothing listens there any more: the connection is refused
        clock.advance(timedelta(minutes=1))
        assert await Dispatcher(bot, OutboxService(db, clock, "telegram")).drain() == 0
    rows = await outbox_rows(db)
    # The platform said no, or was never reached: the next attempt is an ordinary one.
    assert [r.last_error.split(":")[0] for r in rows] == ["NetworkError"] * 2
    assert all(r.state == "pending" and not r.last_error.startswith(UNCONFIRMED) for r in rows)
    assert all(ids == [] for ids in (await delivered(client, 2)).values())


async def test_a_sender_that_loses_its_lock_stops_and_gives_back_what_it_had_not_sent(
    db: Database, sim: Simulator, client: SimulatorClient, clock: FixedClock
) -> None:
    """Another process holds the sending lock now: the messages already claimed are not sent by this
    one (the new sender takes them), each back to pending; nothing was sent twice."""
    await fan_out(db, client, clock, 6)
    asked = 0

    async def still_sender() -> bool:
        nonlocal asked
        asked += 1
        return asked <= 3  # the batch's check and two sends; then the lock is gone

    async with platform_bot(profile_of(sim)) as bot:
        dispatcher = Dispatcher(bot, OutboxService(db, clock, "telegram"), concurrency=1)
        assert await dispatcher.drain(still_sender) == 2
        states = [row.state for row in await outbox_rows(db)]
        assert states.count("sent") == 2 and states.count("pending") == 4
        assert await dispatcher.drain() == 4  # the next sender's drain
    assert all(len(ids) == 1 for ids in (await delivered(client, 6)).values())
