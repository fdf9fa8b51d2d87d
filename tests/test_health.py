"""/healthz's checks on both backends: the database answers, the outbox is not stuck, sweeps happen."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.clock import FixedClock
from bot.metrics import Metrics
from bot.services.health import OUTBOX_STUCK, HealthService
from storage.engine import Database
from storage.repositories.outbox import OutboxRepo
from tests.storage.helpers import T0

SWEEP = timedelta(seconds=60)


async def queue(db: Database, *messages: tuple[str, datetime]) -> None:
    """Outbox messages queued at T0: (platform, due at)."""
    async with db.transaction(hooked=False) as conn:
        for chat_id, (platform, due) in enumerate(messages, start=1):
            await OutboxRepo(conn).enqueue(
                platform=platform,
                chat_id=chat_id,
                kind="notice",
                payload={"text": "x"},
                at=T0,
                next_attempt_at=due,
            )


async def test_a_well_process(db: Database) -> None:
    clock = FixedClock(T0)
    health = HealthService(db, clock, "telegram", SWEEP)
    # A retry waiting for its time is not stuck; another platform's message is its bot's.
    await queue(db, ("telegram", T0), ("telegram", T0 + timedelta(hours=1)), ("bale", T0))
    clock.advance(timedelta(minutes=2))
    health.last_sweep = clock.now() - timedelta(seconds=30)
    report = await health.check(sender=True)
    assert report.ok and report.database
    assert report.to_json() == {
        "ok": True,
        "database": True,
        "last_sweep_seconds": 30.0,
        "outbox_unsent": 2,  # this platform's
        "outbox_oldest_due_seconds": 120.0,
        "sender": True,
        "problems": [],
    }


async def test_a_stuck_outbox_and_no_sweeps_are_problems(db: Database) -> None:
    clock = FixedClock(T0)
    health = HealthService(db, clock, "telegram", SWEEP)
    await queue(db, ("telegram", T0))
    clock.advance(OUTBOX_STUCK + timedelta(minutes=1))  # and no sweep since the start, 5 × 60 s ago
    report = await health.check(sender=False)
    assert not report.ok
    assert report.problems == [
        "outbox: a due message has waited over 15 minutes",
        "reminders: no sweep lately",
    ]


async def test_a_database_that_does_not_answer(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    health = HealthService(db, FixedClock(T0), "telegram", SWEEP)

    def refuse() -> object:
        raise ConnectionRefusedError("no database")

    monkeypatch.setattr(db, "read", refuse)
    report = await health.check(sender=True)
    assert (report.ok, report.database, report.problems) == (
        False,
        False,
        ["database: ConnectionRefusedError"],
    )


def test_the_metrics_page_names_what_is_counted() -> None:
    metrics = Metrics()
    metrics.updates.labels("message", "done").inc(3)
    metrics.sent.inc()
    page = metrics.render().decode()
    assert 'peygir_updates_total{kind="message",outcome="done"} 3.0' in page
    assert "peygir_messages_sent_total 1.0" in page
    assert "peygir_outbox_oldest_due_seconds" in page and "peygir_sender" in page
    assert "python_gc" not in page  # its own registry: no process-wide collectors mixed in
