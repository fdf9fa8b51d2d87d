"""The secretariat's management of members: list, deactivate, move to another agency."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.domain.clock import Clock
from bot.domain.persian import persian_sort_key
from bot.services.access import Actor, Permission, Role, require
from bot.services.errors import ServiceError
from bot.services.push import queue_open_items_for_agency
from bot.services.registration import MemberInfo, member_info
from bot.texts import people as texts
from storage.engine import Database
from storage.repositories.agencies import AgencyRepo
from storage.repositories.members import MemberRepo
from storage.rows import MemberRow

_ROLE_ORDER = {Role.SECRETARIAT: 0, Role.GOVERNOR: 1, Role.AGENCY: 2}


class MemberService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def list(self, actor: Actor, *, include_inactive: bool = False) -> list[MemberInfo]:
        """Members by role (secretariat, governor's office, agencies), then agency and name."""
        require(actor, Permission.MANAGE_MEMBERS)
        async with self._db.read() as conn:
            rows = await MemberRepo(conn).list_all(include_inactive=include_inactive)
            infos = [await member_info(conn, row) for row in rows]
        return sorted(
            infos,
            key=lambda m: (
                _ROLE_ORDER[m.role],
                persian_sort_key(m.agency_name or ""),
                persian_sort_key(m.display_name),
            ),
        )

    async def get(self, actor: Actor, member_id: int) -> MemberInfo:
        require(actor, Permission.MANAGE_MEMBERS)
        async with self._db.read() as conn:
            return await member_info(conn, await _existing(conn, member_id))

    async def deactivate(self, actor: Actor, member_id: int) -> MemberInfo:
        """The member gets nothing more and is a stranger to the bot until invited again."""
        require(actor, Permission.MANAGE_MEMBERS)
        if actor.member_id == member_id:
            raise ServiceError(texts.MEMBER_NOT_SELF)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo = MemberRepo(conn)
            member = await _existing(conn, member_id)
            if member.state == "inactive":
                raise ServiceError(texts.MEMBER_ALREADY_INACTIVE.format(name=member.display_name))
            if member.role == Role.SECRETARIAT and await repo.count_active(Role.SECRETARIAT) <= 1:
                raise ServiceError(texts.MEMBER_LAST_SECRETARIAT.format(name=member.display_name))
            row = await repo.set_state(member.id, "inactive", now)
            await actor.auditor(conn, now).record(
                "member.deactivate",
                "member",
                member.id,
                before={"state": member.state},
                after={"state": "inactive"},
            )
            return await member_info(conn, row)

    async def move(self, actor: Actor, member_id: int, agency_id: int) -> MemberInfo:
        """An agency representative now represents another (active) agency."""
        require(actor, Permission.MANAGE_MEMBERS)
        now = self._clock.now()
        async with self._db.transaction() as conn:
            member = await _existing(conn, member_id)
            if member.state == "inactive":
                raise ServiceError(texts.MEMBER_INACTIVE.format(name=member.display_name))
            if member.role != Role.AGENCY:
                raise ServiceError(texts.MEMBER_NOT_AGENCY)
            agencies = AgencyRepo(conn)
            target = await agencies.get(agency_id)
            if target is None or not target.active:
                raise ServiceError(texts.AGENCY_ID_UNKNOWN)
            if target.id == member.agency_id:
                raise ServiceError(
                    texts.MEMBER_SAME_AGENCY.format(name=member.display_name, agency=target.name)
                )
            row = await MemberRepo(conn).set_agency(member.id, target.id, now)
            await actor.auditor(conn, now).record(
                "member.move",
                "member",
                member.id,
                before={"agency_id": member.agency_id},
                after={"agency_id": target.id, "agency": target.name},
            )
            await queue_open_items_for_agency(conn, target.id, now)
            return await member_info(conn, row)


async def _existing(conn: AsyncConnection, member_id: int) -> MemberRow:
    row = await MemberRepo(conn).get(member_id)
    if row is None:
        raise ServiceError(texts.MEMBER_UNKNOWN)
    return row
