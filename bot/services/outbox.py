"""The outbox's life: claiming due messages, recording what was sent, retrying, giving up.

Each step is its own short transaction, so a crash loses nothing. A claim is a LEASE (``LEASE``): the row
belongs to its sender until then, and whatever the sender writes about it later counts only if it still
holds that lease. A lease that runs out (its sender stopped, or could not write to the database) makes the
row due again, for the running process as for any other. At start, `release_stale()` puts back what a
stopped process held. A message claimed again that way may be sent twice: the one duplicate that cannot be
avoided, since nobody recorded whether it was delivered.
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
from storage.repositories.outbox import LEASE_EXPIRED, UNCONFIRMED, OutboxRepo
from storage.rows import MemberRow, OutboxRow

NOTICE_KIND = "notice"
MAX_BACKOFF = timedelta(minutes=10)
# After this many failed attempts a message is given up (about a day of backoff at the cap).
MAX_ATTEMPTS = 150
# How long a claim lasts: far longer than a batch of sends and their records takes (see bot.dispatcher).
LEASE = timedelta(minutes=10)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … seconds after each failure, at most ten minutes."""
    return min(timedelta(seconds=2 ** min(attempts, 10)), MAX_BACKOFF)


@dataclass(frozen=True)
class Outgoing:
    """A claimed message: what to send, and the lease that says until when it is this sender's."""

    id: int
    chat_id: int
    text: str
    buttons: list[list[dict[str, str]]]
    attempts: int
    member_id: int | None
    lease: datetime
    # The last attempt may have been delivered (its answer never came): wait longer for this one's.
    unconfirmed: bool = False


def _outgoing(row: OutboxRow) -> Outgoing:
    member_id = row.payload.get("member_id")
    return Outgoing(
        id=row.id,
        chat_id=row.chat_id,
        text=str(row.payload.get("text", "")),
        buttons=list(row.payload.get("buttons") or []),
        attempts=row.attempts,
        member_id=member_id if isinstance(member_id, int) else None,
        lease=row.next_attempt_at,
        unconfirmed=(row.last_error or "").startswith(UNCONFIRMED),
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
    send_at: datetime | None = None,
    extra: Mapping[str, object] | None = None,
) -> None:
    outbox = OutboxRepo(conn)
    for member in members:
        await outbox.enqueue(
            platform=member.platform,
            chat_id=member.chat_id,
            kind=NOTICE_KIND,
            payload={
                "text": render_notice(member.platform, template, values),
                "buttons": buttons or [],
                "member_id": member.id,
                **(extra or {}),
            },
            at=at,
            next_attempt_at=send_at,
            dedupe_key=f"{dedupe}:{member.id}" if dedupe else None,
            assignment_id=assignment_id,
        )


def render_notice(platform: str, template: str, values: Mapping[str, object]) -> str:
    """A notice's text as the platform shows it (HTML on Telegram, plain on Bale)."""
    return Markup(PROFILES[platform].html).fill(template, **values)


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
    send_at: datetime | None = None,
    extra: Mapping[str, object] | None = None,
) -> list[MemberRow]:
    """A notice to every active member of `role` (sent from `send_at`, default now; `extra` kept in its
    payload); the members it was queued for."""
    members = await MemberRepo(conn).list_by_role(role)
    await _notify(
        conn,
        members,
        template,
        values,
        at,
        dedupe=dedupe,
        assignment_id=assignment_id,
        buttons=buttons,
        send_at=send_at,
        extra=extra,
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
    buttons: list[list[dict[str, str]]] | None = None,
) -> None:
    """A notice to every representative of an agency (a reply to it is a report on `assignment_id`)."""
    members = [m for m in await MemberRepo(conn).list_for_agency(agency_id) if m.role == Role.AGENCY]
    await _notify(
        conn, members, template, values, at, dedupe=None, assignment_id=assignment_id, buttons=buttons
    )


