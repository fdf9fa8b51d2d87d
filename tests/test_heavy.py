"""Heavy work in worker processes (bot.heavy): a worker out of memory, time or life fails alone and the
next task works; the bot's own memory and event loop are untouched; and the services that read minutes,
write reports and draw charts work through workers and answer clearly when one fails.

The tasks live in tests/heavy_tasks.py (picklable, standard library only)."""

from __future__ import annotations

import asyncio
import io
import sys
import time
import types
from collections.abc import AsyncIterator, Callable
from importlib.machinery import ModuleSpec
from pathlib import Path
from typing import TypeVar, TypeVarTuple

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.domain.clock import FixedClock
from bot.heavy import DEFAULT_PRELOAD, HeavyWorkFailed, InlineRunner, ProcessRunner, main_script_imports
from bot.minutes import MinutesError, parse_minutes_bytes
from bot.samples import sample_bytes
from bot.services.conversations import ChatKey
from bot.services.errors import ServiceError
from bot.services.exports import ExportService
from bot.services.minutes_upload import MAX_BYTES, Fetch, MinutesUploadService
from bot.services.status import StatusService
from bot.texts import minutes as minutes_texts
from bot.texts import status as status_texts
from bot.texts import upload as upload_texts
from storage.engine import Database
from storage.repositories.conversations import ConversationRepo
from tests import heavy_tasks
from tests.heavy_tasks import status
from tests.status_helpers import TEHRAN, council
from tests.tracker_helpers import CALENDAR, TESTER, register_samples

R = TypeVar("R")
Ts = TypeVarTuple("Ts")

# Below the default (1 GiB): the libraries still load and work, and a bomb trips it sooner.
MEMORY_MB = 512
KEY = ChatKey("telegram", 1001, 1001)
SAMPLE = sample_bytes("minutes_31.md")
# What the bot itself may grow by while a worker does the work (KiB).
PARENT_SLACK = 30 * 1024


