"""One bot process per SQLite database: an exclusive OS lock on a file beside the database.

Two processes sending from one SQLite outbox would put each other's messages back in line at start and
send them twice. ``acquire_instance_lock(url)`` takes ``flock(LOCK_EX | LOCK_NB)`` on ``<database>.lock``
for the life of the process: a second process is refused at once with :class:`InstanceLocked`, whose
message (Persian, from ``bot.texts.operations``) names the file and, if it can, the process holding it.
The operating system lets go of the lock when the holder ends, however it ends (exit, crash, SIGKILL), so
a lock is never left behind; the file itself stays (removing it could let two processes lock two files).

PostgreSQL serves several processes safely (their claims are leases, see ``bot.services.outbox``), and an
in-memory SQLite database belongs to one process anyway: for them there is nothing to lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from sqlalchemy.engine import make_url

from bot.texts import operations as t
from storage.engine import sqlite_file

LOCK_SUFFIX = ".lock"


class InstanceLocked(Exception):
    """Another process holds the database's instance lock."""

    def __init__(self, path: Path, holder: int | None = None) -> None:
        self.path = path
        self.holder = holder
        who = t.INSTANCE_LOCK_HOLDER.format(pid=holder) if holder is not None else ""
        super().__init__(t.INSTANCE_LOCKED.format(path=path, holder=who))


class InstanceLock:
    """The held lock: released by `release()`, by leaving a `with` block, or by the process ending."""

    def __init__(self, path: Path, fd: int) -> None:
        self._path = path
        self._fd: int | None = fd

    @property
    def path(self) -> Path:
        return self._path

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Let go of the lock (again is harmless)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.release()


def lock_path(url: str) -> Path | None:
    """The lock file of a database URL: ``<file>.lock`` beside a SQLite file; None for anything else."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = sqlite_file(parsed)
    return database.with_name(database.name + LOCK_SUFFIX) if database is not None else None


def acquire_instance_lock(url: str) -> InstanceLock | None:
    """Hold the instance lock of the database at `url` for the life of the process, or raise
    InstanceLocked at once if another process holds it. None where no lock is needed (PostgreSQL,
    in-memory SQLite)."""
    path = lock_path(url)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_CLOEXEC: a program this process starts does not inherit the lock.
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        os.close(fd)
        raise InstanceLocked(path, holder) from None
    except BaseException:
        os.close(fd)
        raise
    # Who holds it, for the message a second process shows (the lock is the flock, not this content).
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return InstanceLock(path, fd)


def _holder(fd: int) -> int | None:
    """The process id the holder wrote into the lock file, if it did."""
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
