"""The database handle: engine, write and read transactions, SQLite pragmas and online backup."""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager, closing
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from storage.types import json_dumps

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = FULL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
)

# Execution option telling the SQLite "begin" hook which kind of transaction to open.
_SQLITE_MODE = "peygir_sqlite_mode"
_WRITE, _READ = "write", "read"
# Key in the pooled DBAPI connection's info dict remembering its PRAGMA query_only setting.
_QUERY_ONLY = "peygir_query_only"


def _sqlite_connect(dbapi_connection: DBAPIConnection, record: ConnectionPoolEntry) -> None:
    # SQLAlchemy's documented recipe: take BEGIN away from the driver so that SAVEPOINT and
    # transactional DDL work; _sqlite_begin below emits it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
    record.info[_QUERY_ONLY] = False


def _sqlite_begin(conn: Connection) -> None:
    mode = conn.get_execution_options().get(_SQLITE_MODE)
    query_only = mode == _READ
    info = conn.connection.info
    if info.get(_QUERY_ONLY) != query_only:
        conn.exec_driver_sql(f"PRAGMA query_only = {'ON' if query_only else 'OFF'}")
        info[_QUERY_ONLY] = query_only
    conn.exec_driver_sql("BEGIN IMMEDIATE" if mode == _WRITE else "BEGIN")


class WriteHook(Protocol):
    """Runs with every write transaction of the task that set it (see `Database.transaction`): the inbox
    marks the update being handled as done in the transaction of its effects."""

    async def before_commit(self, conn: AsyncConnection) -> None:
        """Inside the transaction, just before its commit; raising rolls it back."""

    def committed(self) -> None:
        """After the commit went through."""


write_hook: ContextVar[WriteHook | None] = ContextVar("peygir_write_hook", default=None)


def sqlite_file(url: URL) -> Path | None:
    """The database file of a SQLite URL; None for in-memory and ``file:`` URI databases."""
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


class Database:
    """An AsyncEngine with the project's transaction discipline.

    ``transaction()`` is the write transaction: on SQLite writers in this process queue on an asyncio
    lock and the transaction starts with BEGIN IMMEDIATE, so it never fails half-way on a lock upgrade.
    ``read()`` is a read-only snapshot (SQLite deferred BEGIN with ``query_only``; PostgreSQL REPEATABLE
    READ READ ONLY); it is always rolled back.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        """Wrap a fresh engine (its SQLite hooks apply to connections made from now on)."""
        self._engine = engine
        self._write_lock = asyncio.Lock()
        self._writers: set[asyncio.Task[Any]] = set()
        if self.is_sqlite:
            event.listen(engine.sync_engine, "connect", _sqlite_connect)
            event.listen(engine.sync_engine, "begin", _sqlite_begin)

    @property
    def engine(self) -> AsyncEngine:
        return self._engine

    @property
    def url(self) -> URL:
        return self._engine.url

    @property
    def is_sqlite(self) -> bool:
        return self._engine.dialect.name == "sqlite"

    @asynccontextmanager
    async def transaction(self, *, hooked: bool = True) -> AsyncIterator[AsyncConnection]:
        """A write transaction, committed when the block ends and rolled back if it raises.

        Opening one inside another in the same task raises RuntimeError (on SQLite it would wait for
        itself forever): pass the connection down instead. The task's `write_hook`, if any, runs just
        before the commit; `hooked=False` is for writes that are not an update's effect (the inbox's own
        bookkeeping, an idempotent first registration of an admin).
        """
        task = asyncio.current_task()
        if task is not None and task in self._writers:
            raise RuntimeError("nested Database.transaction() in one task: pass the open connection down")
        if task is not None:
            self._writers.add(task)
        hook = write_hook.get() if hooked else None
        try:
            if not self.is_sqlite:
                async with self._engine.begin() as conn:
                    yield conn
                    if hook is not None:
                        await hook.before_commit(conn)
            else:
                async with self._write_lock, self._engine.connect() as conn:
                    await conn.execution_options(**{_SQLITE_MODE: _WRITE})
                    async with conn.begin():
                        yield conn
                        if hook is not None:
                            await hook.before_commit(conn)
            if hook is not None:
                hook.committed()
        finally:
            if task is not None:
                self._writers.discard(task)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncConnection]:
        """A consistent read-only view; writing through it raises."""
        async with self._engine.connect() as conn:
            if self.is_sqlite:
                await conn.execution_options(**{_SQLITE_MODE: _READ})
            else:
                await conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
            trans = await conn.begin()
            try:
                yield conn
            finally:
                await trans.rollback()

    async def dispose(self) -> None:
        await self._engine.dispose()


def create_database(url: str, *, connect_args: Mapping[str, Any] | None = None) -> Database:
    """A Database for ``url`` (``sqlite+aiosqlite:///…`` or ``postgresql+asyncpg://…``).

    The parent folder of a SQLite file is created. ``connect_args`` go to the driver (the tests use it to
    put each PostgreSQL test in its own schema).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_file(parsed)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(
        parsed,
        json_serializer=json_dumps,
        connect_args=dict(connect_args or {}),
        pool_pre_ping=parsed.get_backend_name() != "sqlite",
    )
    return Database(engine)


def _sqlite_source(db_path_or_url: str | Path) -> Path:
    if isinstance(db_path_or_url, str) and "://" in db_path_or_url:
        url = make_url(db_path_or_url)
        if url.get_backend_name() != "sqlite":
            raise ValueError(f"backup_sqlite needs a SQLite database, not {url.get_backend_name()}")
        path = sqlite_file(url)
        if path is None:
            raise ValueError("backup_sqlite needs a SQLite file path, not an in-memory or URI database")
        return path
    return Path(db_path_or_url)


def _backup(source: Path, dest: Path) -> None:
    if not source.is_file():
        raise FileNotFoundError(f"no SQLite database at {source}")
    # O_EXCL: refuse to overwrite, atomically, even if dest appears between a check and the copy.
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(dest)) as dst:
            src.backup(dst)
            # A self-contained file: no -wal/-shm companions needed to open the copy.
            dst.execute("PRAGMA journal_mode = DELETE")
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


async def backup_sqlite(db_path_or_url: str | Path, dest: Path) -> None:
    """Copy a live SQLite database with the online backup API; never overwrites ``dest``.

    Raises FileExistsError if ``dest`` exists, ValueError for a non-SQLite URL, FileNotFoundError if the
    source file is missing.
    """
    source = _sqlite_source(db_path_or_url)
    await asyncio.to_thread(_backup, source, Path(dest))
