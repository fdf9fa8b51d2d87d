"""Is this process well: the database answers, reminders are swept, the outbox is not stuck (/healthz)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from storage.engine import Database
from storage.repositories.outbox import OutboxRepo

#: A due outbox message waiting longer than this means nobody sends (retries wait until they are due).
OUTBOX_STUCK = timedelta(minutes=15)
#: No reminder sweep for this many sweep intervals (at least five minutes) means the jobs stopped.
SWEEPS_MISSED = 5
MIN_SWEEP_SILENCE = timedelta(minutes=5)


@dataclass
class Health:
    database: bool
    last_sweep_seconds: float | None
    outbox_unsent: int
    outbox_oldest_due_seconds: float | None
    sender: bool
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "database": self.database,
            "last_sweep_seconds": self.last_sweep_seconds,
            "outbox_unsent": self.outbox_unsent,
            "outbox_oldest_due_seconds": self.outbox_oldest_due_seconds,
            "sender": self.sender,
            "problems": self.problems,
        }


class HealthService:
    def __init__(self, db: Database, clock: Clock, platform: str, sweep_every: timedelta) -> None:
        self._db = db
        self._clock = clock
        self._platform = platform
        self._silence = max(sweep_every * SWEEPS_MISSED, MIN_SWEEP_SILENCE)
        self.started = clock.now()
        self.last_sweep: datetime | None = None  # set by the sweep job

    async def check(self, sender: bool) -> Health:
        now = self._clock.now()
        since = self.last_sweep or self.started
        sweep_age = (now - self.last_sweep).total_seconds() if self.last_sweep else None
        health = Health(True, sweep_age, 0, None, sender)
        try:
            async with self._db.read() as conn:
                health.outbox_unsent, oldest = await OutboxRepo(conn).backlog(self._platform, now)
        except Exception as exc:
            health.database = False
            health.problems.append(f"database: {type(exc).__name__}")
            oldest = None
        if oldest is not None:
            health.outbox_oldest_due_seconds = max((now - oldest).total_seconds(), 0.0)
            if now - oldest > OUTBOX_STUCK:
                health.problems.append("outbox: a due message has waited over 15 minutes")
        if now - since > self._silence:
            health.problems.append("reminders: no sweep lately")
        return health