class OutboxService:
    def __init__(self, db: Database, clock: Clock, platform: str, lease: timedelta = LEASE) -> None:
        self._db = db
        self._clock = clock
        self._platform = platform
        self._lease = lease

    @property
    def platform(self) -> str:
        return self._platform

    @property
    def lease(self) -> timedelta:
        return self._lease

    def now(self) -> datetime:
        return self._clock.now()

    def lease_left(self, message: Outgoing) -> timedelta:
        """How long the claim on `message` lasts from now (negative once it ran out)."""
        return message.lease - self._clock.now()

    async def release_stale(self) -> int:
        """At start: claims a stopped process held go back to pending.

        On SQLite one process at a time runs on a database (``storage.instance_lock``), so every claim is
        a stopped process's. On PostgreSQL another process may be sending right now: only claims whose
        lease ran out are put back (the others are taken again by `claim_due` when theirs does).
        """
        now = self._clock.now()
        async with self._db.transaction() as conn:
            return await OutboxRepo(conn).release_stale(
                self._platform, now, None if self._db.is_sqlite else now
            )

    async def take_over(self) -> int:
        """This process has just become the sender (``storage.process_locks``): every claim left is a
        sender's that is gone (one process sends at a time), so each goes back to pending at once, not
        when its lease runs out. A message it had on its way may have arrived: at most that one again."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            return await OutboxRepo(conn).release_stale(self._platform, now)

    async def claim_due(self, limit: int) -> list[Outgoing]:
        """Due messages of this platform (and claims whose lease ran out), each leased to this sender."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo = OutboxRepo(conn)
            claimed = []
            for row in await repo.due(now, limit, self._platform):
                if row.state == "sending" and row.attempts + 1 >= MAX_ATTEMPTS:
                    # Its claims keep running out (a sender that dies on it): given up, not sent forever.
                    await repo.mark_failed(row.id, row.next_attempt_at, LEASE_EXPIRED)
                    continue
                taken = await repo.claim(row, now + self._lease)
                if taken is not None:
                    claimed.append(_outgoing(taken))
            return claimed

    async def sent(self, message: Outgoing, platform_message_id: int, at: datetime | None = None) -> bool:
        """Record a delivery (`at`: when the platform confirmed it); False if it was recorded already."""
        async with self._db.transaction() as conn:
            return await OutboxRepo(conn).mark_sent(message.id, platform_message_id, at or self._clock.now())

    async def retry(
        self, message: Outgoing, error: str, wait: timedelta | None = None, *, unconfirmed: bool = False
    ) -> bool:
        """Try again later: after `wait` (the platform's retry_after) or the backoff. `unconfirmed`: the
        attempt may have been delivered (its answer never came). False if the claim was lost."""
        if unconfirmed:
            error = UNCONFIRMED + error
        async with self._db.transaction() as conn:
            repo = OutboxRepo(conn)
            if message.attempts + 1 >= MAX_ATTEMPTS:
                return await repo.mark_failed(message.id, message.lease, error)
            delay = max(wait or timedelta(0), backoff(message.attempts))
            return await repo.mark_retry(message.id, message.lease, self._clock.now() + delay, error)

    async def release(self, message: Outgoing) -> bool:
        """Not sent after all: back to pending, due now, no attempt counted. False if the claim was lost."""
        async with self._db.transaction() as conn:
            return await OutboxRepo(conn).release(message.id, message.lease, self._clock.now())

    async def give_up(self, message: Outgoing, error: str, unreachable: bool) -> bool:
        """A permanent failure. If the person cannot be reached, mark them and tell the secretariat.
        False if the claim was lost (its new holder decides)."""
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo, members = OutboxRepo(conn), MemberRepo(conn)
            if not await repo.mark_failed(message.id, message.lease, error):
                return False
            member = await members.get(message.member_id) if message.member_id is not None else None
            if not unreachable or member is None or member.state == "unreachable":
                return True
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
        return True
