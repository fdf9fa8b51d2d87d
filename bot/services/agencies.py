"""Agencies: registering them, their aliases, and the matcher built from them."""

from __future__ import annotations

import builtins
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain.agency_match import AgencyEntry, AgencyMatcher
from bot.domain.clock import Clock
from bot.domain.persian import fa, no_space_key, quote, squash_spaces, utf16_len
from bot.services.access import Actor, Permission, require
from bot.services.errors import ServiceError
from bot.texts import cli as texts
from storage.engine import Database
from storage.errors import Conflict
from storage.repositories.agencies import AgencyRepo
from storage.rows import AgencyRow

#: The longest name or other name of an agency (UTF-16 units): it goes on buttons and into messages.
MAX_NAME = 200


@dataclass(frozen=True)
class Agency:
    id: int
    name: str
    aliases: tuple[str, ...]
    active: bool


def _agency(row: AgencyRow) -> Agency:
    return Agency(id=row.id, name=row.name, aliases=tuple(row.aliases), active=row.active)


def alias_key(alias: str) -> str:
    """The stored key of an alias: the normalisation without spaces (docs/domain.md, «Normalisation»)."""
    return no_space_key(alias)


def _checked_names(names: list[str]) -> None:
    """Refuse a name longer than :data:`MAX_NAME` (without quoting it back)."""
    if any(utf16_len(name) > MAX_NAME for name in names):
        raise ServiceError(texts.NAME_TOO_LONG.format(most=fa(MAX_NAME)))


def _ensure_new_names(existing: list[AgencyRow], names: list[str]) -> None:
    """Refuse a name or alias that reads the same as one already registered (or as another in `names`).

    «شهرداری كمالشهر» (Arabic ك) and «شهرداری کمال‌شهر» (ZWNJ) are the same agency as «شهرداری کمالشهر»;
    registering them twice would make every later import of that party ambiguous.
    """
    taken = {alias_key(n): row.name for row in existing for n in (row.name, *row.aliases)}
    for name in names:
        key = alias_key(name)
        if key in taken:
            raise ServiceError(texts.NAME_TAKEN.format(name=quote(name), existing=quote(taken[key])))
        taken[key] = name


async def _add_alias(repo: AgencyRepo, agency_id: int, alias: str) -> None:
    try:
        await repo.add_alias(agency_id, alias, alias_key(alias))
    except Conflict:
        raise ServiceError(texts.ALIAS_EXISTS.format(alias=quote(alias))) from None


def matcher_for(rows: list[AgencyRow]) -> AgencyMatcher:
    """A matcher over the given agencies (the caller reads them inside its transaction)."""
    return AgencyMatcher(AgencyEntry(id=r.id, name=r.name, aliases=tuple(r.aliases)) for r in rows)


class AgencyService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock

    async def add(self, name: str, aliases: list[str], actor: Actor) -> Agency:
        """Register an agency with its aliases in one transaction; a duplicate stores nothing."""
        require(actor, Permission.MANAGE_AGENCIES)
        name = squash_spaces(name)
        clean_aliases = [squash_spaces(a) for a in aliases if squash_spaces(a)]
        if not name:
            raise ServiceError(texts.AGENCY_NAME_EMPTY)
        _checked_names([name, *clean_aliases])
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo = AgencyRepo(conn)
            _ensure_new_names(await repo.list(), [name, *clean_aliases])
            try:
                row = await repo.add(name, at=now)
            except Conflict:
                raise ServiceError(texts.AGENCY_EXISTS.format(name=quote(name))) from None
            for alias in clean_aliases:
                await _add_alias(repo, row.id, alias)
            await actor.auditor(conn, now).record(
                "agency.create",
                "agency",
                row.id,
                after={"name": name, "aliases": clean_aliases, "active": True},
            )
            created = await repo.get(row.id)
        assert created is not None
        return _agency(created)

    async def add_alias(self, name: str, alias: str, actor: Actor) -> Agency:
        """Another name for the agency registered as `name`."""
        return await self._alias(lambda repo: repo.get_by_name(squash_spaces(name)), name, alias, actor)

    async def add_alias_to(self, agency_id: int, alias: str, actor: Actor) -> Agency:
        """Another name for the agency with this id (chosen by a button: the id is checked here)."""
        return await self._alias(lambda repo: repo.get(agency_id), str(agency_id), alias, actor)

    async def _alias(
        self,
        find: Callable[[AgencyRepo], Awaitable[AgencyRow | None]],
        asked: str,
        alias: str,
        actor: Actor,
    ) -> Agency:
        require(actor, Permission.MANAGE_AGENCIES)
        alias = squash_spaces(alias)
        if not alias:
            raise ServiceError(texts.ALIAS_EMPTY)
        _checked_names([alias])
        now = self._clock.now()
        async with self._db.transaction() as conn:
            repo = AgencyRepo(conn)
            row = await find(repo)
            if row is None:
                raise ServiceError(texts.AGENCY_UNKNOWN.format(name=quote(asked)))
            _ensure_new_names(await repo.list(), [alias])
            await _add_alias(repo, row.id, alias)
            await actor.auditor(conn, now).record(
                "agency.alias_add",
                "agency",
                row.id,
                before={"aliases": list(row.aliases)},
                after={"aliases": [*row.aliases, alias]},
            )
            updated = await repo.get(row.id)
        assert updated is not None
        return _agency(updated)

    async def list(self) -> list[Agency]:
        """Every agency (for internal callers: the command line, the importer's reports)."""
        async with self._db.read() as conn:
            return [_agency(r) for r in await AgencyRepo(conn).list()]

    async def list_for(self, actor: Actor) -> builtins.list[Agency]:
        """Every agency, for someone who manages them (the chat's /agencies and pickers)."""
        require(actor, Permission.MANAGE_AGENCIES)
        return await self.list()
