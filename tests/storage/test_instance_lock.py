"""One process per SQLite database: the instance lock holds across processes, refuses a second one at
once with a Persian message naming the file, and is let go by the OS when its holder is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.texts import operations as t
from storage.instance_lock import InstanceLocked, acquire_instance_lock, lock_path

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from storage.instance_lock import acquire_instance_lock
lock = acquire_instance_lock(sys.argv[1])
print("held", flush=True)
time.sleep(60)
"""


def url_of(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of tmp_path/peygir.db."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, url_of(tmp_path / "peygir.db")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held", process.stderr
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_a_second_process_is_refused_until_the_first_is_killed(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    url = url_of(tmp_path / "peygir.db")
    with pytest.raises(InstanceLocked) as refused:
        acquire_instance_lock(url)
    path = tmp_path / "peygir.db.lock"
    assert refused.value.path == path and refused.value.holder == holder.pid
    message = str(refused.value)
    assert str(path) in message and str(holder.pid) in message
    assert message.startswith(t.INSTANCE_LOCKED.split("(")[0]) and "PostgreSQL" in message
    os.kill(holder.pid, signal.SIGKILL)  # no clean-up runs: the OS lets go of the lock
    holder.wait(10)
    lock = acquire_instance_lock(url)
    assert lock is not None
    with lock:
        assert lock.held and lock.path == path
    assert not lock.held


def test_the_lock_is_per_database_and_refuses_a_second_holder_in_the_same_process(tmp_path: Path) -> None:
    first = acquire_instance_lock(url_of(tmp_path / "a.db"))
    assert first is not None
    try:
        with pytest.raises(InstanceLocked):
            acquire_instance_lock(url_of(tmp_path / "a.db"))
        other = acquire_instance_lock(url_of(tmp_path / "b.db"))  # another database: its own lock
        assert other is not None
        other.release()
    finally:
        first.release()
        first.release()  # again is harmless
    again = acquire_instance_lock(url_of(tmp_path / "a.db"))
    assert again is not None
    again.release()
    assert (tmp_path / "a.db.lock").exists()  # the file stays; only the lock goes


def test_the_lock_folder_is_made_and_relative_paths_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    lock = acquire_instance_lock("sqlite+aiosqlite:///data/peygir.db")
    assert lock is not None and lock.path == Path("data/peygir.db.lock")
    assert (tmp_path / "data" / "peygir.db.lock").read_text().strip() == str(os.getpid())
    lock.release()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite://",
        "sqlite+aiosqlite:///:memory:",
        "postgresql+asyncpg://postgres@127.0.0.1:5432/test",
    ],
)
def test_nothing_to_lock_where_processes_cannot_collide(url: str) -> None:
    assert lock_path(url) is None and acquire_instance_lock(url) is None
