"""A representative pauses their own reminders while on leave (/pause N days) and resumes them (/resume).

While one is paused the agency's other representatives are still reminded (the sweep reads the state);
pushes of new resolutions and the secretariat's decisions still reach them.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock, local_today
from bot.domain.numerals import parse_int
from bot.domain.persian import fa
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.texts import reminders as t
from storage.engine import Database
from storage.repositories.members import MemberRepo

MAX_DAYS = 60


def pause_days(text: str) -> int:
    """«۱۰» → 10; a clear refusal for anything but 1 to 60 days."""
    days = parse_int(text, low=1, high=MAX_DAYS)
    if days is None:
        raise ServiceError(t.PAUSE_USAGE.format(most=fa(MAX_DAYS)))
    return days


class PauseService:
    def __init__(self, db: Database, clock: Clock, tz: ZoneInfo) -> None:
        self._db = db
        self._clock = clock
        self._tz = tz

    async def pause(self, actor: Actor, days: int) -> datetime:
        """Until the start of the day `days` days from today (local); returns that time."""
        require(actor, Permission.REPORT_PROGRESS)
        if not 1 <= days <= MAX_DAYS:
            raise ServiceError(t.PAUSE_USAGE.format(most=fa(MAX_DAYS)))
        now = self._clock.now()
        until = datetime.combine(
            local_today(self._clock, self._tz) + timedelta(days=days), time(0, 0), self._tz
        )
        async with self._db.transaction() as conn:
            member = await MemberRepo(conn).get(actor.member_id or 0)
            assert member is not None
            await MemberRepo(conn).set_state(member.id, "paused", now, paused_until=until)
            await actor.auditor(conn, now).record(
                "member.pause",
                "member",
                member.id,
                before={"state": member.state},
                after={"state": "paused", "paused_until": until.isoformat()},
            )
        return until

    async def resume(self, actor: Actor) -> bool:
        """Reminders again from now; False if the member was not paused."""
        require(actor, Permission.REPORT_PROGRESS)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            member = await MemberRepo(conn).get(actor.member_id or 0)
            assert member is not None
            if member.state != "paused":
                return False
            await MemberRepo(conn).set_state(member.id, "active", now)
            await actor.auditor(conn, now).record(
                "member.resume", "member", member.id, before={"state": "paused"}, after={"state": "active"}
            )
        return True
