"""Heavy work off the event loop: reading minutes, writing reports, drawing the chart.

:class:`ProcessRunner` runs a function in a small pool of worker processes, each limited in address space
(``RLIMIT_AS``, set by the worker itself when it starts). A hostile file costs its worker, never the bot:
a worker that runs out of memory, dies or runs past its time is killed, the caller gets
:class:`HeavyWorkFailed`, and a fresh worker takes the next task. Workers are recycled after a few tasks
(by default after each one), so the memory a task used goes back to the system when it ends.

Workers are forked by multiprocessing's fork server (never by forking the bot itself, which has threads).
The fork server imports the heavy libraries once, when the runner starts (:meth:`ProcessRunner.start`),
and every worker is a copy of it: a new worker is ready in a few tens of milliseconds.

:class:`InlineRunner` has the same interface and runs the function in a thread of this process: the
command line and the unit tests use it, the running bot uses :class:`ProcessRunner`.

Functions and their arguments and results cross a process boundary: they must be picklable (functions at
module level, values without open resources).
"""

from __future__ import annotations

import ast
import asyncio
import contextlib
import logging
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Literal, Never, Protocol, TypeVar, TypeVarTuple

logger = logging.getLogger(__name__)

R = TypeVar("R")
Ts = TypeVarTuple("Ts")

Failure = Literal["memory", "timeout", "crashed"]

#: A worker's address space (RLIMIT_AS), in MiB. The heavy libraries alone take about 250 MiB of it.
DEFAULT_MEMORY_MB = 1024
# Seconds between a worker's looks at whether the bot that started it is still alive.
ORPHAN_CHECK = 1.0
#: Worker processes: tasks beyond this many at once wait for a free one.
DEFAULT_WORKERS = 2
#: Seconds a task may run when its caller names no time.
DEFAULT_TIMEOUT = 60.0
#: What the fork server imports once, so that no worker pays for it: the minutes readers (and Iran's
#: holidays, which deadlines count in), the report writers and the chart (named, not imported: this
#: module sits below them).
DEFAULT_PRELOAD: tuple[str, ...] = (
    "lxml.etree",
    "holidays.countries.iran",
    "docx",
    "openpyxl",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.ticker",
    "bot.minutes",
    "bot.minutes.docx_reader",
    "bot.minutes.pdf_reader",
    "bot.reports.letters",
    "bot.reports.chart",
    "bot.reports.xlsx",
    "bot.reports.docx_report",
)


class HeavyWorkFailed(Exception):
    """The worker ran out of memory (``memory``), past its time (``timeout``), or died (``crashed``).

    Never the task's own exception: that reaches the caller as it was raised."""

    def __init__(self, reason: Failure, task: str) -> None:
        super().__init__(f"{task}: {reason}")
        self.reason: Failure = reason
        self.task = task


class HeavyRunner(Protocol):
    """Runs a function away from the event loop; the services take one."""

    async def start(self) -> None:
        """Get ready (start and warm the workers); calling it again is harmless."""

    async def shutdown(self) -> None:
        """Stop the workers; a later :meth:`run` starts them again."""

    async def run(self, fn: Callable[[*Ts], R], *args: *Ts, seconds: float | None = None) -> R:
        """``fn(*args)``, or its own exception; HeavyWorkFailed when the work could not be done."""
        ...


def _name(fn: Callable[..., object]) -> str:
    return f"{getattr(fn, '__module__', '?')}.{getattr(fn, '__qualname__', repr(fn))}"


class InlineRunner:
    """The function in a thread of this process: for the command line and the tests.

    Nothing limits its memory; a MemoryError still becomes HeavyWorkFailed, as from a worker. `seconds`
    is not enforced (a thread cannot be stopped)."""

    async def start(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def run(self, fn: Callable[[*Ts], R], *args: *Ts, seconds: float | None = None) -> R:
        try:
            return await asyncio.to_thread(fn, *args)
        except MemoryError:
            raise HeavyWorkFailed("memory", _name(fn)) from None


def _exit_with(bot_pid: int) -> None:
    """In a worker: end it as soon as the bot that started it is gone (killed, so it could not stop its
    workers). Then the fork server, which the workers keep alive, ends too."""
    while True:
        time.sleep(ORPHAN_CHECK)
        if os.getppid() == 1 or not _alive(bot_pid):
            os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # no signal: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # another user's process: it exists
    return True


def limit_memory(limit_bytes: int, bot_pid: int | None = None) -> None:
    """A worker's initializer: its own address space limit, Ctrl-C left to the bot (which stops it), and
    an end of its own if the bot dies without stopping it."""
    if bot_pid is not None:
        threading.Thread(target=_exit_with, args=(bot_pid,), daemon=True, name="orphan-check").start()
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        limit_bytes = min(limit_bytes, soft)
    if hard != resource.RLIM_INFINITY:
        limit_bytes = min(limit_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, hard))
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _submit(executor: ProcessPoolExecutor, fn: Callable[[*Ts], R], args: tuple[*Ts]) -> Future[R]:
    return executor.submit(fn, *args)


