"""The secretariat hears of a failure once per kind and window, with a count of the repeats.

The first failure of a kind in a window (an hour) is told at once. Repeats of it in the same window are
counted in one more notice that goes out when the window ends. Both are outbox rows with dedupe keys, so
several processes and a restart count into the same notices.
"""

from __future__ import annotations

import hashlib
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.domain.clock import Clock
from bot.domain.persian import fa
from bot.services.outbox import notify_secretariat, render_notice
from bot.texts import bot as t
from storage.engine import Database
from storage.repositories.outbox import OutboxRepo

WINDOW = timedelta(hours=1)
# How much of an error's own text a notice quotes.
DETAIL = 300
_PROJECT = ("bot", "handlers", "storage")


def error_kind(error: BaseException) -> str:
    """What makes two failures the same: the exception's type and the project line it came from."""
    where = "?"
    for frame in traceback.extract_tb(error.__traceback__):
        parts = Path(frame.filename).parts
        if any(p in parts for p in _PROJECT) and "site-packages" not in parts:
            where = f"{'/'.join(parts[-2:])}:{frame.lineno}"
    return f"{type(error).__name__}@{where}"


class ErrorNoticeService:
    def __init__(self, db: Database, clock: Clock, secret: str = "") -> None:
        self._db = db
        self._clock = clock
        self._secret = secret  # the bot token: never quoted

    def describe(self, error: BaseException) -> str:
        detail = f"{type(error).__name__}: {error}"
        if self._secret:
            detail = detail.replace(self._secret, "<token>")
        return detail[:DETAIL]

    async def report(self, error: BaseException, who: str | None) -> None:
        """Tell the secretariat of `error` (caused by `who`'s message, if known), grouped by kind."""
        now = self._clock.now()
        kind = error_kind(error)
        digest = hashlib.sha256(kind.encode()).hexdigest()[:16]
        start = datetime.fromtimestamp(
            now.timestamp() // WINDOW.total_seconds() * WINDOW.total_seconds(), UTC
        )
        key = f"error:{digest}:{int(start.timestamp())}"
        detail = self.describe(error)
        async with self._db.transaction(hooked=False) as conn:
            repo = OutboxRepo(conn)
            if await repo.latest_key(f"{key}:first:") is None:
                values = {"who": t.ERROR_WHO.format(value=who) if who else "", "error": detail}
                await notify_secretariat(conn, t.ERROR_FOR_SECRETARIAT, values, now, dedupe=f"{key}:first")
                return
            # A repeat: counted in the notice that goes out when the window ends.
            pending = await repo.pending_with_key(f"{key}:more:")
            count = max((int(row.payload.get("count", 0)) for row in pending), default=0) + 1
            values = {"error": detail, "count": fa(count)}
            for row in pending:
                text = render_notice(row.platform, t.ERROR_REPEATED, values)
                await repo.set_payload(row.id, {**row.payload, "text": text, "count": count})
            if not pending:
                await notify_secretariat(
                    conn,
                    t.ERROR_REPEATED,
                    values,
                    now,
                    dedupe=f"{key}:more",
                    send_at=start + WINDOW,
                    extra={"count": count},
                )
