"""Every command × {stranger, agency representative, governor's office, secretariat}, through the bot.

The services hold the access rules (tests/test_access.py checks them without the bot); this checks
that the chat shows each person exactly what their role allows and leaks nothing to the others.
"""

from __future__ import annotations

import asyncio

from bot.cli.scripted import Person, ScriptedChat
from bot.commands import COMMANDS
from bot.services.access import AccessDenied
from bot.texts import bot as t
from bot.texts import people as people_texts
from tests.e2e.conftest import AGENCY_A, AGENCY_NAMES, GOVERNOR, REP_A, SECRETARIAT, STRANGER, enroll

DENIED = "denied"
STRANGER_TEXT = "stranger"
# What each command shows when allowed: a piece of its answer.
ALLOWED = {
    "/start": "سلام",
    "/help": "/whoami",
    "/whoami": "نقش",
    "/cancel": t.NOTHING_TO_CANCEL,
    f"/invite {AGENCY_A}": "?start=",
    "/agencies": AGENCY_NAMES[-1],
    "/members": "حسین",
    "/my": "موارد باز",
    "/report": "موردی باز نیست",
    "/history": "شماره جلسه و ردیف",
    "/new_resolution": "جلسه",
    "/pause": "تعداد روز",
    "/resume": "متوقف نبود",
    "/status": "وضعیت مصوبات",
    "/overdue": "موارد معوق",
    "/ranking": "رتبه‌بندی دستگاه‌ها",
    "/export": "هنوز مصوبه‌ای برای گزارش",
    "/nosuchcommand": t.UNKNOWN_COMMAND,
}
EXPECTED: dict[str, dict[str, str]] = {
    "stranger": dict.fromkeys(ALLOWED, STRANGER_TEXT),
    "agency": {
        **ALLOWED,
        f"/invite {AGENCY_A}": DENIED,
        "/agencies": DENIED,
        "/members": DENIED,
        "/history": DENIED,
        "/new_resolution": DENIED,
        "/ranking": DENIED,
        "/export": DENIED,
    },
    "governor": {
        **ALLOWED,
        f"/invite {AGENCY_A}": DENIED,
        "/agencies": DENIED,
        "/members": DENIED,
        "/my": DENIED,
        "/report": DENIED,
        "/new_resolution": DENIED,
        "/pause": DENIED,
        "/resume": DENIED,
    },
    "secretariat": {**ALLOWED, "/my": DENIED, "/report": DENIED, "/pause": DENIED, "/resume": DENIED},
}


def test_the_matrix_covers_every_command() -> None:
    covered = {text.split()[0].removeprefix("/") for text in ALLOWED}
    assert {command.name for command in COMMANDS} <= covered


async def test_every_command_for_every_role(chat: ScriptedChat) -> None:
    await chat.say(SECRETARIAT, "/start")
    await enroll(chat, REP_A, AGENCY_A)
    await enroll(chat, GOVERNOR)
    people = {"stranger": STRANGER, "agency": REP_A, "governor": GOVERNOR, "secretariat": SECRETARIAT}
    denied_texts = (AccessDenied.default_message(), people_texts.ACCESS_AGENCY_ONLY)
    wrong: list[str] = []

    async def go_through(role: str, person: Person) -> None:
        for command, outcome in EXPECTED[role].items():
            answer = (await chat.say(person, command)).text
            if outcome == STRANGER_TEXT:
                ok = answer == t.STRANGER
            elif outcome == DENIED:
                ok = answer in denied_texts and not any(name in answer for name in AGENCY_NAMES)
            else:
                ok = outcome in answer
            if not ok:
                wrong.append(f"{role} {command}: {answer[:120]!r}")

    # The four people at once, each in their own chat (the bot handles chats side by side).
    await asyncio.gather(*(go_through(role, person) for role, person in people.items()))
    assert not wrong, "\n".join(wrong)


async def test_help_lists_exactly_the_role_s_commands(chat: ScriptedChat) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    for person, role in ((SECRETARIAT, "secretariat"), (REP_A, "agency")):
        answer = (await chat.say(person, "/help")).text
        for command in COMMANDS:
            from bot.services.access import Role

            shown = f"/{command.name} " in answer
            assert shown == command.allowed(Role(role)), (role, command.name)
