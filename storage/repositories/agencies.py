"""Agencies and their aliases."""

from __future__ import annotations

import builtins
from collections import defaultdict
from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import ColumnElement

from bot.domain.persian import persian_sort_key
from storage.errors import Conflict, NotFound
from storage.repositories._common import insert_returning
from storage.rows import AgencyRow
from storage.tables import agencies, agency_aliases


class AgencyRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def add(self, name: str, at: datetime) -> AgencyRow:
        """A new active agency; Conflict if the name is taken."""

        async def conflict() -> Conflict | None:
            existing = await self.get_by_name(name)
            return Conflict("agency", "name", name, existing.id) if existing else None

        statement = (
            insert(agencies)
            .values(name=name, active=True, created_at=at)
            .returning(agencies.c.id, agencies.c.active)
        )
        row = await insert_returning(self._conn, statement, conflict)
        return AgencyRow(id=row.id, name=name, active=row.active, aliases=())

    async def add_alias(self, agency_id: int, alias: str, key: str) -> None:
        """Another name for an agency; ``key`` is the normalised alias. Conflict if the key is taken."""

        async def conflict() -> Conflict | None:
            existing = await self._conn.scalar(
                select(agency_aliases.c.agency_id).where(agency_aliases.c.key == key)
            )
            return Conflict("agency_alias", "key", key, existing) if existing is not None else None

        statement = (
            insert(agency_aliases)
            .values(agency_id=agency_id, alias=alias, key=key)
            .returning(agency_aliases.c.id)
        )
        await insert_returning(self._conn, statement, conflict)

    async def get(self, agency_id: int) -> AgencyRow | None:
        found = await self._select(agencies.c.id == agency_id)
        return found[0] if found else None

    async def get_by_name(self, name: str) -> AgencyRow | None:
        found = await self._select(agencies.c.name == name)
        return found[0] if found else None

    async def list(self, active_only: bool = False) -> builtins.list[AgencyRow]:
        """Agencies in Persian alphabetical order of their names."""
        rows = await self._select(agencies.c.active.is_(True) if active_only else None)
        return sorted(rows, key=lambda row: persian_sort_key(row.name))

    async def set_active(self, agency_id: int, active: bool) -> None:
        result = await self._conn.execute(
            update(agencies).where(agencies.c.id == agency_id).values(active=active)
        )
        if result.rowcount == 0:
            raise NotFound("agency", agency_id)

    async def _select(self, condition: ColumnElement[bool] | None) -> builtins.list[AgencyRow]:
        query = select(agencies.c.id, agencies.c.name, agencies.c.active)
        alias_query = select(agency_aliases.c.agency_id, agency_aliases.c.alias).join(agencies)
        if condition is not None:
            query = query.where(condition)
            alias_query = alias_query.where(condition)
        aliases: dict[int, builtins.list[str]] = defaultdict(builtins.list)
        for agency_id, alias in await self._conn.execute(alias_query.order_by(agency_aliases.c.id)):
            aliases[agency_id].append(alias)
        return [
            AgencyRow(id=row.id, name=row.name, active=row.active, aliases=tuple(aliases[row.id]))
            for row in await self._conn.execute(query.order_by(agencies.c.id))
        ]