@pytest.fixture
async def runner() -> AsyncIterator[ProcessRunner]:
    heavy = ProcessRunner(memory_mb=MEMORY_MB, timeout=20.0, preload=(*DEFAULT_PRELOAD, "tests.heavy_tasks"))
    await heavy.start()
    try:
        yield heavy
    finally:
        await heavy.shutdown()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A .docx that weighs under a megabyte and unpacks to 190 MiB (under the reader's own limit)."""
    return heavy_tasks.docx_bomb(190)


def fetch(content: bytes) -> Fetch:
    """The download the handler would pass."""

    async def download() -> bytes:
        return content

    return download


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False


async def gone(pid: int) -> bool:
    """The process ends within a few seconds."""
    for _ in range(100):
        if not running(pid):
            return True
        await asyncio.sleep(0.05)
    return False


class FailingRunner:
    """A runner whose worker always fails, for the services' answers."""

    def __init__(self) -> None:
        self.calls = 0

    async def start(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def run(self, fn: Callable[[*Ts], R], *args: *Ts, seconds: float | None = None) -> R:
        self.calls += 1
        raise HeavyWorkFailed("memory", "test")


# --- the runner ---------------------------------------------------------------------------------------


async def test_a_task_over_the_memory_limit_fails_and_the_next_works(runner: ProcessRunner) -> None:
    with pytest.raises(HeavyWorkFailed) as failed:
        await runner.run(heavy_tasks.hold, 2 * MEMORY_MB)
    assert failed.value.reason == "memory" and failed.value.task == "tests.heavy_tasks.hold"
    peak = await runner.run(heavy_tasks.hold, 100)
    assert peak > 100 * 1024  # KiB: the next worker really held it


async def test_a_task_past_its_time_is_killed_and_the_other_worker_goes_on(
    runner: ProcessRunner, tmp_path: Path
) -> None:
    other = asyncio.ensure_future(runner.run(heavy_tasks.spin, 0.5, str(tmp_path / "other")))
    pid_file = tmp_path / "pid"
    started = time.monotonic()
    with pytest.raises(HeavyWorkFailed) as failed:
        await runner.run(heavy_tasks.spin, 60.0, str(pid_file), seconds=0.3)
    assert failed.value.reason == "timeout" and time.monotonic() - started < 5
    assert await gone(int(pid_file.read_text()))  # killed, not left spinning
    assert await other == 0.5  # the task in the other worker was not touched
    assert await runner.run(heavy_tasks.worker_pid) != int(pid_file.read_text())


async def test_a_worker_that_dies_is_replaced_and_the_runner_restarts(runner: ProcessRunner) -> None:
    with pytest.raises(HeavyWorkFailed) as failed:
        await runner.run(heavy_tasks.die)
    assert failed.value.reason == "crashed"
    first = await runner.run(heavy_tasks.worker_pid)
    second = await runner.run(heavy_tasks.worker_pid)
    assert first != second  # a worker is recycled after each task: its memory goes back at once
    await runner.shutdown()
    assert await runner.run(heavy_tasks.worker_pid) > 0  # a run after shutdown starts a worker again


async def test_the_task_s_own_exception_reaches_the_caller(runner: ProcessRunner) -> None:
    with pytest.raises(MinutesError) as refused:
        await runner.run(parse_minutes_bytes, b"", "empty.txt", CALENDAR)
    assert str(refused.value) == minutes_texts.EMPTY_FILE


async def test_the_bot_does_not_grow_by_what_a_worker_holds(runner: ProcessRunner) -> None:
    before = status("VmRSS")
    peak = await runner.run(heavy_tasks.hold, 160)
    grown = status("VmRSS") - before
    assert peak > 160 * 1024 and grown < PARENT_SLACK, (peak, grown)


async def test_the_event_loop_keeps_ticking_while_a_worker_computes(
    runner: ProcessRunner, tmp_path: Path
) -> None:
    gaps: list[float] = []
    done = asyncio.Event()

    async def tick() -> None:
        last = time.monotonic()
        while not done.is_set():
            await asyncio.sleep(0.01)
            now = time.monotonic()
            gaps.append(now - last)
            last = now

    ticker = asyncio.ensure_future(tick())
    assert await runner.run(heavy_tasks.spin, 0.6, str(tmp_path / "pid")) == 0.6
    done.set()
    await ticker
    assert len(gaps) > 20 and max(gaps) < 0.2, max(gaps)


async def test_inline_runner_reports_memory_the_same_way() -> None:
    with pytest.raises(HeavyWorkFailed) as failed:
        await InlineRunner().run(heavy_tasks.out_of_memory)
    assert failed.value.reason == "memory"
    assert await InlineRunner().run(heavy_tasks.worker_pid, seconds=1.0) > 0


def test_the_main_script_s_imports_are_preloaded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`peygir run` is a script importing bot.cli.main: each new worker would import it again."""
    script = tmp_path / "peygir"
    script.write_text("import sys\nfrom bot.cli.main import main\nif __name__ == '__main__':\n    main()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", main)
    assert main_script_imports() == ("sys", "bot.cli.main")
    main.__spec__ = ModuleSpec("bot.__main__", None)  # `python -m bot`: workers skip the main module
    assert main_script_imports() == ()


# --- the services through workers ----------------------------------------------------------------------


async def test_a_docx_bomb_gets_the_clear_answer_and_the_bot_stays_small(
    db: Database, clock: FixedClock, runner: ProcessRunner, bomb: bytes
) -> None:
    assert len(bomb) < MAX_BYTES  # the size check lets it in: only unpacking shows what it is
    uploads = MinutesUploadService(db, clock, CALENDAR, heavy=runner)
    before = status("VmRSS")
    with pytest.raises(ServiceError) as refused:
        await uploads.receive(TESTER, KEY, "bomb.docx", len(bomb), fetch(bomb))
    grown = status("VmRSS") - before
    reasons = (minutes_texts.TOO_HEAVY, minutes_texts.DOCX_TOO_LARGE, minutes_texts.DOCX_NOT_WORD)
    assert str(refused.value) in {upload_texts.NOT_MINUTES.format(reason=r) for r in reasons}
    assert grown < PARENT_SLACK, grown
    async with db.read() as conn:
        assert await ConversationRepo(conn).get(*KEY.ids) is None  # nothing kept
    # The next file is read as usual.
    await register_samples(db, clock)
    preview = await uploads.receive(TESTER, KEY, "minutes_31.md", len(SAMPLE), fetch(SAMPLE))
    assert preview.minutes.meeting.number == 31 and len(preview.rows) == 4


async def test_reports_and_charts_are_made_in_workers(
    db: Database, clock: FixedClock, runner: ProcessRunner
) -> None:
    c = await council(db, clock)
    governor = c.actors["governor"]
    exports = ExportService(db, clock, TEHRAN, heavy=runner)
    book = load_workbook(io.BytesIO(await exports.export(governor, "xlsx")))
    assert book.sheetnames == ["تکالیف", "خلاصه دستگاه‌ها"] and book["تکالیف"].max_row == 6
    document = Document(io.BytesIO(await exports.export(governor, "docx")))
    assert document.paragraphs[0].text == status_texts.DOCX_TITLE
    chart = await StatusService(db, clock, TEHRAN, heavy=runner).chart(governor, "agency")
    assert chart is not None and chart.startswith(b"\x89PNG")


async def test_a_failed_worker_gets_short_answers_not_the_generic_error(
    db: Database, clock: FixedClock
) -> None:
    c = await council(db, clock)
    governor = c.actors["governor"]
    failing = FailingRunner()
    with pytest.raises(ServiceError) as export_refused:
        await ExportService(db, clock, TEHRAN, heavy=failing).export(governor, "docx")
    assert str(export_refused.value) == status_texts.EXPORT_FAILED
    with pytest.raises(ServiceError) as chart_refused:
        await StatusService(db, clock, TEHRAN, heavy=failing).chart(governor, "meeting")
    assert str(chart_refused.value) == status_texts.CHART_FAILED

    with pytest.raises(ServiceError) as upload_refused:
        await MinutesUploadService(db, clock, CALENDAR, heavy=failing).receive(
            TESTER, KEY, "minutes_31.md", len(SAMPLE), fetch(SAMPLE)
        )
    assert str(upload_refused.value) == upload_texts.NOT_MINUTES.format(reason=minutes_texts.TOO_HEAVY)
    assert failing.calls == 3


async def test_a_press_whose_worker_fails_keeps_the_upload_waiting(db: Database, clock: FixedClock) -> None:
    await register_samples(db, clock)
    working = MinutesUploadService(db, clock, CALENDAR)
    preview = await working.receive(TESTER, KEY, "minutes_31.md", len(SAMPLE), fetch(SAMPLE))
    assert not preview.blocked
    with pytest.raises(ServiceError) as refused:
        await MinutesUploadService(db, clock, CALENDAR, heavy=FailingRunner()).commit(TESTER, KEY)
    assert str(refused.value) == upload_texts.READ_LATER
    report = await working.commit(TESTER, KEY)  # pressed again, later: the file still waits
    assert report is not None and report.meeting_created
