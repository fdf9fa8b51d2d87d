"""Generated updates from every role (strangers and forged buttons too): every one is answered, nothing
is logged as a failure, and nobody reads an item of an agency that is not theirs.

Hypothesis draws a few steps at a time; the bot (on its simulator) keeps running across the examples, so
what one example leaves (a wizard half-way, a pause) is what the next one meets, as in real use.
"""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.cli.scripted import Person, Sandbox, ScriptedChat
from bot.domain.clock import FixedClock
from storage.engine import Database
from tests.e2e.conftest import AGENCY_A, AGENCY_B, GOVERNOR, REP_A, REP_B, SECRETARIAT, STRANGER, enroll
from tests.e2e.helpers import import_sample, wait_for_count

PEOPLE = [SECRETARIAT, REP_A, REP_B, GOVERNOR, STRANGER]
COMMANDS = [
    "/start", "/help", "/whoami", "/my", "/report", "/pause", "/resume", "/history", "/status", "/overdue",
    "/ranking", "/export", "/invite", "/members", "/agencies", "/cancel", "/new_resolution", "/nonsense",
]  # fmt: skip
JUNK = [
    "²", "²/³", "⁹", "99999999999999999999/1", "9223372036854775807/1", "-1", "۳۱/۳", "31/3", "٣١", "0",
    "😀" * 2100, "\x00\x01\x1f", "<b>x</b> & <i>", "کمالشهر", "شهرداری", "xlsx", "docx", "فصل", " ", "؟",
]  # fmt: skip
# Forged button data: the shapes of every namespace with ids that exist or not, and plain noise.
PRESS_SHAPES = [
    "as:ack:{n}", "as:done:{n}", "as:rep:{n}", "as:ext:{n}", "st:a:{n}:{m}", "st:m:{n}:{m}", "st:o:{n}",
    "vf:ok:{n}", "vf:back:{n}", "ex:ok:{n}", "ex:no:{n}", "mem:off:{n}", "inv:r:{n}", "ag:{n}", "nr:{n}",
    "mu:{n}:{m}", "st:x", "{n}",
]  # fmt: skip
# What rows 1 and 2 of minutes 31 say: they are for neither representative's agency.
NOT_THEIRS = ["پوشش حمایتی", "ترک تحصیل"]
# Row 3 is the municipality's and the governorate's: a stranger sees no item at all.
NO_ITEMS = [*NOT_THEIRS, "روشنایی معابر"]

numbers = st.one_of(st.integers(-3, 40), st.integers(-(2**70), 2**70))
argument = st.one_of(st.sampled_from(JUNK), st.text(max_size=40), numbers.map(str))
command = st.tuples(st.sampled_from(COMMANDS), argument).map(lambda c: f"{c[0]} {c[1]}".strip())
plain = st.text(min_size=1, max_size=300).filter(lambda s: s.strip() != "")
press = st.one_of(
    st.tuples(st.sampled_from(PRESS_SHAPES), numbers, numbers).map(lambda p: p[0].format(n=p[1], m=p[2])),
    st.text(min_size=1, max_size=64),
).filter(lambda d: 0 < len(d.encode()) <= 64)
step = st.tuples(
    st.sampled_from(PEOPLE),
    st.one_of(
        command.map(lambda t: ("say", t)), plain.map(lambda t: ("say", t)), press.map(lambda d: ("press", d))
    ),
)


async def council(chat: ScriptedChat, sandbox: Sandbox, db: Database, clock: FixedClock) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    await enroll(chat, REP_B, AGENCY_B)
    await enroll(chat, GOVERNOR)
    await chat.say(STRANGER, "/whoami")
    await import_sample(db, clock, "minutes_31.md")
    await wait_for_count(sandbox, REP_A.user.id, "مصوبه تازه", 2)


async def act(sandbox: Sandbox, person: Person, kind: str, value: str) -> None:
    """One step; it must be answered (a message in the chat, or the press's spinner stopped)."""
    client = sandbox.client
    if kind == "say":
        sent = await client.send_message(person.user, value)
        await client.wait_for_bot_messages(person.user.id, after=sent.message_id, timeout=10)
        return
    mine = [m for m in await client.messages(person.user.id) if m.from_bot]
    pressed = await client.press(person.user, mine[-1].message_id, value, forge=True)
    assert pressed.callback_query_id is not None
    await client.callback_answer(pressed.callback_query_id, timeout=10)


@pytest.fixture
async def council_ready(
    chat: ScriptedChat, sandbox: Sandbox, tracker_db: Database, clock: FixedClock
) -> Sandbox:
    await council(chat, sandbox, tracker_db, clock)
    return sandbox


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=6))
async def test_every_generated_update_is_answered_without_failure_or_leak(
    council_ready: Sandbox, caplog: pytest.LogCaptureFixture, steps: list[tuple[Person, tuple[str, str]]]
) -> None:
    sandbox = council_ready
    caplog.set_level(logging.WARNING)
    for person, (kind, value) in steps:
        await act(sandbox, person, kind, value)
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert not failures, [r.getMessage() for r in failures]
    for person, secrets in ((REP_A, NOT_THEIRS), (REP_B, NOT_THEIRS), (STRANGER, NO_ITEMS)):
        for message in await sandbox.client.messages(person.user.id):
            if message.from_bot:
                assert not any(s in message.text for s in secrets), (person.label, message.text)
