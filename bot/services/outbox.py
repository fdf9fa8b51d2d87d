"""The outbox's life: claiming due messages, recording what was sent, retrying, giving up.

Each step is its own short transaction, so a crash loses nothing: a claimed row not yet marked sent is
released when the bot starts again (it may then be sent twice: the one duplicate that cannot be avoided).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock
from bot.markup import Markup
from bot.platforms import PROFILES
from bot.services.access import Actor, Role
from bot.texts import push as t
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.members import MemberRepo
from storage.repositories.outbox import OutboxRepo
from storage.rows import MemberRow, OutboxRow

NOTICE_KIND = "notice"
MAX_BACKOFF = timedelta(minutes=10)
# After this many failed attempts a message is given up (about a day of backoff at the cap).
MAX_ATTEMPTS = 150
STALE_AFTER = timedelta(minutes=5)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … seconds after each failure, at most ten minutes."""
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_BACKOFF)


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    text: str
    buttons: list[list[dict[str, str]]]
    attempts: int
    member_id: int | None


def _outgoing(row: OutboxRow) -> Outgoing:
    member_id = row.payload.get("member_id")
    return Outgoing(
        id=row.id,
        chat_id=row.chat_id,
        text=str(row.payload.get("text", "")),
        buttons=list(row.payload.get("buttons") or []),
        attempts=row.attempts,
        member_id=member_id if isinstance(member_id, int) else None,
    )


async def _notify(
    conn: AsyncConnection,
    members: Iterable[MemberRow],
    template: str,
    values: Mapping[str, object],
    at: datetime,
    *,
    dedupe: str | None,
    assignment_id: int | None,
    buttons: list[list[dict[str, str]]] | None,
) -> None:
    outbox = OutboxRepo(conn)
    for member in members:
        await outbox.enqueue(
            platform=member.platform,
            chat_id=member.chat_id,
            kind=NOTICE_KIND,
            payload={
                "text": Markup(PROFILES[member.platform].html).fill(template, **values),
                "buttons": buttons or [],
                "member_id": member.id,
            },
            at=at,
            dedupe_key=f"{dedupe}:{member.id}" if dedupe else None,
            assignment_id=assignment_id,
        )


async def notify_role(
    conn: AsyncConnection,
    template: str,
    values: Mapping[str, object],
    at: datetime,
    *,
    role: Role,
    dedupe: str | None = None,
    assignment_id: int | None = None,
    buttons: list[list[dict[str, str]]] | None = None,
) -> list[MemberRow]:
    """A notice to every active member of `role`; the members it was queued for."""
    members = await MemberRepo(conn).list_by_role(role)
    await _notify(
        conn, members, template, values, at, dedupe=dedupe, assignment_id=assignment_id, buttons=buttons
    )
    return members


# A notice to every active secretariat member, for their platform, in the caller's transaction.
notify_secretariat = partial(notify_role, role=Role.SECRETARIAT)


async def notify_agency(
    conn: AsyncConnection,
    agency_id: int,
    template: str,
    values: Mapping[str, object],
    at: datetime,
    *,
    assignment_id: int | None = None,
) -> None:
    """A notice to every representative of an agency (a reply to it is a report on `assignment_id`)."""
    members = [m for m in await MemberRepo(conn).list_for_agency(agency_id) if m.role == Role.AGENCY]
    await _notify(conn, members, template, values, at, dedupe=None, assignment_id=assignment_id, buttons=None)


class OutboxService:
    def __init__(self, db: Database, clock: Clock, platform: str) -> None:
        self._db = db
        self._clock = clock
        self._platform = platform

    async def release_stale(self) -> int:
        """Rows a stopped process had claimed go back to pending (at start)."""
        async with self._db.transaction() as conn:
            return await OutboxRepo(conn).release_stale(self._clock.now() + STALE_AFTER)

    async def claim_due(self, limit: int) -> list[Outgoing]:
        """Due messages of this platform, moved to ``sending`` so that no other sender takes them."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo = OutboxRepo(conn)
            claimed = []
            for row in await repo.due(now, limit):
                if row.platform == self._platform and await repo.claim(row.id):
                    claimed.append(_outgoing(row))
            return claimed

    async def sent(self, outbox_id: int, message_id: int) -> None:
        async with self._db.transaction() as conn:
            await OutboxRepo(conn).mark_sent(outbox_id, message_id, self._clock.now())

    async def retry(self, message: Outgoing, error: str, wait: timedelta | None = None) -> None:
        """Try again later: after `wait` (the platform's retry_after) or the backoff."""
        async with self._db.transaction() as conn:
            repo = OutboxRepo(conn)
            if message.attempts + 1 >= MAX_ATTEMPTS:
                await repo.mark_failed(message.id, error)
                return
            delay = max(wait or timedelta(0), backoff(message.attempts))
            await repo.mark_retry(message.id, self._clock.now() + delay, error)

    async def give_up(self, message: Outgoing, error: str, unreachable: bool) -> None:
        """A permanent failure. If the person cannot be reached, mark them and tell the secretariat."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo, members = OutboxRepo(conn), MemberRepo(conn)
            await repo.mark_failed(message.id, error)
            member = await members.get(message.member_id) if message.member_id is not None else None
            if not unreachable or member is None or member.state == "unreachable":
                return
            await members.set_state(member.id, "unreachable", now)
            await (
                Actor("dispatcher", Role.SECRETARIAT)
                .auditor(conn, now)
                .record(
                    "member.unreachable",
                    "member",
                    member.id,
                    before={"state": member.state},
                    after={"state": "unreachable", "error": error[:200]},
                )
            )
            agency = await AgencyRepo(conn).get(member.agency_id) if member.agency_id is not None else None
            await notify_secretariat(
                conn,
                t.UNREACHABLE,
                {
                    "name": member.display_name,
                    "agency": agency.name if agency else "—",
                    "reason": error[:100],
                },
                now,
                dedupe=f"unreachable:{member.id}:{message.id}",
            )
