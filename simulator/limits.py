"""Rate limits like Telegram's (sliding windows) and injected faults."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

FAULT_KINDS = ("5xx", "timeout", "slow", "429", "drop", "440")


class SlidingWindow:
    """At most `limit` events within any `period` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit = limit
        self.period = period
        self._times: deque[float] = deque()

    def retry_after(self, now: float) -> float | None:
        """Seconds until one more event fits, or None if it fits now."""
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()
        if len(self._times) < self.limit:
            return None
        return self._times[0] + self.period - now

    def record(self, now: float) -> None:
        self._times.append(now)


@dataclass(frozen=True)
class LimitRules:
    overall_per_second: int
    per_chat_per_second: int = 1
    per_group_per_minute: int = 20


class RateLimits:
    """The windows of one simulator: overall, per private chat, per group."""

    def __init__(self, rules: LimitRules) -> None:
        self.rules = rules
        self._overall = SlidingWindow(rules.overall_per_second, 1.0)
        self._chats: dict[int, SlidingWindow] = {}

    def _chat(self, chat_id: int) -> SlidingWindow:
        window = self._chats.get(chat_id)
        if window is None:
            if chat_id < 0:
                window = SlidingWindow(self.rules.per_group_per_minute, 60.0)
            else:
                window = SlidingWindow(self.rules.per_chat_per_second, 1.0)
            self._chats[chat_id] = window
        return window

    def retry_after(self, chat_id: int, now: float) -> int | None:
        """Whole seconds to wait (at least 1) if a message to `chat_id` now breaks a limit, else None."""
        waits = [
            w for w in (self._overall.retry_after(now), self._chat(chat_id).retry_after(now)) if w is not None
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def record(self, chat_id: int, now: float) -> None:
        self._overall.record(now)
        self._chat(chat_id).record(now)


@dataclass
class Faults:
    """With probability `rate`, a bot-side call (of `methods`, or any) gets one of `kinds` instead."""

    rate: float = 0.0
    kinds: Sequence[str] = ("5xx", "timeout", "429", "drop")
    methods: frozenset[str] | None = None
    delay_seconds: float = 6.0
    random: random.Random = field(default_factory=random.Random)
    counts: dict[str, int] = field(default_factory=dict)

    def pick(self, method: str, chance: Callable[[], float] | None = None) -> str | None:
        if self.rate <= 0 or (self.methods is not None and method.lower() not in self.methods):
            return None
        if (chance or self.random.random)() >= self.rate:
            return None
        kind = self.random.choice(list(self.kinds))
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return kind
