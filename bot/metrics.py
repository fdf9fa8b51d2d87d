"""What an operator watches: Prometheus counters and gauges of this process, on its own registry.

Counters grow as things happen (updates handled, messages sent, retried and failed, 429s); the gauges
that the database knows (the outbox's backlog and how long its oldest due message has waited) are read
when ``/metrics`` is asked (``bot.observability``). The registry is the process's own, not the library's
global one, so that several bots in one test process do not share their figures.
"""

from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter(
            "peygir_updates", "Updates handled, by kind and outcome", ["kind", "outcome"], registry=r
        )
        self.sent = Counter("peygir_messages_sent", "Outbox messages delivered", registry=r)
        self.retried = Counter("peygir_messages_retried", "Outbox sends to be tried again", registry=r)
        self.failed = Counter("peygir_messages_failed", "Outbox messages given up", registry=r)
        self.rate_limited = Counter(
            "peygir_rate_limited", "429 answers (slow down) from the platform", registry=r
        )
        self.outbox_waiting = Gauge("peygir_outbox_unsent", "Outbox messages not sent yet", registry=r)
        self.outbox_oldest = Gauge(
            "peygir_outbox_oldest_due_seconds",
            "How long the oldest due outbox message has waited",
            registry=r,
        )
        self.sweep = Histogram(
            "peygir_reminder_sweep_seconds",
            "How long a reminder sweep took",
            buckets=(0.01, 0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60),
            registry=r,
        )
        self.sender = Gauge("peygir_sender", "1 while this process sends the outbox", registry=r)
        self.last_sweep = Gauge(
            "peygir_last_sweep_timestamp", "When the last reminder sweep ended", registry=r
        )

    def render(self) -> bytes:
        return generate_latest(self.registry)
