"""Who a platform user is, and registering them with an invite token."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock
from bot.services.access import Actor, Role, member_label
from bot.services.errors import ServiceError
from bot.services.invites import TOKEN_PATTERN, hash_token
from bot.services.push import queue_open_items_for_agency
from bot.texts import people as texts
from storage.engine import Database
from storage.errors import Conflict
from storage.repositories.agencies import AgencyRepo
from storage.repositories.invite_attempts import InviteAttemptRepo
from storage.repositories.invites import InviteRepo
from storage.repositories.members import MemberRepo
from storage.rows import InviteRow, MemberRow

MAX_BAD_TOKENS = 5
BAD_TOKEN_WINDOW = timedelta(hours=1)
BOOTSTRAP_ACTOR = "bootstrap"


@dataclass(frozen=True)
class PlatformUser:
    platform: str
    user_id: int
    chat_id: int
    display_name: str
    username: str | None


@dataclass(frozen=True)
class MemberInfo:
    id: int
    platform: str
    user_id: int
    chat_id: int
    display_name: str
    username: str | None
    role: Role
    agency_id: int | None
    agency_name: str | None
    state: str
    paused_until: datetime | None
    created_at: datetime

    @property
    def active(self) -> bool:
        return self.state != "inactive"


Outcome = Literal["registered", "already_member", "reactivated"]


@dataclass(frozen=True)
class Registration:
    member: MemberInfo
    outcome: Outcome


async def member_info(conn: AsyncConnection, row: MemberRow) -> MemberInfo:
    """The member with their agency's name (read in the caller's transaction)."""
    agency = await AgencyRepo(conn).get(row.agency_id) if row.agency_id is not None else None
    return _info(row, agency.name if agency else None)


def _info(row: MemberRow, agency_name: str | None) -> MemberInfo:
    return MemberInfo(
        id=row.id,
        platform=row.platform,
        user_id=row.user_id,
        chat_id=row.chat_id,
        display_name=row.display_name,
        username=row.username,
        role=Role(row.role),
        agency_id=row.agency_id,
        agency_name=agency_name,
        state=row.state,
        paused_until=row.paused_until,
        created_at=row.created_at,
    )


class RegistrationService:
    def __init__(self, db: Database, clock: Clock, admin_ids: Collection[int]) -> None:
        self._db = db
        self._clock = clock
        self._admin_ids = frozenset(admin_ids)

    async def identify(self, user: PlatformUser) -> MemberInfo | None:
        """The member behind this platform user, or None. A configured admin is secretariat from the start."""
        async with self._db.read() as conn:
            found = await MemberRepo(conn).get_with_agency_name(user.platform, user.user_id)
        if found is not None:
            return _info(*found)
        if user.user_id not in self._admin_ids:
            return None
        return await self._bootstrap(user)

    async def _bootstrap(self, user: PlatformUser) -> MemberInfo:
        now = self._clock.now()
        # Not the update's effect (the feature that follows is): idempotent, so it does not mark the
        # update done in the inbox.
        async with self._db.transaction(hooked=False) as conn:
            repo = MemberRepo(conn)
            try:
                row = await repo.add(
                    platform=user.platform,
                    user_id=user.user_id,
                    chat_id=user.chat_id,
                    display_name=user.display_name,
                    username=user.username,
                    role=Role.SECRETARIAT,
                    agency_id=None,
                    at=now,
                )
            except Conflict:  # a second update of the same admin got here first
                existing = await repo.get_by_user(user.platform, user.user_id)
                assert existing is not None
                return await member_info(conn, existing)
            await (
                Actor(BOOTSTRAP_ACTOR, Role.SECRETARIAT)
                .auditor(conn, now)
                .record("member.bootstrap", "member", row.id, after=_member_audit(row))
            )
            return await member_info(conn, row)

    async def register(self, user: PlatformUser, token: str) -> Registration:
        """Register `user` with an invite; a refusal says why (unknown, used up, expired, too many tries)."""
        now = self._clock.now()
        async with self._db.read() as conn:
            failures = await InviteAttemptRepo(conn).count_since(
                user.platform, user.user_id, now - BAD_TOKEN_WINDOW
            )
        if failures >= MAX_BAD_TOKENS:
            raise ServiceError(texts.TOO_MANY_ATTEMPTS)
        async with self._db.transaction() as conn:
            problem, registration = await self._register(conn, user, token.strip(), now)
        if problem is not None:
            # The failed attempt is committed on its own: the refusal must not roll it back.
            async with self._db.transaction() as conn:
                await InviteAttemptRepo(conn).add(user.platform, user.user_id, now)
            raise ServiceError(problem)
        assert registration is not None
        return registration

    async def _register(
        self, conn: AsyncConnection, user: PlatformUser, token: str, now: datetime
    ) -> tuple[str | None, Registration | None]:
        invites = InviteRepo(conn)
        invite = (
            await invites.get_by_token_hash(hash_token(token)) if TOKEN_PATTERN.fullmatch(token) else None
        )
        problem = _invite_problem(invite, now)
        if problem is not None or invite is None:
            return problem or texts.TOKEN_UNKNOWN, None
        members = MemberRepo(conn)
        existing = await members.get_by_user(user.platform, user.user_id)
        if existing is not None and existing.state != "inactive":
            return None, Registration(await member_info(conn, existing), "already_member")
        if not await invites.use(invite.id, now):
            return texts.TOKEN_USED_UP, None  # another person took the last use a moment ago
        if existing is not None:
            row = await members.set_role(
                existing.id, invite.role, invite.agency_id, now, chat_id=user.chat_id
            )
            action, outcome, before = "member.reactivate", "reactivated", _member_audit(existing)
        else:
            row = await members.add(
                platform=user.platform,
                user_id=user.user_id,
                chat_id=user.chat_id,
                display_name=user.display_name,
                username=user.username,
                role=invite.role,
                agency_id=invite.agency_id,
                at=now,
            )
            action, outcome, before = "member.register", "registered", None
        await (
            Actor(member_label(row), Role(row.role), row.id, row.agency_id)
            .auditor(conn, now)
            .record(
                action, "member", row.id, before=before, after={**_member_audit(row), "invite_id": invite.id}
            )
        )
        if row.agency_id is not None:
            # What the agency was waiting for goes to its new representative.
            await queue_open_items_for_agency(conn, row.agency_id, now)
        return None, Registration(await member_info(conn, row), outcome)  # type: ignore[arg-type]


def _invite_problem(invite: InviteRow | None, now: datetime) -> str | None:
    if invite is None:
        return texts.TOKEN_UNKNOWN
    if invite.revoked_at is not None or invite.uses_left <= 0:
        return texts.TOKEN_USED_UP
    if invite.expires_at <= now:
        return texts.TOKEN_EXPIRED
    return None


def _member_audit(row: MemberRow) -> dict[str, object]:
    return {
        "display_name": row.display_name,
        "role": row.role,
        "agency_id": row.agency_id,
        "state": row.state,
    }
