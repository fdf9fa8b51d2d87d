"""The secretariat's digest of progress reports (``PEYGIR_SECRETARIAT_REPORTS=digest``).

At each configured local time on a working day, the reports made since the previous digest go to every
secretariat member in one message. The outbox row's dedupe key names the slot, so a second sweep (or a
second process) sends nothing twice, and the next digest starts where the last one sent ended. After
downtime only the latest slot is sent, covering everything since the last digest.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.jalali import format_jalali_datetime
from bot.domain.persian import fa, shorten
from bot.domain.workdays import WorkCalendar
from bot.services.outbox import notify_secretariat
from bot.texts import push as t
from storage.engine import Database
from storage.repositories.outbox import OutboxRepo
from storage.repositories.progress import ProgressRepo
from storage.rows import ReportLine

KEY = "digest:reports:"
# A digest lists at most this many reports (one message stays under the platform's limit).
MOST = 20
TEXT_CUT = 100
# The first digest ever looks back this far.
FIRST_WINDOW = timedelta(days=7)


class ReportDigestService:
    def __init__(
        self, db: Database, clock: Clock, calendar: WorkCalendar, tz: ZoneInfo, at: tuple[time, ...]
    ) -> None:
        self._db = db
        self._clock = clock
        self._calendar = calendar
        self._tz = tz
        self._at = tuple(sorted(at))

    def last_slot(self, now: datetime) -> datetime | None:
        """The latest digest time at or before `now` on a working day (within two weeks)."""
        local = now.astimezone(self._tz)
        for back in range(15):
            day = local.date() - timedelta(days=back)
            if not self._calendar.is_working_day(day):
                continue
            for at in reversed(self._at):
                slot = datetime.combine(day, at, self._tz)
                if slot <= local:
                    return slot
        return None

    async def send_due(self) -> int:
        """Queue the digest of the latest slot if it was not sent; the number of reports in it."""
        slot = self.last_slot(self._clock.now())
        if slot is None:
            return 0
        async with self._db.transaction() as conn:
            outbox = OutboxRepo(conn)
            key = KEY + slot.isoformat()
            if await outbox.latest_key(key) is not None:
                return 0
            last = await outbox.latest_key(KEY)
            after = (
                datetime.fromisoformat(last.removeprefix(KEY).rsplit(":", 1)[0])
                if last is not None
                else slot - FIRST_WINDOW
            )
            reports = await ProgressRepo(conn).between(after, slot)
            if not reports:
                return 0
            await notify_secretariat(
                conn,
                t.DIGEST,
                {
                    "since": format_jalali_datetime(after, self._tz),
                    "count": fa(len(reports)),
                    # Plain text: the per-platform fill escapes it (no tags in the line template).
                    "lines": "\n".join(_line(r) for r in reports[:MOST]),
                    "more": t.DIGEST_MORE.format(count=fa(len(reports) - MOST))
                    if len(reports) > MOST
                    else "",
                },
                self._clock.now(),
                dedupe=key,
            )
            return len(reports)


def _line(report: ReportLine) -> str:
    """One report on one line (plain text: the notice's fill escapes it for the platform)."""
    return t.DIGEST_LINE.format(
        meeting=fa(report.meeting),
        number=fa(report.number),
        agency=report.agency,
        who=report.who or "",
        percent=t.DIGEST_PERCENT.format(percent=fa(report.percent)) if report.percent is not None else "",
        text=shorten(report.text, TEXT_CUT),
    )
