"""The audit log: who did what, when, before → after."""

from __future__ import annotations

import builtins
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.rows import AuditRow
from storage.tables import audit_log


class AuditRepo:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def record(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        entity: str,
        entity_id: int | None,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        actor_member_id: int | None = None,
    ) -> None:
        """Append one entry; dates and datetimes inside ``before``/``after`` are stored as ISO strings."""
        await self._conn.execute(
            insert(audit_log).values(
                at=at,
                actor=actor,
                actor_member_id=actor_member_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                before=before,
                after=after,
            )
        )

    async def list(self, entity: str | None = None, entity_id: int | None = None) -> builtins.list[AuditRow]:
        """Entries in the order they were written, optionally for one entity (kind, and id)."""
        query = select(audit_log).order_by(audit_log.c.id)
        if entity is not None:
            query = query.where(audit_log.c.entity == entity)
        if entity_id is not None:
            query = query.where(audit_log.c.entity_id == entity_id)
        return [
            AuditRow(
                id=row.id,
                at=row.at,
                actor=row.actor,
                actor_member_id=row.actor_member_id,
                action=row.action,
                entity=row.entity,
                entity_id=row.entity_id,
                before=row.before,
                after=row.after,
            )
            for row in await self._conn.execute(query)
        ]
