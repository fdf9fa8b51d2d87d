"""Kill the bot with updates in hand: nothing a person sent is lost and nothing is applied twice.

`peygir run` is a real process polling the simulator. Ten representatives each send three progress
reports as replies to a push, in a burst; the bot is killed (SIGKILL), then stopped (SIGTERM) while
it works through them, and started again each time. Every report is stored exactly once, on SQLite
and PostgreSQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from simulator import SimMessage, Simulator, SimulatorClient
from tests.chaos.council import REPS, SECRETARIAT, council, scalar
from tests.chaos.procs import BotProcess, database_url, wait_until

# The bot answers a chat about once a second (the platform's pace): three reports from each of ten chats.
PER_REP = 3
BURST = PER_REP * len(REPS)
REPORTS = "SELECT count(*) FROM progress_reports"
DISTINCT_REPORTS = "SELECT count(DISTINCT text) FROM progress_reports"
# A clean stop: what is in hand finishes within the grace (5 s) and start-up and shut-down come on top.
FAST_STOP = 10.0

pytestmark = pytest.mark.e2e


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
async def bot(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[BotProcess]:
    async with database_url(request.param, tmp_path) as url, Simulator(mode="telegram", limits=False) as sim:
        await council(url)
        process = BotProcess(sim, url, tmp_path, admin_ids=str(SECRETARIAT.id))
        try:
            yield process
        finally:
            await process.close()


def is_push(message: SimMessage) -> bool:
    return message.from_bot and "مصوبه تازه" in message.text and "ردیف ۳" in message.text


async def burst_of_reports(bot: BotProcess, client: SimulatorClient) -> None:
    """Each representative gets the push about row 3 and replies to it, as fast as they can."""
    for rep in REPS:
        await client.send_message(rep, "/whoami")
    await bot.start()

    async def pushed() -> bool:
        chats = [await client.messages(rep.id) for rep in REPS]
        return all(any(is_push(m) for m in messages) for messages in chats)

    await wait_until(pushed, 30, "the push about row 3 in every chat")
    pushes = {rep.id: next(m for m in await client.messages(rep.id) if is_push(m)) for rep in REPS}
    for n in range(1, PER_REP + 1):
        for rep in REPS:
            text = f"گزارش شماره {n} از {rep.first_name}: کار ادامه دارد"
            await client.send_message(rep, text, reply_to_message_id=pushes[rep.id].message_id)


async def reports(bot: BotProcess) -> int:
    return await scalar(bot.database_url, REPORTS)


async def all_stored_once(bot: BotProcess) -> None:
    async def everything() -> bool:
        return await reports(bot) >= BURST

    await wait_until(everything, 40, f"{BURST} reports stored")
    assert await reports(bot) == BURST
    assert await scalar(bot.database_url, DISTINCT_REPORTS) == BURST
    assert await scalar(bot.database_url, "SELECT count(*) FROM inbox WHERE state <> 'done'") == 0
    assert "Traceback" not in bot.logs()


async def test_a_sigkill_and_a_sigterm_with_updates_in_hand_lose_nothing_and_apply_nothing_twice(
    bot: BotProcess,
) -> None:
    """One burst of 30 reports, two interruptions: a SIGKILL after the first few are stored, then a SIGTERM
    (a fast stop) after a few more; each time the bot starts again and goes on from the inbox."""
    async with SimulatorClient(bot.simulator.base_url) as client:
        await burst_of_reports(bot, client)

        async def stored(count: int) -> Callable[[], Awaitable[bool]]:
            async def enough() -> bool:
                return await reports(bot) >= count

            return enough

        await wait_until(await stored(3), 30, "the first reports stored")
        await bot.kill()
        stored_at_kill = await reports(bot)
        assert stored_at_kill < BURST, "the kill came after everything was done: it proved nothing"

        await bot.start()
        await wait_until(await stored(stored_at_kill + 2), 30, "more reports stored after the restart")
        took = await bot.terminate()
        assert bot.process is not None and bot.process.returncode == 0, bot.log()
        assert took < FAST_STOP, f"the stop took {took:.1f} s"
        stored_at_stop = await reports(bot)

        await bot.start()
        await all_stored_once(bot)
        await bot.terminate()
    print(f"SIGKILL with {stored_at_kill} of {BURST} stored; SIGTERM with {stored_at_stop}, in {took:.1f} s")


async def test_a_second_bot_on_the_same_sqlite_database_is_refused(tmp_path: Path) -> None:
    async with database_url("sqlite", tmp_path) as url, Simulator(mode="telegram", limits=False) as sim:
        await council(url)
        first = BotProcess(sim, url, tmp_path, admin_ids=str(SECRETARIAT.id))
        (tmp_path / "second").mkdir()
        second = BotProcess(sim, url, tmp_path / "second", admin_ids=str(SECRETARIAT.id))
        try:
            await first.start()
            async with SimulatorClient(sim.base_url) as client:
                await client.send_message(REPS[0], "/whoami")

                async def answered() -> bool:
                    return any(m.from_bot for m in await client.messages(REPS[0].id))

                await wait_until(answered, 30, "the first bot's answer")
            await second.start()
            assert second.process is not None
            assert await second.process.wait() == 2
            assert "chaos.db.lock" in second.log() and "Traceback" not in second.log()
            assert first.process is not None and first.process.returncode is None  # untouched
            await first.terminate()
        finally:
            await first.close()
            await second.close()


def children(pid: int) -> list[int]:
    """The processes `pid` started (a bot's: the fork server of its heavy workers)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def running(pids: list[int]) -> bool:
    return any(Path(f"/proc/{pid}").exists() for pid in pids)


async def test_a_killed_bot_leaves_no_worker_processes_behind(tmp_path: Path) -> None:
    """Killed, the bot cannot stop its heavy workers: they notice and end, and their fork server with them."""
    async with database_url("sqlite", tmp_path) as url, Simulator(mode="telegram", limits=False) as sim:
        await council(url)
        bot = BotProcess(sim, url, tmp_path, admin_ids=str(SECRETARIAT.id))
        try:
            await bot.start()
            assert bot.process is not None
            pid = bot.process.pid

            async def workers_started() -> bool:
                return bool(children(pid))

            await wait_until(workers_started, 30, "the heavy workers started")
            await asyncio.sleep(3)  # the workers are up (the fork server starts them after itself)
            started = children(pid)
            await bot.kill()

            async def all_gone() -> bool:
                return not running(started)

            await wait_until(all_gone, 15, "the bot's worker processes gone")
        finally:
            await bot.close()
