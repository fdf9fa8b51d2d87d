"""The clock is injected everywhere so that tests can move time by weeks in milliseconds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

# The council's zone when none is configured (the PEYGIR_TIMEZONE setting's default).
COUNCIL_TZ = ZoneInfo("Asia/Tehran")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass
class FixedClock:
    """A clock that only moves when told to (tests, demo, reminder previews)."""

    current: datetime = field(default_factory=lambda: datetime(2022, 9, 1, 6, 0, tzinfo=UTC))

    def __post_init__(self) -> None:
        if self.current.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.current = self.current.astimezone(UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


@dataclass
class ShiftedClock:
    """Another clock moved by an offset that can jump forward (the demo shows next week's reminders)."""

    base: Clock
    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        return self.base.now() + self.offset

    def jump_to(self, moment: datetime) -> None:
        self.offset = moment - self.base.now()


def local_today(clock: Clock, tz: ZoneInfo) -> date:
    """Today's date where the council sits (Tehran by default)."""
    return clock.now().astimezone(tz).date()
