"""The inbox on both backends: stored once, handed out a chat at a time, leased, marked done with the
first write of its handling, retried after a transient fault, pruned."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from telegram import Update

from bot.domain.clock import FixedClock
from bot.receiver import incoming
from bot.services.inbox import (
    LEASE,
    AlreadyHandled,
    InboxService,
    Ticket,
    backoff,
    current_ticket,
    with_the_effects,
)
from storage.engine import Database, write_hook
from storage.errors import is_transient
from storage.repositories.inbox import Incoming
from tests.storage.helpers import T0

CHAT_A, CHAT_B = 7_100_000_001, 7_100_000_002


def update(update_id: int, chat_id: int, text_: str = "سلام") -> Incoming:
    return Incoming(update_id, chat_id, {"update_id": update_id, "message": {"text": text_}})


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def inbox(db: Database, clock: FixedClock) -> InboxService:
    return InboxService(db, clock, "telegram")


async def test_a_redelivered_update_is_stored_once(inbox: InboxService) -> None:
    assert await inbox.store([update(1, CHAT_A), update(2, CHAT_A)]) == 2
    assert await inbox.store([update(2, CHAT_A), update(3, CHAT_B)]) == 1
    assert await inbox.counts() == {"pending": 3}


async def test_the_same_id_with_other_content_is_a_new_update(inbox: InboxService) -> None:
    """The platform may start its update ids afresh (after a quiet week; a new simulator starts at 1)."""
    await inbox.store([update(1, CHAT_A, "سلام")])
    assert await inbox.store([update(1, CHAT_A, "سلام")]) == 0
    assert await inbox.store([update(1, CHAT_A, "گزارش تازه")]) == 1


async def test_a_chat_s_updates_are_handed_out_one_at_a_time_in_order(inbox: InboxService) -> None:
    await inbox.store([update(1, CHAT_A), update(2, CHAT_A), update(3, CHAT_B), update(4, CHAT_A)])
    first = await inbox.claim(10)
    assert [r.update_id for r in first] == [1, 3]  # each chat's oldest only
    assert await inbox.claim(10) == []  # both leased; the rest wait behind them
    await inbox.settle(Ticket(first[0]))
    assert [r.update_id for r in await inbox.claim(10)] == [2]
    assert await inbox.claim(10, busy_chats={CHAT_A}) == []


async def test_a_lease_runs_out_and_a_stopped_run_gives_its_leases_back(
    inbox: InboxService, clock: FixedClock
) -> None:
    await inbox.store([update(1, CHAT_A), update(2, CHAT_B)])
    held = await inbox.claim(10)
    assert len(held) == 2
    clock.advance(LEASE + timedelta(seconds=1))  # the process that held them died
    assert [r.update_id for r in await inbox.claim(1)] == [1]
    assert await inbox.release() == 2  # a new start takes every lease back
    assert len(await inbox.claim(10)) == 2


async def test_the_first_write_of_a_handling_marks_it_done_and_a_second_run_is_rolled_back(
    db: Database, inbox: InboxService
) -> None:
    await inbox.store([update(1, CHAT_A)])
    (row,) = await inbox.claim(1)

    async def handle() -> None:
        ticket = Ticket(row)
        token = write_hook.set(inbox.hook(ticket))
        try:
            async with db.transaction() as conn:
                await conn.execute(text("CREATE TEMP TABLE IF NOT EXISTS effects (n INTEGER)"))
                await conn.execute(text("INSERT INTO effects VALUES (1)"))
            async with db.transaction() as conn:  # a second write of the same handling: no second mark
                await conn.execute(text("INSERT INTO effects VALUES (2)"))
        finally:
            write_hook.reset(token)

    await handle()
    assert await inbox.counts() == {"done": 1}
    with pytest.raises(AlreadyHandled):
        await handle()  # the same update again (a crash before settling): its first write is refused


async def test_a_write_outside_the_hook_or_unhooked_does_not_mark(db: Database, inbox: InboxService) -> None:
    await inbox.store([update(1, CHAT_A)])
    (row,) = await inbox.claim(1)
    token = write_hook.set(inbox.hook(Ticket(row)))
    try:
        async with db.transaction(hooked=False) as conn:
            await conn.execute(text("SELECT 1"))
    finally:
        write_hook.reset(token)
    assert await inbox.counts() == {"pending": 1}


async def test_a_failed_write_leaves_the_update_pending(db: Database, inbox: InboxService) -> None:
    await inbox.store([update(1, CHAT_A)])
    (row,) = await inbox.claim(1)
    token = write_hook.set(inbox.hook(Ticket(row)))
    try:
        with pytest.raises(RuntimeError):
            async with db.transaction():
                raise RuntimeError("the handler broke before its commit")
    finally:
        write_hook.reset(token)
    assert await inbox.counts() == {"pending": 1}


async def test_a_transient_fault_retries_with_backoff_and_holds_the_chat(
    inbox: InboxService, clock: FixedClock
) -> None:
    await inbox.store([update(1, CHAT_A), update(2, CHAT_A)])
    (row,) = await inbox.claim(1)
    ticket = Ticket(row)
    ticket.retry(OperationalError("UPDATE", {}, Exception("attempt to write a readonly database")))
    await inbox.settle(ticket)
    assert await inbox.claim(10) == []  # update 1 waits for its retry, and update 2 waits behind it
    clock.advance(backoff(0))
    (again,) = await inbox.claim(10)
    assert (again.update_id, again.attempts) == (1, 1)
    assert "readonly" in (again.last_error or "")


async def test_a_bug_fails_the_update_and_the_chat_goes_on(inbox: InboxService) -> None:
    await inbox.store([update(1, CHAT_A), update(2, CHAT_A)])
    (row,) = await inbox.claim(1)
    ticket = Ticket(row)
    ticket.fail(ZeroDivisionError("division by zero"))
    await inbox.settle(ticket)
    assert [r.update_id for r in await inbox.claim(10)] == [2]
    assert (await inbox.counts())["failed"] == 1


async def test_old_handled_updates_are_pruned(inbox: InboxService, clock: FixedClock) -> None:
    await inbox.store([update(1, CHAT_A), update(2, CHAT_B)])
    (row, _) = await inbox.claim(10)
    await inbox.settle(Ticket(row))
    clock.advance(timedelta(days=8))
    assert await inbox.prune() == 1  # the pending one stays, however old
    assert await inbox.counts() == {"pending": 1}


def test_transient_faults_are_told_from_bugs() -> None:
    def sqlite_error(message: str) -> OperationalError:
        import sqlite3

        return OperationalError("INSERT", {}, sqlite3.OperationalError(message))

    assert is_transient(sqlite_error("database is locked"))
    assert is_transient(sqlite_error("attempt to write a readonly database"))
    assert is_transient(sqlite_error("database or disk is full"))
    assert not is_transient(sqlite_error("no such table: members"))
    assert not is_transient(ZeroDivisionError())
    assert is_transient(ConnectionRefusedError())


async def test_an_update_with_nul_and_controls_is_cleaned_once_and_stored_on_both_backends(
    inbox: InboxService,
) -> None:
    """PostgreSQL refuses NUL in text and JSON: the receiver cleans what the platform sent, keeping ZWNJ."""
    raw = {
        "update_id": 77,
        "message": {
            "message_id": 5,
            "date": 1_700_000_000,
            "chat": {"id": CHAT_A, "type": "private", "first_name": "علی\x00"},
            "from": {"id": CHAT_A, "is_bot": False, "first_name": "علی\x00\x07", "last_name": "می\u200cرضا"},
            "text": "گزارش\x00 پیشرفت\r\n۵۰ درصد\x1b",
        },
    }
    stored = incoming(Update.de_json(raw, None))
    assert await inbox.store([stored]) == 1
    (row,) = await inbox.claim(1)
    message = row.payload["message"]
    assert message["text"] == "گزارش پیشرفت\n۵۰ درصد"
    assert message["from"]["first_name"] == "علی" and message["from"]["last_name"] == "می\u200cرضا"
    assert row.chat_id == CHAT_A


async def test_a_commit_that_fails_leaves_the_update_pending_and_the_handling_unmarked(
    sqlite_db: Database, clock: FixedClock
) -> None:
    """The hook runs before the COMMIT; only a commit that went through counts (here a deferred foreign
    key fails the COMMIT itself)."""
    inbox = InboxService(sqlite_db, clock, "telegram")
    await inbox.store([update(1, CHAT_A)])
    (row,) = await inbox.claim(1)
    ticket = Ticket(row)
    token = write_hook.set(inbox.hook(ticket))
    try:
        with pytest.raises(IntegrityError):
            async with sqlite_db.transaction() as conn:
                await conn.execute(text("PRAGMA defer_foreign_keys = ON"))
                await conn.execute(
                    text("INSERT INTO agency_aliases (agency_id, alias, key) VALUES (999999, 'x', 'x')")
                )
    finally:
        write_hook.reset(token)
    assert not ticket.marked
    assert await inbox.counts() == {"pending": 1}


async def test_what_belongs_with_the_effects_commits_with_them_or_not_at_all(
    db: Database, inbox: InboxService
) -> None:
    await inbox.store([update(1, CHAT_A)])
    (row,) = await inbox.claim(1)
    ticket = Ticket(row)
    ran: list[str] = []

    async def end_conversation(conn: object) -> None:
        ran.append("ended")

    ticket_token, hook_token = current_ticket.set(ticket), write_hook.set(inbox.hook(ticket))
    try:
        assert with_the_effects(end_conversation)
        async with db.transaction() as conn:
            await conn.execute(text("SELECT 1"))
        assert ran == ["ended"] and ticket.marked
        assert not with_the_effects(end_conversation)  # too late: the effects are committed
    finally:
        current_ticket.reset(ticket_token)
        write_hook.reset(hook_token)
