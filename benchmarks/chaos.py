"""The long chaos run (issue 13): the real bot (`peygir run`, a separate process) on the simulator, killed,
flooded with hostile updates and handed heavy files, and what it lost, doubled, left unanswered or leaked.

1. Kills during a fan-out: one resolution pushed to 1,000 representatives with Telegram's limits on and
   30 % faults on sendMessage (5xx, timeout, 429, drop, slow: the slow and timeout ones outlast the bot's
   30 s wait); the bot is SIGKILLed 10 times at random moments and started again. Figures: pushes
   delivered, lost (a representative without one), duplicated (extra copies; each must come from a send
   whose answer the bot never got: the simulator notes those), total time.
2. Updates in hand across kills: ten representatives reply to their push with progress reports in bursts
   (some while the bot is down) while the bot is SIGKILLed a few times. Figures: reports sent, stored,
   lost, stored twice.
3. 3,000 hostile updates from every role (strangers, representatives of two agencies, the governor's
   office, the secretariat): digits int() refuses, numbers no column holds, 2,100 emoji after a command,
   4,000-emoji reports, control characters and NUL in reports and names, forged button data of every
   namespace with ids that exist and do not, well-formed asks for the other agency's items (its ids in
   buttons, its rows in /status and /history), random text; each chat in order (the next update once the
   last one is answered), many chats at once. Figures: unanswered (no answer within --answer-seconds,
   notices the outbox sends meanwhile not counting; a press never answered), tracebacks in the bot's log,
   leaks (a stranger, or one agency's representative, shown an item of the other agency: each agency's
   items carry a marker, and everything the bot sent each person, edits, button answers and files
   included, is searched for the other's), members whose role, agency or state a forged button changed.
4. The heavy-update probe: while a representative's /status with 100,000 characters after it, a .docx of
   minutes that unpacks to ~190 MB, a ~300 MB zip bomb and an /export (XLSX, DOCX) of a large council are
   handled, other members' /whoami is timed (goal: under 1 s); the bot process's RSS before and after.

After each phase, processes still running in the bot's folder (what killed bots left behind: the heavy
work's fork server and workers) are counted and ended. A summary block ends the run: each figure and
whether it meets its goal.

Run: .venv/bin/python benchmarks/chaos.py [--backend sqlite|postgresql] [--quick] [--phases 1,2,3,4]
     [--seed N] [--keep DIR]
--quick shrinks the counts (100 pushes, 2 kills, 300 hostile updates, a council of 2,000 items; the files
stay as large): about 3 minutes on SQLite, the full run about 15. Phase 1 cannot be quicker than the slow
sends it waits out (35 s); on PostgreSQL it takes 10 minutes more, even with --quick: a killed process's
claims on outbox rows come back only when their lease (bot.services.outbox.LEASE) runs out.
PostgreSQL: PEYGIR_TEST_POSTGRES_URL, by default postgresql+asyncpg://postgres@127.0.0.1:5432/test.
Prints one line per figure. Not run by `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import math
import os
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests.chaos lives beside the packages

from chaos_support import (
    FANOUT_MARK,
    MARKERS,
    PROBE_FIRST_USER,
    Hostile,
    LogFindings,
    Person,
    WatchedSimulator,
    bomb_docx,
    confirm_pending_updates,
    fanout_council,
    fanout_users,
    hostile_council,
    hostile_people,
    hostile_updates,
    large_council,
    leaks_in,
    left_behind,
    members_now,
    memory_kib,
    minutes_docx,
    read_logs,
)
from sqlalchemy import select, text

from bot.callback_data import StatusExport
from bot.texts import bot as bot_texts
from simulator import SimMessage, SimulatorClient, SimUser
from simulator.html import strip_html
from storage.engine import Database, create_database
from storage.tables import outbox
from tests.chaos.council import REPS, SECRETARIAT, council
from tests.chaos.procs import BotProcess, database_url
from tests.chaos.test_kill import PER_REP, burst_of_reports, is_push

POSTGRES_ENV = "PEYGIR_TEST_POSTGRES_URL"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
FAULT_KINDS = ("5xx", "timeout", "429", "drop", "slow")
# Longer than the bot's wait for a send's answer (30 s): a slow send arrives, and the bot never hears it.
FAULT_DELAY = 35.0
# A delivery this soon before a kill may have been answered but not yet recorded by the bot.
KILL_WINDOW = 2.0
PROBE_GOAL = 1.0
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Sizes:
    representatives: int  # phase 1: pushes
    kills: int  # phase 1
    report_kills: int  # phase 2
    reports_per_round: int  # phase 2: from each representative between two kills (one more while down)
    hostile: int  # phase 3: updates
    hostile_concurrency: int  # phase 3: chats with an update in flight at once
    large_agencies: int  # phase 4: the council /export writes out
    large_items: int
    docx_megabytes: int  # phase 4: what the minutes unpack to
    bomb_megabytes: int


FULL = Sizes(1000, 10, 3, 2, 3000, 24, 60, 10_000, 190, 300)
QUICK = Sizes(100, 2, 2, 1, 300, 24, 20, 2_000, 190, 300)


@dataclass
class Summary:
    lost: int = 0
    applied_twice: int = 0
    duplicated: int = 0
    unexplained_duplicates: int = 0
    unanswered: int = 0
    tracebacks: int = 0
    leaks: int = 0
    changed_members: int = 0
    left_running: int = 0
    probe_max: float = 0.0
    ran: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@asynccontextmanager
async def stage(backend: str, folder: Path) -> AsyncIterator[tuple[str, WatchedSimulator, SimulatorClient]]:
    """A phase's empty database, its simulator (Telegram's limits on) and a client to play people."""
    async with (
        database_url(backend, folder) as url,
        WatchedSimulator(limits=True) as sim,
        SimulatorClient(sim.base_url) as client,
    ):
        yield url, sim, client


def say(phase: str, line: str) -> None:
    print(f"[{phase}] {line}", flush=True)


async def until(check: Callable[[], Awaitable[bool]], seconds: float, every: float = 0.2) -> bool:
    """Whether `check` came true within `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        if await check():
            return True
        if time.monotonic() >= deadline:
            return False
        await asyncio.sleep(every)


async def counts(db: Database, sql: str) -> dict[str, int]:
    async with db.read() as conn:
        return {str(k): int(v) for k, v in (await conn.execute(text(sql))).all()}


async def bot_reply(
    client: SimulatorClient,
    chat_id: int,
    after: int,
    seconds: float,
    queued: Callable[[int], Awaitable[set[str]]] | None = None,
) -> SimMessage | None:
    """The bot's first message in the chat after message `after`, waited for up to `seconds`. With
    `queued` (the texts the outbox holds for the chat), messages the outbox sent do not count: a notice
    that happens to arrive is not an answer."""
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        found = await client.messages(chat_id, after=after, wait=max(0.0, min(left, 5.0)))
        mine = [m for m in found if m.from_bot]
        if mine and queued is not None:
            notices = await queued(chat_id)
            answers = [m for m in mine if m.text not in notices]
            after = max([after, *(m.message_id for m in mine)])
            mine = answers
        if mine:
            return mine[0]
        if left <= 0:
            return None


def report_logs(phase: str, findings: LogFindings, summary: Summary) -> None:
    summary.tracebacks += findings.tracebacks
    say(phase, f"tracebacks in the bot's log: {findings.tracebacks}; ERROR lines: {findings.errors}")
    for line, n in findings.last_lines.most_common(5):
        say(phase, f"  {n} x {line}")
    if findings.first:
        say(phase, "  the first one:\n" + "\n".join("    " + line for line in findings.first.splitlines()))


# --- 1. Kills during a fan-out ---
async def fanout(backend: str, sizes: Sizes, folder: Path, rng: random.Random, summary: Summary) -> None:
    phase = "1 fan-out"
    n = sizes.representatives
    async with stage(backend, folder) as (url, sim, client):
        queued = await fanout_council(url, n)
        users = fanout_users(n)
        for user in users:  # the bot may write only to people who wrote to it
            await client.send_message(user, "/start")
        await confirm_pending_updates(sim)  # … and what they wrote is not what this phase measures
        await client.set_faults(
            0.3, FAULT_KINDS, methods=["sendMessage"], delay_seconds=FAULT_DELAY, seed=rng.randrange(10**6)
        )
        bot = BotProcess(sim, url, folder, admin_ids="1")
        db = create_database(url)

        def delivered() -> int:
            return sum(1 for o in sim.outputs if FANOUT_MARK in o.text)

        async def open_rows() -> int:
            found = await counts(db, "SELECT state, count(*) FROM outbox GROUP BY state")
            return found.get("pending", 0) + found.get("sending", 0)

        kills: list[float] = []
        # Kills spread over about twice the fan-out's floor (n / 30 messages a second).
        spread = max(4.0, 2 * n / 30 / max(1, sizes.kills))
        try:
            started = time.monotonic()
            await bot.start()
            for _ in range(sizes.kills):
                base = delivered()

                async def progressed(base: int = base) -> bool:
                    return delivered() > base

                if not await until(progressed, 120) or not await open_rows():
                    break
                await asyncio.sleep(rng.uniform(0.2, spread))
                if not await open_rows():
                    break
                await bot.kill()
                kills.append(time.monotonic())
                await bot.start()

            async def finished() -> bool:
                return await open_rows() == 0

            deadline = 1200.0 if backend == "postgresql" else 600.0
            done = await until(finished, deadline, every=0.5)
            elapsed = time.monotonic() - started
            await bot.terminate()
            states = await counts(db, "SELECT state, count(*) FROM outbox GROUP BY state")
            sent_rows = await counts(
                db, "SELECT chat_id || ':' || platform_message_id, 1 FROM outbox WHERE state = 'sent'"
            )
            errors = await counts(
                db,
                "SELECT substr(coalesce(last_error, ''), 1, 60), count(*) FROM outbox"
                " WHERE state = 'failed' GROUP BY 1",
            )
        finally:
            await bot.close()
            await db.dispose()
        stats = await client.stats()
        findings = read_logs(bot.logs())

    recorded = {(int(c), int(m)) for c, m in (key.split(":") for key in sent_rows)}
    # Each delivery the bot recorded (the outbox keeps its message id) or not: an unrecorded one is a copy
    # the bot could not know about (its answer was lost, or the bot died before writing it down).
    copies: Counter[int] = Counter()
    kinds: Counter[str] = Counter()
    gaps: list[float] = []
    for o in sim.outputs:
        if FANOUT_MARK not in o.text:
            continue
        copies[o.chat_id] += 1
        if (o.chat_id, o.message_id) in recorded:
            continue
        if o.answer_lost:
            at_kill = any(o.started <= k <= o.answered + 0.5 for k in kills)
            kinds["in flight when the bot was killed" if at_kill else "timed out"] += 1
            continue
        gap = min((k - o.answered for k in kills if k >= o.answered), default=math.inf)
        if gap <= KILL_WINDOW:
            kinds["answered, killed before recording"] += 1
            gaps.append(gap)
        else:
            kinds["unexplained"] += 1
    chats = {u.id for u in users}
    lost = len(chats - set(copies))
    extra = sum(c - 1 for c in copies.values())
    doubled_chats = sum(1 for c in copies.values() if c > 1)
    unexplained = kinds["unexplained"]
    say(phase, f"representatives {n}; pushes queued {queued}; kills (SIGKILL) {len(kills)}")
    say(phase, f"pushes delivered {len(copies)}; lost {lost}; finished: {'yes' if done else 'NO (deadline)'}")
    say(phase, f"duplicated: {extra} extra copies in {doubled_chats} chats")
    say(
        phase,
        "deliveries the bot never recorded: "
        + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none")
        + (f" (killed {min(gaps):.2f}-{max(gaps):.2f} s after the answer)" if gaps else ""),
    )
    say(phase, f"duplicates not from a send whose answer the bot never got: {unexplained}")
    say(phase, f"total time {elapsed:.1f} s (floor without faults {n / 30:.1f} s)")
    times = sorted(o.answered - started for o in sim.outputs if FANOUT_MARK in o.text)
    first: dict[int, float] = {}
    for o in sim.outputs:
        if FANOUT_MARK in o.text:
            first.setdefault(o.chat_id, o.answered - started)
    reached = sorted(first.values())
    if reached:
        at_share = [(p, reached[min(len(reached), math.ceil(p * n)) - 1]) for p in (0.5, 0.9, 0.99)]
        by = [f"{p:.0%} by {t:.1f} s" for p, t in at_share]
        say(phase, f"representatives reached: {', '.join(by)}, all by {reached[-1]:.1f} s")
    if len(times) > 1:
        pause, at = max((b - a, a) for a, b in itertools.pairwise(times))
        kill_times = ", ".join(f"{k - started:.1f}" for k in kills)
        say(
            phase,
            f"deliveries from {times[0]:.1f} to {times[-1]:.1f} s; longest pause {pause:.1f} s"
            f" (from {at:.1f} s); kills at {kill_times} s",
        )
    say(phase, f"outbox: {dict(sorted(states.items()))}; failed: {errors or 'none'}")
    say(phase, f"injected faults: {stats['faults']}; 429 from the limits: {stats['rate_limited']}")
    report_logs(phase, findings, summary)
    summary.lost += lost
    summary.duplicated += extra
    summary.unexplained_duplicates += unexplained
    summary.ran.append("fan-out")
    if not done:
        summary.notes.append(f"fan-out: rows still open after the deadline: {states}")


# --- 2. Updates in hand across kills ---
async def reports(backend: str, sizes: Sizes, folder: Path, rng: random.Random, summary: Summary) -> None:
    phase = "2 reports"
    async with stage(backend, folder) as (url, sim, client):
        await council(url)
        bot = BotProcess(sim, url, folder, admin_ids=str(SECRETARIAT.id))
        db = create_database(url)
        numbers: Counter[int] = Counter()
        expected = PER_REP * len(REPS)  # test_kill's burst

        async def burst(pushes: dict[int, int], per_rep: int) -> None:
            for _ in range(per_rep):
                for rep in REPS:
                    numbers[rep.id] += 1
                    report = f"گزارش CHX{rep.id}N{numbers[rep.id]} کار ادامه دارد"
                    await client.send_message(rep, report, reply_to_message_id=pushes[rep.id])

        async def stored() -> int:
            async with db.read() as conn:
                return int(await conn.scalar(text("SELECT count(*) FROM progress_reports")) or 0)

        kills = 0
        at_kills: list[str] = []
        try:
            started = time.monotonic()
            # test_kill's burst first: the push about row 3 in every chat, three replies to it from each.
            await burst_of_reports(bot, client)
            pushes = {
                rep.id: next(m for m in await client.messages(rep.id) if is_push(m)).message_id
                for rep in REPS
            }
            for _ in range(sizes.report_kills):
                await burst(pushes, sizes.reports_per_round)
                before = await stored()

                async def progressed(before: int = before) -> bool:
                    return await stored() > before

                await until(progressed, 30)
                await asyncio.sleep(rng.uniform(0.0, 1.5))
                await bot.kill()
                kills += 1
                inbox_now = await counts(
                    db,
                    "SELECT CASE WHEN claimed_until IS NULL THEN 'waiting' ELSE 'in hand' END, count(*)"
                    " FROM inbox WHERE state = 'pending' GROUP BY 1",
                )
                unread = (await client.stats())["pending_updates"]
                waiting = dict(sorted(inbox_now.items()))
                at_kills.append(f"{await stored()} stored, inbox {waiting}, {unread} not yet fetched")
                await burst(pushes, 1)  # while the bot is down
                await bot.start()
            await burst(pushes, sizes.reports_per_round)

            async def everything() -> bool:
                return await stored() >= expected + sum(numbers.values())

            await until(everything, 180, every=0.5)
            elapsed = time.monotonic() - started
            await bot.terminate()
            async with db.read() as conn:
                texts = [
                    str(t) for t in (await conn.execute(text("SELECT text FROM progress_reports"))).scalars()
                ]
            inbox = await counts(db, "SELECT state, count(*) FROM inbox GROUP BY state")
        finally:
            await bot.close()
            await db.dispose()
        findings = read_logs(bot.logs())
        sent = [  # every reply to the push, as the simulator holds them
            m.text
            for rep in REPS
            for m in await client.messages(rep.id)
            if not m.from_bot and m.reply_to_message_id == pushes[rep.id]
        ]

    kept = Counter(texts)
    lost = len(set(sent) - set(kept))
    twice = sum(c - 1 for c in kept.values())
    say(phase, f"representatives {len(REPS)}; kills (SIGKILL) {kills}; time {elapsed:.1f} s")
    say(phase, f"reports sent {len(sent)}; stored {len(kept)}; lost {lost}; stored twice {twice}")
    for number, line in enumerate(at_kills, start=1):
        say(phase, f"at kill {number}: {line}")
    say(phase, f"inbox at the end: {dict(sorted(inbox.items()))}")
    report_logs(phase, findings, summary)
    summary.lost += lost
    summary.applied_twice += twice
    summary.ran.append("reports")


# --- 3. Hostile updates ---
@dataclass
class ChatState:
    """What the sender knows of one person's chat: the latest bot message (to press on) and the pushes."""

    last_bot: int = 0
    pushes: list[int] = field(default_factory=list)


async def hostile(
    backend: str, sizes: Sizes, folder: Path, rng: random.Random, answer_seconds: float, summary: Summary
) -> None:
    phase = "3 hostile"
    people = hostile_people(per_agency=6, strangers=6, governors=3, secretaries=3)
    async with stage(backend, folder) as (url, sim, client):
        council_ = await hostile_council(url, people)
        db = create_database(url)

        async def queued(chat_id: int) -> set[str]:
            """The texts of every message the outbox holds for the chat, as the simulator shows them."""
            async with db.read() as conn:
                rows = await conn.execute(select(outbox.c.payload).where(outbox.c.chat_id == chat_id))
                return {strip_html(str(p.get("text", ""))) for p in rows.scalars()}

        bot = BotProcess(sim, url, folder, admin_ids=",".join(map(str, council_.secretariat_ids)))
        states = {p.user.id: ChatState() for p in people}
        unanswered: list[str] = []
        apologies: list[str] = []
        by_family: Counter[str] = Counter()
        unanswered_by_family: Counter[str] = Counter()
        slowest: list[tuple[float, str]] = []
        by_role: dict[str, list[float]] = defaultdict(list)
        unanswered_presses: list[str] = []
        answered_late = 0
        try:
            for person in people:
                await client.send_message(person.user, "/start" if person.role == "stranger" else "/whoami")
            await bot.start()

            async def ready() -> bool:
                for person in people:
                    messages = [m for m in await client.messages(person.user.id) if m.from_bot]
                    if not messages:
                        return False
                    if person.agency and sum(MARKERS[person.agency] in m.text for m in messages) < 3:
                        return False
                return True

            if not await until(ready, 120, every=0.5):
                raise RuntimeError("not every person got an answer and their pushes before the flood")
            for person in people:
                state = states[person.user.id]
                for m in await client.messages(person.user.id):
                    if m.from_bot:
                        state.last_bot = m.message_id
                        if person.agency and MARKERS[person.agency] in m.text and m.buttons:
                            state.pushes.append(m.message_id)

            plan = hostile_updates(council_, sizes.hostile, rng)
            queues: dict[int, list[Hostile]] = defaultdict(list)
            for item in plan:
                queues[item.person.user.id].append(item)
            gate = asyncio.Semaphore(sizes.hostile_concurrency)

            async def one(item: Hostile) -> None:
                person, state = item.person, states[item.person.user.id]
                chat = person.user.id
                by_family[item.what.split()[0]] += 1
                began = time.monotonic()
                if item.kind == "press":
                    sent = await client.press(item.sender, state.last_bot, item.payload, forge=True)
                    assert sent.callback_query_id is not None
                    try:
                        await client.callback_answer(sent.callback_query_id, timeout=answer_seconds)
                    except TimeoutError:
                        unanswered.append(f"{person.label} press {item.payload!r}")
                        unanswered_by_family[item.what.split()[0]] += 1
                        unanswered_presses.append(sent.callback_query_id)
                else:
                    target = rng.choice(state.pushes) if item.kind == "report" and state.pushes else None
                    sent = await client.send_message(item.sender, item.payload, reply_to_message_id=target)
                    found = await bot_reply(client, chat, sent.message_id, answer_seconds, queued)
                    if found is None:
                        unanswered.append(f"{person.label} {item.what}: {item.payload[:60]!r}")
                        unanswered_by_family[item.what.split()[0]] += 1
                    elif bot_texts.ERROR_FOR_USER[:40] in found.text:
                        apologies.append(f"{person.label} {item.what}: {item.payload[:60]!r}")
                took = time.monotonic() - began
                slowest.append((took, f"{person.label} {item.what}: {item.payload[:40]!r}"))
                by_role[person.role].append(took)
                latest = [
                    m.message_id for m in await client.messages(chat, after=state.last_bot) if m.from_bot
                ]
                if latest:
                    state.last_bot = latest[-1]

            async def chat_worker(items: list[Hostile]) -> None:
                for item in items:
                    async with gate:
                        await one(item)

            started = time.monotonic()
            await asyncio.gather(*(chat_worker(items) for items in queues.values()))
            elapsed = time.monotonic() - started
            await asyncio.sleep(2)  # what is still on its way
            for query in unanswered_presses:  # answered at all?
                with contextlib.suppress(TimeoutError):
                    await client.callback_answer(query, timeout=60)
                    answered_late += 1
            await bot.terminate()
            after = await members_now(url)
        finally:
            await bot.close()
            await db.dispose()
        findings = read_logs(bot.logs())

    leaks: list[str] = []
    searched = own = 0
    for person in people:
        if person.agency:
            seen = sim.texts_to(person.user.id)
            searched += len(seen)
            own += sum(MARKERS[person.agency] in t for t in seen)
        for found in leaks_in(person, sim.texts_to(person.user.id), sim.files_to(person.user.id)):
            leaks.append(f"{person.label} {person.user.id}: {found}")
    changed = [
        f"{uid}: {was} -> {after.get(uid)}"
        for uid, was in council_.seeded_members.items()
        if after.get(uid) != was
    ]
    say(phase, f"people {len(people)} (chats); updates {len(plan)}; time {elapsed:.1f} s")
    say(phase, f"by family: {dict(sorted(by_family.items()))}")
    say(
        phase,
        f"unanswered (no reply within {answer_seconds:.0f} s, or a press never answered): {len(unanswered)}",
    )
    if unanswered:
        say(phase, f"  by family: {dict(sorted(unanswered_by_family.items()))}")
        say(phase, f"  presses among them answered later: {answered_late} of {len(unanswered_presses)}")
    for line in unanswered[:10]:
        say(phase, f"  {line}")
    say(phase, f"answered with the generic apology: {len(apologies)}")
    for line in apologies[:5]:
        say(phase, f"  {line}")
    slowest.sort(reverse=True)
    took = [s for s, _ in slowest]
    say(phase, f"answer time median {statistics.median(took):.2f} s; slowest: {slowest[0][0]:.1f} s")
    for seconds, what in slowest[:3]:
        say(phase, f"  {seconds:.1f} s {what}")
    for role, times in sorted(by_role.items()):
        chats = [p.user.id for p in people if p.role == role]
        sent_there = sum(1 for o in sim.outputs if o.chat_id in chats and o.method.startswith("send"))
        say(
            phase,
            f"  {role}: answer median {statistics.median(times):.2f} s, max {max(times):.1f} s;"
            f" bot messages per chat {sent_there / len(chats) / elapsed:.2f} a second",
        )
    say(
        phase,
        f"leaks: {len(leaks)} (representatives' texts searched {searched}, {own} holding their own items)",
    )
    for line in leaks[:10]:
        say(phase, f"  {line}")
    say(phase, f"probed people whose membership changed: {len(changed)} {changed[:5]}")
    report_logs(phase, findings, summary)
    summary.unanswered += len(unanswered)
    summary.leaks += len(leaks)
    summary.changed_members += len(changed)
    summary.ran.append("hostile")


# --- 4. The heavy-update probe ---
async def probe(backend: str, sizes: Sizes, folder: Path, summary: Summary) -> None:
    phase = "4 probe"
    probers = [Person(SimUser(860_000 + i, f"ناظر {i}"), "governor") for i in range(3)]
    secretary = Person(SimUser(870_000, "دبیر"), "secretariat")
    rep = SimUser(PROBE_FIRST_USER, "نماینده 0")
    docx = minutes_docx(sizes.docx_megabytes)
    bomb = bomb_docx(sizes.bomb_megabytes)
    async with stage(backend, folder) as (url, sim, client):
        await large_council(url, sizes.large_agencies, sizes.large_items, [*probers, secretary])
        bot = BotProcess(sim, url, folder, admin_ids=str(secretary.user.id))
        worst = 0.0
        try:
            for user in [*(p.user for p in probers), secretary.user, rep]:
                await client.send_message(user, "/whoami")
            await bot.start()

            async def ready() -> bool:
                for user in [*(p.user for p in probers), secretary.user, rep]:
                    if not any(m.from_bot for m in await client.messages(user.id)):
                        return False
                return True

            if not await until(ready, 90, every=0.5):
                raise RuntimeError("the members' first /whoami went unanswered")
            assert bot.process is not None
            pid = bot.process.pid

            async def whoami_while(work: asyncio.Task[str]) -> list[float]:
                """/whoami from the probers in turn (each chat about once a second, the platform's pace)
                until `work` is done; the seconds each took (inf: no answer in 30 s)."""
                times: list[float] = []
                turn = 0
                while not work.done() or len(times) < 3:
                    prober = probers[turn % len(probers)].user
                    turn += 1
                    began = time.monotonic()
                    sent = await client.send_message(prober, "/whoami")
                    answer = await bot_reply(client, prober.id, sent.message_id, 30)
                    times.append(time.monotonic() - began if answer else math.inf)
                    await asyncio.sleep(0.4)
                return times

            async def send_and_wait(user: SimUser, send: Callable[[], Awaitable[int]], seconds: float) -> str:
                after = await send()
                answer = await bot_reply(client, user.id, after, seconds)
                return "no answer" if answer is None else (answer.text or str(answer.document))[:70]

            async def status_flood() -> str:
                async def send() -> int:
                    return (await client.send_message(rep, "/status " + "x" * 100_000)).message_id

                return await send_and_wait(rep, send, 120)

            def upload(name: str, content: bytes) -> Callable[[], Coroutine[Any, Any, str]]:
                async def run() -> str:
                    async def send() -> int:
                        sent = await client.send_document(secretary.user, name, content, mime_type=DOCX)
                        return sent.message_id

                    return await send_and_wait(secretary.user, send, 240)

                return run

            def export(kind: Literal["x", "d"]) -> Callable[[], Coroutine[Any, Any, str]]:
                async def run() -> str:
                    sent = await client.send_message(secretary.user, "/export")
                    choice = await bot_reply(client, secretary.user.id, sent.message_id, 60)
                    data = StatusExport(kind, 0).pack()
                    if choice is None or not any(b.callback_data == data for r in choice.buttons for b in r):
                        return f"no choice of report: {choice.text[:70] if choice else 'no answer'}"
                    pressed = await client.press(secretary.user, choice.message_id, data)
                    deadline = time.monotonic() + 300
                    while time.monotonic() < deadline:
                        found = await client.messages(secretary.user.id, after=pressed.message_id, wait=5)
                        files = [m for m in found if m.document]
                        if files:
                            doc = files[0].document or {}
                            return f"{doc.get('file_name')} ({int(doc.get('size') or 0) / 1024:.0f} KiB)"
                        others = [m for m in found if m.from_bot and not m.document]
                        if others:
                            return others[0].text[:70]
                    return "no file in 300 s"

                return run

            works: list[tuple[str, Callable[[], Coroutine[Any, Any, str]]]] = [
                ("idle (nothing heavy)", _idle),
                ("/status + 100,000 characters", status_flood),
                (f"minutes .docx unpacking to {sizes.docx_megabytes} MiB", upload("minutes.docx", docx)),
                (f"zip bomb of {sizes.bomb_megabytes} MiB", upload("bomb.docx", bomb)),
                (f"/export XLSX of {sizes.large_items:,} items", export("x")),
                (f"/export DOCX of {sizes.large_items:,} items", export("d")),
            ]
            say(phase, f"files: minutes {len(docx) / 1024:.0f} KiB, bomb {len(bomb) / 1024:.0f} KiB (zipped)")
            say(phase, f"bot RSS at start {memory_kib(pid) / 1024:.0f} MiB")
            for label, work in works:
                before = memory_kib(pid)
                began = time.monotonic()
                task = asyncio.create_task(work())
                times = await whoami_while(task)
                outcome = await task
                took = time.monotonic() - began
                after, peak = memory_kib(pid), memory_kib(pid, "VmHWM")
                worst = max([worst, *times]) if label != "idle (nothing heavy)" else worst
                say(
                    phase,
                    f"{label}: handled in {took:.1f} s ({outcome!r}); /whoami x{len(times)}"
                    f" median {statistics.median(times):.3f} s, max {max(times):.3f} s;"
                    f" RSS {before / 1024:.0f} -> {after / 1024:.0f} MiB (peak {peak / 1024:.0f} MiB)",
                )
            await bot.terminate()
        finally:
            await bot.close()
        findings = read_logs(bot.logs())
    report_logs(phase, findings, summary)
    summary.probe_max = max(summary.probe_max, worst)
    summary.ran.append("probe")


async def _idle() -> str:
    await asyncio.sleep(3)
    return "-"


# --- The run ---
def print_summary(summary: Summary) -> None:
    def verdict(ok: bool) -> str:
        return "meets the goal" if ok else "MISSES the goal"

    print("\n=== summary ===")
    print(f"phases run: {', '.join(summary.ran) or 'none'}")
    if {"fan-out", "reports"} & set(summary.ran):
        ok = summary.lost == 0 and summary.applied_twice == 0
        print(f"lost {summary.lost}; applied twice {summary.applied_twice} (goal 0 and 0): {verdict(ok)}")
    if "fan-out" in summary.ran:
        ok = summary.unexplained_duplicates == 0
        print(
            f"duplicated {summary.duplicated} (beyond one per timed-out send:"
            f" {summary.unexplained_duplicates}; goal 0): {verdict(ok)}"
        )
    if "hostile" in summary.ran:
        print(f"unanswered {summary.unanswered} (goal 0): {verdict(summary.unanswered == 0)}")
        ok = summary.leaks == 0 and summary.changed_members == 0
        print(
            f"leaks {summary.leaks}; members changed by others' forged buttons {summary.changed_members}"
            f" (goal 0): {verdict(ok)}"
        )
    print(f"tracebacks {summary.tracebacks} (goal 0): {verdict(summary.tracebacks == 0)}")
    print(
        f"processes left running by stopped bots {summary.left_running} (goal 0):"
        f" {verdict(summary.left_running == 0)}"
    )
    if "probe" in summary.ran:
        ok = summary.probe_max < PROBE_GOAL
        print(
            f"probe max /whoami latency {summary.probe_max:.3f} s (goal < {PROBE_GOAL:.0f} s): {verdict(ok)}"
        )
    for note in summary.notes:
        print(f"note: {note}")


async def tidy(label: str, folder: Path, summary: Summary) -> None:
    """Count what the phase's bots left running in their folder (given 5 s to end by itself), and end it:
    this run started it."""

    async def gone() -> bool:
        return not left_behind(folder)

    await until(gone, 5)
    leftover = left_behind(folder)
    rss = sum(p.rss_kib for p in leftover) / 1024
    say(label, f"processes left running by the stopped bots: {len(leftover)} ({rss:.0f} MiB)")
    for process in leftover[:4]:
        say(label, f"  pid {process.pid}: {process.command}")
    for process in leftover:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
    summary.left_running += len(leftover)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="small sizes: a few minutes")
    parser.add_argument("--phases", default="1,2,3,4", help="which phases to run, e.g. 1,3")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--answer-seconds", type=float, default=30.0, help="phase 3: a reply's deadline")
    parser.add_argument("--keep", type=Path, help="keep the databases and the bot's logs in this folder")
    args = parser.parse_args()
    if args.backend == "postgresql":
        os.environ.setdefault(POSTGRES_ENV, DEFAULT_POSTGRES)
    sizes = QUICK if args.quick else FULL
    phases = {p.strip() for p in args.phases.split(",")}
    rng = random.Random(args.seed)
    root = args.keep or Path(tempfile.mkdtemp(prefix="peygir-chaos-"))
    summary = Summary()
    started = time.monotonic()
    print(f"backend {args.backend}; {'quick' if args.quick else 'full'} sizes {sizes}; seed {args.seed}")
    try:
        steps: list[tuple[str, str, Callable[[Path], Awaitable[None]]]] = [
            ("1", "fanout", lambda f: fanout(args.backend, sizes, f, rng, summary)),
            ("2", "reports", lambda f: reports(args.backend, sizes, f, rng, summary)),
            ("3", "hostile", lambda f: hostile(args.backend, sizes, f, rng, args.answer_seconds, summary)),
            ("4", "probe", lambda f: probe(args.backend, sizes, f, summary)),
        ]
        for number, name, step in steps:
            if number not in phases:
                continue
            folder = root / name
            folder.mkdir(parents=True, exist_ok=True)
            began = time.monotonic()
            try:
                await step(folder)
            finally:
                await tidy(f"{number} {name}", folder, summary)
            print(f"[{number} {name}] phase took {time.monotonic() - began:.0f} s", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
        else:
            print(f"logs and databases kept in {root}")
    print_summary(summary)
    print(f"the whole run took {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    asyncio.run(main())
