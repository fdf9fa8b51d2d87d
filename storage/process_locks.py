"""Which processes are alive, and which one sends: PostgreSQL advisory locks on a connection of their own.

Several bot processes may run on one PostgreSQL database (behind a load balancer, by webhook). Each
holds, for as long as it lives, a session-level advisory lock on its own random instance id
(``pg_advisory_lock(INSTANCES, id)``) on a dedicated connection in autocommit (no transaction stays
open). A process that dies loses its connection, and PostgreSQL frees its locks at once: so another
process can tell a dead one's inbox leases from a living one's by trying its lock
(:meth:`ProcessLocks.is_dead`), and take them over without waiting for them to run out.

The platform's rate limits belong to the token, so one process at a time sends the outbox: the one that
holds the sending lock (``pg_try_advisory_lock(SENDING, <platform and schema>)``) on the same
connection. Each drain
asks :meth:`ProcessLocks.sender` first; a process whose connection broke is no longer the sender, and
another takes the lock at its next try (a second or so later).

On SQLite one process runs per database (``storage.instance_lock``): it is alive and always the sender,
and nothing here touches the database.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import time

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.engine import Database

logger = logging.getLogger(__name__)

#: Seconds between two tries for a new connection after the locks' one broke.
RECONNECT_EVERY = 2.0
#: The advisory locks' namespaces (the first key of the two-key form).
INSTANCES = 0x50590001
SENDING = 0x50590002


class ProcessLocks:
    def __init__(self, db: Database, platform: str) -> None:
        self._db = db
        self._platform = platform
        self._conn: AsyncConnection | None = None
        self.instance_id = 0
        self._sending = False
        self._next_reconnect = 0.0

    @property
    def sending(self) -> bool:
        """Whether this process sent the outbox at the last look (always on SQLite)."""
        return self._sending or not self.shared

    @property
    def shared(self) -> bool:
        """Whether other processes may run on this database (PostgreSQL)."""
        return not self._db.is_sqlite

    async def start(self) -> None:
        """Take a connection of its own and an instance id nobody else holds."""
        if not self.shared or self._conn is not None:
            return
        conn = await self._db.engine.connect()
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        for _ in range(10):
            candidate = secrets.randbelow(2**31 - 1) + 1
            if await conn.scalar(
                text("SELECT pg_try_advisory_lock(:ns, :id)"), {"ns": INSTANCES, "id": candidate}
            ):
                self._conn, self.instance_id = conn, candidate
                return
        await conn.close()
        raise RuntimeError("no free instance id")

    async def sender(self) -> tuple[bool, bool]:
        """(whether this process sends the outbox now, whether it has just become the sender). Keeps the
        sending lock, or takes it when it is free; a broken connection loses it, and the next calls try
        for a new one (a database restarted comes back)."""
        if not self.shared:
            return True, False
        if self._conn is None and not await self._reconnect():
            return False, False
        assert self._conn is not None
        try:
            if self._sending:
                await self._conn.execute(text("SELECT 1"))  # the lock lives as long as the connection
                return True, False
            # One sender per platform and schema (the tests put each database in a schema of its own).
            taken = await self._conn.scalar(
                text("SELECT pg_try_advisory_lock(:ns, hashtext(:platform || '/' || current_schema()))"),
                {"ns": SENDING, "platform": self._platform},
            )
        except Exception as exc:  # the connection is gone, and the locks with it
            logger.warning("process locks: connection lost (%s); not sending until it is back", exc)
            await self._lost()
            return False, False
        self._sending = bool(taken)
        if self._sending:
            logger.info("outbox: this process sends now (instance %s)", self.instance_id)
        return self._sending, self._sending

    async def is_dead(self, instance_id: int) -> bool:
        """Whether the process of `instance_id` is gone (its instance lock is free). Never this one."""
        if not self.shared or instance_id == self.instance_id:
            return False
        if self._conn is None and not await self._reconnect():
            return False
        assert self._conn is not None
        params = {"ns": INSTANCES, "id": instance_id}
        if not await self._conn.scalar(text("SELECT pg_try_advisory_lock(:ns, :id)"), params):
            return False
        await self._conn.execute(text("SELECT pg_advisory_unlock(:ns, :id)"), params)
        return True

    async def close(self) -> None:
        """Let go of the locks (a stop): another process may send at once. The connection is closed, not
        given back to the pool (a pooled connection would keep the locks)."""
        conn, self._conn, self._sending = self._conn, None, False
        if conn is not None:
            with contextlib.suppress(Exception):
                await conn.execute(text("SELECT pg_advisory_unlock_all()"))
            with contextlib.suppress(Exception):
                await conn.invalidate()
            await conn.close()

    async def _lost(self) -> None:
        # The locks went with the connection: no instance id until a new one is held (the inbox claims
        # nothing meanwhile), and not the sender.
        conn, self._conn, self._sending, self.instance_id = self._conn, None, False, 0
        if conn is not None:
            with contextlib.suppress(Exception):  # already broken
                await conn.invalidate()
        await self._reconnect()

    async def _reconnect(self) -> bool:
        """A new connection and a new instance id (the old one's leases count as a dead process's);
        tried at most every RECONNECT_EVERY seconds."""
        now = time.monotonic()
        if now < self._next_reconnect:
            return False
        self._next_reconnect = now + RECONNECT_EVERY
        try:
            await self.start()
        except Exception as exc:
            logger.warning("process locks: no connection yet (%s)", exc)
            return False
        return self._conn is not None
