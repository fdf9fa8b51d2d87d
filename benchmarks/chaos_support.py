"""What benchmarks/chaos.py builds on: a simulator that notes what the bot delivered, the councils each phase
seeds, the hostile updates of phase 3, the files of phase 4, and reading the bot's logs and memory.

Not a test and not part of the product: it imports the product; nothing of the product imports it.
"""

from __future__ import annotations

import io
import json
import os
import random
import re
import time
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal, get_args, get_origin, get_type_hints

import aiohttp
import docx
from aiohttp import web
from push_fanout import FIRST_USER as FANOUT_FIRST_USER
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.callback_data import (
    ALL_KINDS,
    ButtonData,
    MemberAskDeactivate,
    MemberCard,
    MemberDeactivate,
    MemberMove,
    MemberPickAgency,
)
from bot.commands import COMMANDS
from bot.domain.clock import SystemClock
from bot.domain.jalali import jalali_str
from bot.domain.persian import to_persian_digits
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_text
from bot.samples import sample_agencies
from bot.services.access import Actor, Role
from bot.services.agencies import AgencyService
from bot.services.minutes_import import MinutesImportService
from bot.services.push import queue_pushes
from simulator import SIMULATOR_TOKEN, Simulator, SimUser
from storage.bulk_seed import SeedPlan, seed_fanout
from storage.bulk_seed import seed as bulk_seed
from storage.engine import create_database
from storage.migrate import upgrade
from storage.repositories.agencies import AgencyRepo
from storage.repositories.members import MemberRepo
from storage.tables import assignments, members, resolutions

MIB = 1024 * 1024
# Methods whose answer is a message the bot put in a chat.
MESSAGE_METHODS = frozenset(
    {"sendmessage", "senddocument", "sendphoto", "editmessagetext", "editmessagereplymarkup"}
)


# --- The simulator, watched ---
@dataclass(frozen=True)
class Output:
    """One message the bot put in a chat (sent or edited), as the simulator answered it."""

    method: str
    chat_id: int
    message_id: int
    text: str
    file_id: str | None
    started: float  # time.monotonic() when the call arrived
    answered: float  # … and when the simulator had done it
    # The bot could no longer receive the answer (it timed out and hung up, or it was killed): the bot
    # cannot know that this message arrived.
    answer_lost: bool


class WatchedSimulator(Simulator):
    """The simulator, noting every message the bot delivered and whether the bot could hear that it did."""

    def __init__(self, *, limits: bool) -> None:
        super().__init__(mode="telegram", limits=limits)
        self.outputs: list[Output] = []

    async def __aenter__(self) -> WatchedSimulator:
        await self.start()
        return self

    async def _bot_method(self, request: web.Request) -> web.StreamResponse:
        started = time.monotonic()
        response = await super()._bot_method(request)
        method = request.match_info.get("method", "").lower()
        if method in MESSAGE_METHODS and response.status == 200 and isinstance(response, web.Response):
            result = json.loads(response.text or "{}").get("result")
            if isinstance(result, dict) and "chat" in result:
                transport = request.transport
                document = result.get("document") or {}
                self.outputs.append(
                    Output(
                        method=method,
                        chat_id=int(result["chat"]["id"]),
                        message_id=int(result["message_id"]),
                        text=str(result.get("text") or result.get("caption") or ""),
                        file_id=document.get("file_id"),
                        started=started,
                        answered=time.monotonic(),
                        answer_lost=transport is None or transport.is_closing(),
                    )
                )
        return response

    def texts_to(self, chat_id: int) -> list[str]:
        """Every text the bot put in this chat (each version of an edited message) and every answer to a
        button pressed there."""
        texts = [o.text for o in self.outputs if o.chat_id == chat_id]
        texts += [c.text for c in self.world.callbacks.values() if c.chat_id == chat_id and c.text]
        return texts

    def files_to(self, chat_id: int) -> list[bytes]:
        return [
            self.world.files[o.file_id].content
            for o in self.outputs
            if o.chat_id == chat_id and o.file_id and o.file_id in self.world.files
        ]


