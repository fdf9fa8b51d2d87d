"""The overall pace: evenly spaced slots, answers to people ahead of the outbox's bulk."""

from __future__ import annotations

import asyncio
import itertools

from bot.pacing import ANSWER, BULK, PriorityPacer, bulk_sends

INTERVAL = 0.02


async def test_slots_are_evenly_spaced() -> None:
    pacer = PriorityPacer(INTERVAL)
    loop = asyncio.get_running_loop()
    times: list[float] = []

    async def send() -> None:
        await pacer.acquire()
        times.append(loop.time())

    await asyncio.gather(*(send() for _ in range(10)))
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps), gaps
    assert times[-1] - times[0] < INTERVAL * 9 * 1.5


async def test_an_answer_goes_ahead_of_the_bulk_waiting() -> None:
    pacer = PriorityPacer(INTERVAL)
    order: list[str] = []

    async def bulk(name: str) -> None:
        bulk_sends()  # this task's sends are the outbox's
        async with pacer:
            order.append(name)

    async def answer() -> None:
        async with pacer:
            order.append("answer")

    fan_out = [asyncio.create_task(bulk(f"push{i}")) for i in range(20)]
    await asyncio.sleep(INTERVAL * 3.5)  # a few pushes went; the rest wait
    assert pacer.waiting()[1] > 10
    await answer()
    # Served at the next slot: at most one more push went before it.
    assert order.index("answer") <= len([n for n in order if n != "answer"]) and order.index("answer") <= 6
    await asyncio.gather(*fan_out)
    assert order.count("answer") == 1 and len(order) == 21
    assert [n for n in order if n != "answer"] == [f"push{i}" for i in range(20)]  # each lane in order


async def test_a_cancelled_waiter_gives_its_turn_to_the_next() -> None:
    pacer = PriorityPacer(INTERVAL)
    await pacer.acquire(BULK)  # takes the free slot
    first = asyncio.create_task(pacer.acquire(ANSWER))
    second = asyncio.create_task(pacer.acquire(ANSWER))
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.wait_for(second, INTERVAL * 5)
    assert pacer.waiting() == (0, 0)
