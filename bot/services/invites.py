"""Invite links: a random token (only its hash stored) for one role and agency, limited in uses and days."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.agency_match import MatchResult
from bot.domain.clock import Clock
from bot.domain.persian import fa, squash_spaces
from bot.services.access import Actor, Permission, Role, require
from bot.services.agencies import matcher_for
from bot.services.errors import ServiceError
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.invites import InviteRepo
from storage.rows import AgencyRow

TOKEN_BYTES = 24  # 192 random bits → 32 characters of A-Za-z0-9_- (a deep-link payload allows 64)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
DEFAULT_USES = 1
DEFAULT_DAYS = 7
MAX_USES = 100
MAX_DAYS = 90


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class CreatedInvite:
    token: str  # shown once, to the one who made the invite; never stored
    invite_id: int
    role: Role
    agency_id: int | None
    agency_name: str | None
    uses: int
    expires_at: datetime


class InviteService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def create(
        self,
        actor: Actor,
        *,
        role: Role = Role.AGENCY,
        agency: str | None = None,
        uses: int = DEFAULT_USES,
        days: int = DEFAULT_DAYS,
    ) -> CreatedInvite:
        """An invite for `role`; an agency representative's names the agency (matched like the importer)."""
        require(actor, Permission.INVITE)
        agency = squash_spaces(agency or "") or None
        if role == Role.AGENCY and agency is None:
            raise ServiceError(texts.INVITE_AGENCY_NEEDED)
        if role != Role.AGENCY and agency is not None:
            raise ServiceError(texts.INVITE_NO_AGENCY_FOR_ROLE)
        _check_limits(uses, days)
        async with self._db.transaction() as conn:
            row = await _find_agency(AgencyRepo(conn), agency) if agency else None
            return await self._store(conn, actor, role, row, uses, days)

    async def create_for_agency_id(
        self, actor: Actor, agency_id: int, *, uses: int = DEFAULT_USES, days: int = DEFAULT_DAYS
    ) -> CreatedInvite:
        """An agency representative's invite for an agency chosen by a button (the id is checked here)."""
        require(actor, Permission.INVITE)
        _check_limits(uses, days)
        async with self._db.transaction() as conn:
            row = await AgencyRepo(conn).get(agency_id)
            if row is None or not row.active:
                raise ServiceError(texts.AGENCY_ID_UNKNOWN)
            return await self._store(conn, actor, Role.AGENCY, row, uses, days)

    async def _store(
        self, conn: AsyncConnection, actor: Actor, role: Role, agency: AgencyRow | None, uses: int, days: int
    ) -> CreatedInvite:
        now = self._clock.now()
        token = secrets.token_urlsafe(TOKEN_BYTES)
        expires_at = now + timedelta(days=days)
        row = await InviteRepo(conn).add(
            agency_id=agency.id if agency else None,
            role=role,
            token_hash=hash_token(token),
            uses_left=uses,
            expires_at=expires_at,
            created_by=actor.label,
            at=now,
        )
        await actor.auditor(conn, now).record(
            "invite.create",
            "invite",
            row.id,
            after={
                "role": str(role),
                "agency": agency.name if agency else None,
                "uses": uses,
                "expires_at": expires_at.isoformat(),
            },
        )
        return CreatedInvite(
            token=token,
            invite_id=row.id,
            role=role,
            agency_id=agency.id if agency else None,
            agency_name=agency.name if agency else None,
            uses=uses,
            expires_at=expires_at,
        )


def _check_limits(uses: int, days: int) -> None:
    if not 1 <= uses <= MAX_USES:
        raise ServiceError(texts.INVITE_BAD_USES.format(most=fa(MAX_USES)))
    if not 1 <= days <= MAX_DAYS:
        raise ServiceError(texts.INVITE_BAD_DAYS.format(most=fa(MAX_DAYS)))


async def _find_agency(repo: AgencyRepo, name: str) -> AgencyRow:
    """The active agency `name` refers to, as the importer would match it; otherwise a clear refusal."""
    rows = [row for row in await repo.list() if row.active]
    result: MatchResult = matcher_for(rows).match(name)
    if result.matched and result.agency_id is not None:
        return next(row for row in rows if row.id == result.agency_id)
    if result.suggestions:
        raise ServiceError(texts.INVITE_AGENCY_AMBIGUOUS, [name for _, name, _ in result.suggestions])
    raise ServiceError(texts.INVITE_AGENCY_UNKNOWN.format(name=name))