async def confirm_pending_updates(simulator: Simulator) -> int:
    """Confirm (forget) every update waiting for the bot, as a bot polling with an offset would; how many."""
    forgotten = 0
    url = f"{simulator.bot_api_base_url}{SIMULATOR_TOKEN}/getUpdates"
    async with aiohttp.ClientSession() as session:
        while True:
            async with session.get(url, params={"timeout": "0", "limit": "100"}) as response:
                updates = (await response.json())["result"]
            if not updates:
                return forgotten
            forgotten += len(updates)
            last = max(int(u["update_id"]) for u in updates)
            async with session.get(url, params={"offset": str(last + 1), "timeout": "0"}) as response:
                await response.read()


# --- The bot process ---
def memory_kib(pid: int, field_name: str = "VmRSS") -> int:
    """A process's ``/proc/<pid>/status`` figure in KiB (VmRSS, VmHWM); 0 if the process is gone."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    for line in lines:
        if line.startswith(field_name + ":"):
            return int(line.split()[1])
    return 0


@dataclass(frozen=True)
class Leftover:
    pid: int
    rss_kib: int
    command: str


def left_behind(folder: Path) -> list[Leftover]:
    """Processes still running in `folder` (the bot's working directory) after its last bot stopped: what
    killed bots left behind (their heavy-work fork server, its workers, the resource tracker)."""
    found = []
    target = folder.resolve()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if Path(os.readlink(entry / "cwd")) != target:
                continue
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found.append(Leftover(int(entry.name), memory_kib(int(entry.name)), command[:100]))
    return found


@dataclass(frozen=True)
class LogFindings:
    tracebacks: int
    errors: int  # lines logged at ERROR or CRITICAL
    last_lines: Counter[str]  # each traceback's final line (the exception), counted
    first: str  # the first traceback, whole


TRACEBACK = "Traceback (most recent call last):"


def read_logs(text: str) -> LogFindings:
    lines = text.splitlines()
    last: Counter[str] = Counter()
    first = ""
    for start, line in enumerate(lines):
        if TRACEBACK not in line:
            continue
        end = start + 1
        # Frames are indented; chained exceptions repeat the pattern; the block ends at the exception line.
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        final = lines[end] if end < len(lines) else "(log ends)"
        last[final[:200]] += 1
        if not first:
            first = "\n".join(lines[max(0, start - 2) : end + 1])
    errors = sum(1 for line in lines if re.search(r"\b(ERROR|CRITICAL)\b", line))
    return LogFindings(sum(last.values()), errors, last, first)


# --- Councils ---
# push_fanout's resolution, which every push of phase 1 quotes.
FANOUT_MARK = "آزمون ارسال گسترده"


async def add_member(
    conn: AsyncConnection, user: SimUser, role: str, agency_id: int | None, at: datetime
) -> None:
    await MemberRepo(conn).add(
        platform="telegram",
        user_id=user.id,
        chat_id=user.id,
        display_name=user.first_name,
        username=None,
        role=role,
        agency_id=agency_id,
        at=at,
    )


async def fanout_council(url: str, representatives: int) -> int:
    """push_fanout's council (one agency with `representatives` members, one resolution for it), due in
    two months (no reminder joins the fan-out), its pushes queued as the importer queues them; how many."""
    await upgrade(url)
    db = create_database(url)
    now = SystemClock().now()
    try:
        async with db.transaction() as conn:
            assignment_id = await seed_fanout(conn, representatives, FANOUT_FIRST_USER, now)
        async with db.transaction() as conn:
            await conn.execute(
                update(assignments)
                .where(assignments.c.id == assignment_id)
                .values(due_on=now.date() + timedelta(days=60))
            )
            plan = await queue_pushes(conn, [assignment_id], now)
        return plan.queued
    finally:
        await db.dispose()


def fanout_users(representatives: int) -> list[SimUser]:
    return [SimUser(FANOUT_FIRST_USER + i, f"نماینده {i}") for i in range(representatives)]


@dataclass(frozen=True)
class Person:
    user: SimUser
    role: Literal["stranger", "agency", "governor", "secretariat"]
    agency: Literal["A", "B"] | None = None

    @property
    def label(self) -> str:
        return f"{self.role}{'-' + self.agency if self.agency else ''}"


# Markers only the items of one agency carry: a representative of the other agency or a stranger who reads
# one was shown what is not theirs.
MARKERS = {"A": "LEAKALPHA", "B": "LEAKBRAVO"}
AGENCY_NAMES = {"A": "شهرداری کمالشهر", "B": "اداره کل بهزیستی استان"}
# Members the secretariat's forged member buttons may act on (deactivate, move): nobody probed for leaks.
DECOY_FIRST_USER = 880_000
MEETING = 41
DECOYS = 4


@dataclass
class HostileCouncil:
    people: list[Person]
    secretariat_ids: list[int]
    # Ids that exist, for forged button data: assignments per agency, members, agencies, meetings.
    assignment_ids: dict[str, list[int]] = field(default_factory=dict)
    member_ids: list[int] = field(default_factory=list)
    decoy_member_ids: list[int] = field(default_factory=list)
    agency_ids: list[int] = field(default_factory=list)
    meeting_numbers: list[int] = field(default_factory=list)
    resolution_numbers: list[int] = field(default_factory=list)
    # Per agency ("A", "B"): its agency id and its resolutions' row numbers in meeting MEETING.
    agency_id_of: dict[str, int] = field(default_factory=dict)
    rows_of: dict[str, list[int]] = field(default_factory=dict)
    # Each real person's member row as seeded (role, agency_id, state): what forged presses changed.
    seeded_members: dict[int, tuple[str, int | None, str]] = field(default_factory=dict)


def hostile_people(per_agency: int, strangers: int, governors: int, secretaries: int) -> list[Person]:
    people = [Person(SimUser(810_000 + i, f"ناشناس {i}"), "stranger") for i in range(strangers)]
    people += [Person(SimUser(820_000 + i, f"نماینده الف {i}"), "agency", "A") for i in range(per_agency)]
    people += [Person(SimUser(830_000 + i, f"نماینده ب {i}"), "agency", "B") for i in range(per_agency)]
    people += [Person(SimUser(840_000 + i, f"دفتر استاندار {i}"), "governor") for i in range(governors)]
    people += [Person(SimUser(850_000 + i, f"دبیرخانه {i}"), "secretariat") for i in range(secretaries)]
    return people


def minutes_markdown(number: int, held_on: date, rows: Sequence[tuple[str, str]], deadline: str) -> str:
    """Minutes as the importer reads them: a header and one table row per (text, party)."""
    ordinal = to_persian_digits(str(number))
    lines = [
        f"موضوع: صورتجلسه شماره {ordinal} قرارگاه اجتماعی استان",
        f"تاریخ تشکیل: {to_persian_digits(jalali_str(held_on))}",
        "",
        "| ردیف | مصوبات | اقدام کننده | زمان اقدام |",
        "|---|---|---|---|",
    ]
    for index, (text, party) in enumerate(rows, start=1):
        lines.append(f"| {to_persian_digits(str(index))} | {text} | {party} | {deadline} |")
    return "\n".join(lines) + "\n"


async def _add_sample_agencies(url: str) -> None:
    db = create_database(url)
    try:
        agencies = AgencyService(db, SystemClock())
        for name, aliases in sample_agencies():
            await agencies.add(name, aliases, Actor.system("chaos"))
    finally:
        await db.dispose()


async def hostile_council(url: str, people: list[Person]) -> HostileCouncil:
    """The sample agencies; `people`'s members (strangers are not); three items for agency A and three for
    B, each text carrying its agency's marker, imported as minutes (the pushes queued); a few decoys."""
    await upgrade(url)
    await _add_sample_agencies(url)
    db = create_database(url)
    clock = SystemClock()
    now = clock.now()
    council = HostileCouncil(people, [p.user.id for p in people if p.role == "secretariat"])
    try:
        async with db.transaction() as conn:
            repo = AgencyRepo(conn)
            ids: dict[str, int] = {}
            for key, name in AGENCY_NAMES.items():
                agency = await repo.get_by_name(name)
                assert agency is not None, name
                ids[key] = agency.id
            for person in people:
                if person.role != "stranger":
                    agency_id = ids[person.agency] if person.agency else None
                    await add_member(conn, person.user, person.role, agency_id, now)
            for i in range(DECOYS):
                decoy = SimUser(DECOY_FIRST_USER + i, f"بدل {i}")
                await add_member(conn, decoy, Role.AGENCY, ids["A" if i % 2 else "B"], now)
        rows = [
            (f"مقرر گردید: طرح شماره {n} {MARKERS[key]}{n} اجرا شود.", AGENCY_NAMES[key])
            for key in ("A", "B")
            for n in (1, 2, 3)
        ]
        text = minutes_markdown(MEETING, now.date(), rows, "۲ ماه")
        parsed = parse_minutes_text(text, WorkCalendar(), "chaos.md")
        await MinutesImportService(db, clock).commit(parsed, actor="chaos")
        async with db.read() as conn:
            for key, agency_id in ids.items():
                found = await conn.execute(
                    select(assignments.c.id).where(assignments.c.agency_id == agency_id)
                )
                council.assignment_ids[key] = [int(r) for r in found.scalars()]
            member_rows = (
                await conn.execute(
                    select(
                        members.c.id, members.c.user_id, members.c.role, members.c.agency_id, members.c.state
                    )
                )
            ).all()
            for row in member_rows:
                if row.user_id >= DECOY_FIRST_USER:
                    council.decoy_member_ids.append(int(row.id))
                else:
                    council.member_ids.append(int(row.id))
                    council.seeded_members[int(row.user_id)] = (str(row.role), row.agency_id, str(row.state))
            council.agency_ids = list(ids.values())
            council.agency_id_of = dict(ids)
            council.meeting_numbers = [MEETING]
            for number, text in (await conn.execute(select(resolutions.c.number, resolutions.c.text))).all():
                council.resolution_numbers.append(int(number))
                for key, marker in MARKERS.items():
                    if marker in text:
                        council.rows_of.setdefault(key, []).append(int(number))
        return council
    finally:
        await db.dispose()


async def members_now(url: str) -> dict[int, tuple[str, int | None, str]]:
    db = create_database(url)
    try:
        async with db.read() as conn:
            rows = (
                await conn.execute(
                    select(members.c.user_id, members.c.role, members.c.agency_id, members.c.state)
                )
            ).all()
        return {int(r.user_id): (str(r.role), r.agency_id, str(r.state)) for r in rows}
    finally:
        await db.dispose()


PROBE_FIRST_USER = 500_000  # storage.bulk_seed's representatives


async def large_council(url: str, agencies: int, items: int, people: list[Person]) -> None:
    """A council of `agencies` agencies (one representative each, from user PROBE_FIRST_USER on) and
    `items` assignments in one meeting, due and reminded far ahead; `people` as governor and secretariat."""
    await upgrade(url)
    db = create_database(url)
    now = SystemClock().now()
    far = now + timedelta(days=365)
    try:
        async with db.transaction() as conn:
            plan = SeedPlan(
                agencies=agencies,
                assignments=items,
                meeting_number=1,
                held_on=now.date(),
                due_on=far.date(),
                created_at=now,
                next_reminder_at=far,
                first_user_id=PROBE_FIRST_USER,
            )
            await bulk_seed(conn, plan)
            for person in people:
                await add_member(conn, person.user, person.role, None, now)
    finally:
        await db.dispose()


# --- Phase 3: hostile updates ---
Kind = Literal["message", "report", "press"]


@dataclass(frozen=True)
class Hostile:
    """One hostile update: a message (a report: as a reply to one of the sender's pushes, if any), or a
    press of forged data on the latest bot message in the sender's chat."""

    person: Person
    kind: Kind
    payload: str  # the text, or the button data
    what: str  # its family, for the figures
    sender: SimUser  # the person, maybe under a name full of control characters


SUPERSCRIPT_JUNK = (
    "/pause ²",
    "/pause ⁹⁹",
    "/history ²/³",
    "/history ²",
    "/ranking ⁹",
    "/ranking جلسه ⁹",
    "/export ²",
    "/status ²",
    "/status ²/³",
    "/overdue ²",
    "/my ²",
    "/report ²",
    "/members ²",
    "/resume ²",
    "/start ²",
)
HUGE_NUMBERS = (
    "/status 99999999999999999999/1",
    "/status 99999999999999999999",
    "/history 9223372036854775807/1",
    "/history 9223372036854775808/9223372036854775808",
    "/status 2147483647/1",
    "/status 2147483648/2147483648",
    "/history 2147483648/1",
    "/export 99999999999999999999",
    "/export 9223372036854775807",
    "/pause 99999999999999999999",
    "/pause 9223372036854775807",
    "/ranking جلسه 99999999999999999999",
    "/status ۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹۹",
    "/status " + "9" * 5000,
    "/status -1/-1",
    "/history 0/0",
    "/export -5",
    "/pause -3",
    "/status 1e308/1",
    "/history ١٢٣/٤٥٦",
    "/start " + "9" * 64,
)
CONTROL = "گزارش\x00 پیشرفت\x07 طرح\x1b ۴۰٪\x0b\x7f\u0085\x01\x1f\ufffe\uffff\r\n\x08"
EMOJI = "🎉"
WORDS = (
    "مقرر",
    "گردید",
    "گزارش",
    "پیشرفت",
    "۵۰٪",
    "٪۱۰۰",
    "50%",
    "انجام شد",
    "تمدید",
    "<b>",
    "</i>",
    "<script>",
    "&amp;",
    "&#0;",
    "*bold*",
    "`code`",
    "[x](tg://user?id=1)",
    "\u200c",
    "\u200f",
    "\u202e",
    "\u2066",
    "\ufeff",
    "۱۴۰۵/۰۹/۱۰",
    "²",
    "⁹⁹",
    "½",
    "Ⅻ",
    "٠١٢",
    "𝟗",
    "😀",
    "👨‍👩‍👧‍👦",
    "🏳️‍🌈",
    "ﷺ",
    "%s",
    "{}",
    "{0}",
    "\\",
    "'; DROP TABLE members; --",
    "/",
    ":",
    "\t",
    "\n",
)


def random_text(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
    return text if text.strip() else "؟"


def _button_pool(council: HostileCouncil) -> list[int]:
    existing = [
        *council.assignment_ids.get("A", []),
        *council.assignment_ids.get("B", []),
        *council.member_ids,
        *council.agency_ids,
        *council.meeting_numbers,
        *council.resolution_numbers,
    ]
    return [*existing, 0, 1, 2, 3, 987_654, 2_147_483_647, 2_147_483_648, 999_999_999_999]


_MEMBER_KINDS: tuple[type[ButtonData], ...] = (
    MemberCard,
    MemberAskDeactivate,
    MemberDeactivate,
    MemberPickAgency,
    MemberMove,
)


def forged_data(council: HostileCouncil, person: Person, rng: random.Random) -> tuple[str, str]:
    """Button data of any namespace, well-formed (ids that exist or do not) or malformed; (data, family)."""
    kind = rng.choice(ALL_KINDS)
    if rng.random() < 0.75:
        values: list[str] = []
        hints = get_type_hints(kind)
        for number, item in enumerate(fields(kind)):  # type: ignore[arg-type]
            hint = hints[item.name]
            if get_origin(hint) is Literal:
                values.append(str(rng.choice(get_args(hint))))
            elif person.role == "secretariat" and kind in _MEMBER_KINDS and number == 0:
                # The secretariat may really deactivate or move a member: only decoys (or nobody).
                values.append(str(rng.choice([*council.decoy_member_ids, 987_654])))
            else:
                values.append(str(rng.choice(_button_pool(council))))
        data = ":".join([kind.tag, *values])
        return data[:64], f"forged {kind.tag.split(':')[0]}"
    tag = kind.tag
    broken = rng.choice(
        [
            f"{tag}:²",
            f"{tag}:²:³",
            f"{tag}:-1",
            f"{tag}:{'9' * 13}",
            f"{tag}:1:2:3:4:5",
            f"{tag}:",
            tag,
            f"{tag}:۱:۰",
            f"{tag}:1\u200c",
            ":".join(["x"] * 20),
            "".join(rng.choice("abc:0123456789²۱") for _ in range(rng.randint(1, 64))),
            "🎉" * 16,
        ]
    )
    return broken.encode()[:64].decode(errors="ignore") or "x", f"malformed {tag.split(':')[0]}"


def cross_probe(council: HostileCouncil, person: Person, rng: random.Random) -> tuple[Kind, str]:
    """A well-formed try at the other agency's items (any agency's, for a stranger or the office): its
    assignment ids in buttons, its rows in /status and /history, its name, the tracker's views. One in five
    of a representative's asks for the own agency's instead: what the leak search finds there shows it
    would see the other's."""
    other = {"A": "B", "B": "A"}.get(person.agency or "", rng.choice("AB"))
    if person.agency and rng.random() < 0.2:
        other = person.agency
    assignment = rng.choice(council.assignment_ids[other])
    row = rng.choice(council.rows_of[other])
    agency_id = council.agency_id_of[other]
    action = rng.choice(["ack", "report", "extend", "done", "pick"])
    presses = [
        f"as:{action}:{assignment}",
        f"vf:{rng.choice(['ok', 'back'])}:{assignment}",
        f"st:r:{MEETING}:{row}",
        f"st:a:{agency_id}:0",
        f"st:m:{MEETING}:0",
        "st:o",
        "st:d:0",
        "st:k:a:0",
        "st:c:a",
        "st:x:x:0",
    ]
    messages = [
        f"/status {MEETING}/{row}",
        f"/status {to_persian_digits(str(MEETING))}/{to_persian_digits(str(row))}",
        f"/history {MEETING}/{row}",
        f"/status {AGENCY_NAMES[other]}",
        f"/status {MEETING}",
        "/status",
        "/overdue",
        "/my",
        "/report",
        "/export",
        "/ranking",
    ]
    if rng.random() < 0.5:
        return "press", rng.choice(presses)
    return "message", rng.choice(messages)


# What each hostile update is, drawn with these weights (a name appears once per share).
FAMILIES = (
    *("superscript", "huge", "emoji", "4000", "control", "name", "random", "start"),
    *("press", "press", "cross", "cross"),
)


def hostile_updates(council: HostileCouncil, count: int, rng: random.Random) -> list[Hostile]:
    """`count` hostile updates, spread over every person of the council."""
    commands = [f"/{c.name}" for c in COMMANDS] + ["/nosuchcommand", "/start@PeygirBot", "/STATUS"]
    plan: list[Hostile] = []
    for index in range(count):
        person = council.people[index % len(council.people)]
        sender = person.user
        family = rng.choice(FAMILIES)
        kind: Kind = "message"
        if family == "superscript":
            text = rng.choice(SUPERSCRIPT_JUNK)
        elif family == "huge":
            text = rng.choice(HUGE_NUMBERS)
        elif family == "emoji":
            text = f"{rng.choice(commands)} " + EMOJI * 2100
        elif family == "4000":
            text, kind = EMOJI * 4000, "report"
        elif family == "control":
            text, kind = CONTROL + random_text(rng)[:50], "report"
        elif family == "name":
            sender = SimUser(sender.id, "نام\x00\x07\x1b\u202e" + EMOJI * 30, "x\x00y", last_name="\x00\x1f")
            text = rng.choice(["/whoami", "/help", random_text(rng), "/status"])
        elif family == "press":
            text, family = forged_data(council, person, rng)
            kind = "press"
        elif family == "cross":
            kind, text = cross_probe(council, person, rng)
        elif family == "start":
            text = "/start " + rng.choice(["²", "x" * 64, "🎉", "a b c", "-" * 64, "' OR 1=1 --", "\x00"])
        else:
            text = random_text(rng)
        plan.append(Hostile(person, kind, text, family, sender))
    return plan


def leaks_in(person: Person, texts: Sequence[str], files: Sequence[bytes]) -> list[str]:
    """What `person` was shown that is not theirs: the other agency's marker (any marker, for a stranger)."""
    if person.role in ("governor", "secretariat"):
        return []
    foreign = [m for key, m in MARKERS.items() if key != person.agency]
    found = [t[:120] for t in texts if any(m in t for m in foreign)]
    for content in files:
        for chunk in _file_texts(content):
            if any(m in chunk for m in foreign):
                found.append(f"(a file: {chunk[:80]!r})")
                break
    return found


def _file_texts(content: bytes) -> Iterator[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            for name in package.namelist():
                yield package.read(name).decode(errors="replace")
    except zipfile.BadZipFile:
        yield content.decode(errors="replace")


# --- Phase 4: heavy files ---
_BODY_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_BODY_END = b"</w:body></w:document>"


def _package(parts: Iterator[bytes], size_hint: int) -> bytes:
    """python-docx's blank document with its word/document.xml written from `parts` instead."""
    blank = io.BytesIO()
    docx.Document().save(blank)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(blank) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package,
    ):
        for info in source.infolist():
            if info.filename != "word/document.xml":
                package.writestr(info, source.read(info.filename))
        body = zipfile.ZipInfo("word/document.xml", date_time=(2026, 1, 1, 0, 0, 0))
        body.compress_type = zipfile.ZIP_DEFLATED
        body.file_size = size_hint
        with package.open(body, "w", force_zip64=True) as document:
            for part in parts:
                document.write(part)
    return out.getvalue()


def minutes_docx(megabytes: int) -> bytes:
    """A valid Word file whose document.xml unpacks to about `megabytes` MiB: a minutes heading, then a
    table of resolutions, row after row (it weighs a few hundred KiB)."""
    head = (
        "<w:p><w:r><w:t>موضوع: صورتجلسه قرارگاه اجتماعی استان</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>تاریخ تشکیل: ۱۴۰۵/۰۹/۰۱</w:t></w:r></w:p><w:tbl>"
    ).encode()

    def cell(text: str) -> str:
        return f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"

    row = (
        "<w:tr>"
        + cell("۱")
        + cell("مقرر گردید: گزارش پیشرفت طرح ارائه شود.")
        + cell("شهرداری کمالشهر")
        + cell("۲ هفته")
        + "</w:tr>"
    ).encode()
    chunk = row * (MIB // len(row))

    def parts() -> Iterator[bytes]:
        yield _BODY_START + head
        for _ in range(megabytes):
            yield chunk
        yield b"</w:tbl>" + _BODY_END

    return _package(parts(), megabytes * MIB)


def bomb_docx(megabytes: int) -> bytes:
    """A Word file whose document.xml is one paragraph of `megabytes` MiB of one letter (a zip bomb)."""
    chunk = b"A" * MIB

    def parts() -> Iterator[bytes]:
        yield _BODY_START + b"<w:p><w:r><w:t>"
        for _ in range(megabytes):
            yield chunk
        yield b"</w:t></w:r></w:p>" + _BODY_END

    return _package(parts(), megabytes * MIB)