def _ready() -> None:
    """A task that does nothing: the worker is up."""


def main_script_imports() -> tuple[str, ...]:
    """What the program's main script imports at its top level.

    A worker started by the fork server runs the main script again (as ``__mp_main__``) when the program
    was started as a script (``peygir run``: the script imports ``bot.cli.main`` and with it the whole
    bot, a second or more). Preloading its imports in the fork server makes that free. Started with
    ``python -m``, the worker skips the main module, and nothing is needed."""
    main = sys.modules.get("__main__")
    if main is None or getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return ()
    path = getattr(main, "__file__", None)
    if not isinstance(path, str):
        return ()
    try:
        tree = ast.parse(Path(path).read_bytes())
    except (OSError, SyntaxError, ValueError):
        return ()
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return tuple(names)


@dataclass
class _Slot:
    """One worker: its own single-process pool, so that killing it touches no other person's task."""

    executor: ProcessPoolExecutor | None = None
    tasks: int = 0


class ProcessRunner:
    """A few worker processes, each with an address-space limit; see the module's description.

    `memory_mb`: each worker's address space. `workers`: how many tasks run at once (more wait).
    `timeout`: seconds a task may run when `run()` names none. `tasks_per_worker`: a worker is replaced
    after this many tasks (1: after each, so that its memory returns at once). `preload`: modules the fork
    server imports once. `start_method`: ``forkserver`` (workers are copies of a warm fork server) or
    ``spawn`` (each worker imports what it needs itself: slower, for platforms without a fork server)."""

    def __init__(
        self,
        *,
        memory_mb: int = DEFAULT_MEMORY_MB,
        workers: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_TIMEOUT,
        tasks_per_worker: int = 1,
        preload: Sequence[str] = DEFAULT_PRELOAD,
        start_method: Literal["forkserver", "spawn"] = "forkserver",
    ) -> None:
        if memory_mb < 1 or workers < 1 or timeout <= 0 or tasks_per_worker < 1:
            raise ValueError("memory_mb, workers, timeout and tasks_per_worker must be positive")
        self.memory_mb = memory_mb
        self.timeout = timeout
        self._limit = memory_mb * 1024 * 1024
        self._tasks_per_worker = tasks_per_worker
        self._preload = tuple(preload)
        self._start_method = start_method
        self._slots = [_Slot() for _ in range(workers)]
        self._context: BaseContext | None = None
        self._free: asyncio.Queue[_Slot] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        """Start the fork server (it imports the heavy libraries once) and one worker per slot; returns
        when they are ready. Waits in threads: the event loop keeps running meanwhile."""
        slots = self._free_slots()
        taken = [await slots.get() for _ in self._slots]
        try:
            futures = [await self._submit(slot, _ready) for slot in taken]
            await asyncio.gather(*(asyncio.wrap_future(f) for f in futures))
        except Exception as exc:  # the bot runs on; the first task tries again
            logger.warning("heavy workers could not start: %r", exc)
            for slot in taken:
                self._retire(slot, kill=True)
        finally:
            for slot in taken:
                slots.put_nowait(slot)

    async def shutdown(self) -> None:
        """Kill the workers (a task still running gets HeavyWorkFailed) and wait until they are gone."""
        executors = [slot.executor for slot in self._slots if slot.executor is not None]
        for slot in self._slots:
            self._retire(slot, kill=True)
        for executor in executors:
            await asyncio.to_thread(executor.shutdown, wait=True, cancel_futures=True)

    async def run(self, fn: Callable[[*Ts], R], *args: *Ts, seconds: float | None = None) -> R:
        """``fn(*args)`` in a worker: its result, or the exception it raised; HeavyWorkFailed when the
        worker ran out of memory, worked longer than `seconds` (default: the runner's `timeout`; waiting
        for a free worker does not count), or died. After a failure the worker is replaced, and the next
        task runs as usual."""
        limit = self.timeout if seconds is None else seconds
        slots = self._free_slots()
        slot = await slots.get()
        try:
            return await self._run_on(slot, fn, args, limit)
        finally:
            slots.put_nowait(slot)

    # --- inside ---------------------------------------------------------------------------------------

    async def _run_on(self, slot: _Slot, fn: Callable[[*Ts], R], args: tuple[*Ts], limit: float) -> R:
        task = _name(fn)
        try:
            future = await self._submit(slot, fn, *args)
            waiting = asyncio.wrap_future(future)
            done, _ = await asyncio.wait({waiting}, timeout=limit)
        except asyncio.CancelledError:
            self._retire(slot, kill=True)  # nobody waits for the result any more
            raise
        except Exception as exc:  # no worker could be started (the fork server died, …)
            logger.warning("heavy task %s could not start: %r", task, exc)
            self._retire(slot, kill=True)
            raise HeavyWorkFailed("crashed", task) from exc
        if not done:
            waiting.cancel()
            self._fail(slot, "timeout", task, f" after {limit:g} s")
        try:
            result = waiting.result()
        except MemoryError:
            self._fail(slot, "memory", task)
        except BrokenProcessPool:
            self._fail(slot, "crashed", task)
        except BaseException:
            self._finished(slot)  # the task's own exception: the worker is fine
            raise
        self._finished(slot)
        return result

    async def _submit(self, slot: _Slot, fn: Callable[[*Ts], R], *args: *Ts) -> Future[R]:
        """Hand the task to the slot's worker; a worker found dead while idle is replaced once.

        In a thread: starting a worker waits for the fork server (for seconds, the first time)."""
        for attempt in (1, 2):
            executor = self._executor(slot)
            try:
                return await asyncio.to_thread(_submit, executor, fn, args)
            except BrokenProcessPool:
                self._retire(slot, kill=True)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _executor(self, slot: _Slot) -> ProcessPoolExecutor:
        if slot.executor is None:
            slot.executor = ProcessPoolExecutor(
                max_workers=1,
                mp_context=self._mp_context(),
                initializer=limit_memory,
                initargs=(self._limit, os.getpid()),
            )
        return slot.executor

    def _mp_context(self) -> BaseContext:
        if self._context is None:
            context = multiprocessing.get_context(self._start_method)
            if self._start_method == "forkserver":
                # Taken when the fork server starts (once per process; a running one keeps its own).
                preload = dict.fromkeys((*self._preload, *main_script_imports()))
                context.set_forkserver_preload(list(preload))
            self._context = context
        return self._context

    def _free_slots(self) -> asyncio.Queue[_Slot]:
        """The idle slots, as a queue of the running loop (a runner used from a new loop starts afresh)."""
        loop = asyncio.get_running_loop()
        if self._free is None or self._loop is not loop:
            self._free = asyncio.Queue()
            for slot in self._slots:
                self._free.put_nowait(slot)
            self._loop = loop
        return self._free

    def _finished(self, slot: _Slot) -> None:
        slot.tasks += 1
        if slot.tasks >= self._tasks_per_worker:
            self._retire(slot, kill=False)

    def _fail(self, slot: _Slot, reason: Failure, task: str, detail: str = "") -> Never:
        logger.warning("heavy task %s failed (%s%s); its worker is replaced", task, reason, detail)
        self._retire(slot, kill=True)
        raise HeavyWorkFailed(reason, task)

    def _retire(self, slot: _Slot, *, kill: bool) -> None:
        """Let the slot's worker go (killed at once, or after its task) and start afresh next time. The
        pool's own thread joins the process; nothing here waits."""
        executor, slot.executor, slot.tasks = slot.executor, None, 0
        if executor is None:
            return
        if kill:
            # A running task cannot be cancelled, only its process killed (Python 3.14 has kill_workers()).
            for process in list((executor._processes or {}).values()):
                with contextlib.suppress(OSError, ValueError, AttributeError):  # already gone
                    process.kill()
        executor.shutdown(wait=False, cancel_futures=True)
