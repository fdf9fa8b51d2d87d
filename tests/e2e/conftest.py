"""End-to-end fixtures: the bot polling the built-in simulator, on both platform profiles.

Every test that takes `sandbox` runs twice: once against the Telegram profile and simulator mode, once
against Bale's (commands without entities, reply_to_message_id only, no setMyCommands, no long poll).
"""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from bot.cli.scripted import Person, Sandbox, ScriptedChat, bot_on_simulator, link_token
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.samples import sample_agencies
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from simulator import SimUser
from storage.engine import Database, create_database
from tests.conftest import copy_migrated

SECRETARIAT = Person(SimUser(1001, "مریم", "maryam", "رضایی"), "دبیرخانه")
REP_A = Person(SimUser(2001, "علی", None, "محمدی"), "نماینده شهرداری")
REP_B = Person(SimUser(2002, "زهرا", None, "کریمی"), "نماینده فرمانداری")
GOVERNOR = Person(SimUser(3001, "حسین", None, "اکبری"), "دفتر استاندار")
STRANGER = Person(SimUser(9001, "ناشناس"), "ناشناس")
AGENCY_A = "شهرداری کمالشهر"
AGENCY_B = "فرمانداری شهرستان کرج"
AGENCY_NAMES = [name for name, _ in sample_agencies()]

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder runs the bot on its simulator: the `e2e` layer (`-m "not e2e"` skips it)."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(params=["telegram", "bale"])
def platform(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def tracker_db(tmp_path: Path, clock: FixedClock, migrated_sqlite: Path) -> AsyncIterator[Database]:
    """A migrated SQLite database with the sample agencies."""
    db = create_database(copy_migrated(migrated_sqlite, tmp_path / "e2e.db"))
    service = AgencyService(db, clock)
    for name, aliases in sample_agencies():
        await service.add(name, aliases, Actor.system("test"))
    yield db
    await db.dispose()


def start_bot(
    settings: Settings, db: Database, clock: FixedClock, platform: str, *, limits: bool = False
) -> AbstractAsyncContextManager[Sandbox]:
    """The bot on its simulator, with the secretariat member as admin (limits off unless asked); its
    heavy workers start at the first file it reads or writes (most tests read none)."""
    return bot_on_simulator(
        settings, db, clock, platform=platform, admin_ids=(SECRETARIAT.user.id,), limits=limits, warm=False
    )


@pytest.fixture
async def sandbox(
    settings: Settings, tracker_db: Database, clock: FixedClock, platform: str
) -> AsyncIterator[Sandbox]:
    async with start_bot(settings, tracker_db, clock, platform) as box:
        yield box


@pytest.fixture
def chat(sandbox: Sandbox) -> ScriptedChat:
    return ScriptedChat(sandbox.client, io.StringIO())


async def enroll(chat: ScriptedChat, person: Person, agency: str | None = None, role: str = "") -> None:
    """The secretariat invites `person` (for `agency`, or as governor's office) and they register."""
    if agency:
        link = await chat.say(SECRETARIAT, f"/invite {agency}", expect=["?start="])
    else:
        picker = await chat.say(SECRETARIAT, "/invite")
        link = await chat.press(SECRETARIAT, picker, role or "دفتر استاندار", expect=["?start="])
    await chat.say(person, f"/start {link_token(link)}", expect=["خوش آمدید"])


def invite_token(text: str) -> str:
    match = re.search(r"\?start=([A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)
