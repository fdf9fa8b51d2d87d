"""The audit trail of one change: who and when are fixed once, each record says what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from storage.repositories.audit import AuditRepo


@dataclass(frozen=True)
class Auditor:
    """Writes audit entries inside the caller's transaction, all by one actor at one moment."""

    conn: AsyncConnection
    actor: str
    at: datetime
    actor_member_id: int | None = None

    async def record(
        self,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        await AuditRepo(self.conn).record(
            at=self.at,
            actor=self.actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=before,
            after=after,
            actor_member_id=self.actor_member_id,
        )
