"""``peygir demo``: a real run of the tracker on the sample minutes that ship with the project.

It registers the sample agencies in a fresh SQLite database in a temporary folder, imports the sample
minutes (then imports one of them again to show that nothing is duplicated) and prints the status.
The next issue replaces this with the bot, the simulator and scripted people.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import TextIO

from bot.clock import Clock
from bot.config import Settings
from bot.minutes import parse_minutes_bytes
from bot.rendering import render_import, render_parsed, render_status
from bot.services.agencies import AgencyService
from bot.services.minutes_import import MinutesImportService
from bot.services.status import StatusService
from bot.texts import cli as t
from storage.engine import create_database
from storage.migrate import upgrade

SAMPLE_MINUTES = ("minutes_31.md", "minutes_32.txt")
DEMO_ACTOR = "demo"


def sample_bytes(name: str) -> bytes:
    return resources.files("bot.samples").joinpath(name).read_bytes()


def sample_agencies() -> list[tuple[str, list[str]]]:
    """The sample agencies: (name, aliases) from ``samples/agencies.txt``."""
    result = []
    for line in sample_bytes("agencies.txt").decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, *aliases = (part.strip() for part in line.split("|"))
        result.append((name, [a for a in aliases if a]))
    return result


async def run_demo(settings: Settings, clock: Clock, out: TextIO, folder: Path | None = None) -> None:
    with tempfile.TemporaryDirectory(prefix="peygir-demo-") as tmp:
        path = (folder or Path(tmp)) / "peygir-demo.db"
        url = f"sqlite+aiosqlite:///{path}"
        await upgrade(url)
        db = create_database(url)
        calendar = settings.work_calendar()
        try:
            out.write(t.DEMO_TITLE + "\n\n")
            agencies = AgencyService(db, clock)
            samples = sample_agencies()
            for name, aliases in samples:
                await agencies.add(name, aliases, actor=DEMO_ACTOR)
            out.write(t.DEMO_AGENCIES.format(count=t.fa(len(samples))) + "\n\n")

            importer = MinutesImportService(db, clock)
            for name in SAMPLE_MINUTES:
                parsed = parse_minutes_bytes(sample_bytes(name), name, calendar)
                out.write(t.DEMO_IMPORT.format(name=name) + "\n")
                out.write("\n".join(render_parsed(parsed)) + "\n")
                report = await importer.commit(parsed, actor=DEMO_ACTOR)
                out.write("\n".join(render_import(report)) + "\n\n")

            out.write(t.DEMO_REIMPORT + "\n")
            again = parse_minutes_bytes(sample_bytes(SAMPLE_MINUTES[0]), SAMPLE_MINUTES[0], calendar)
            report = await importer.commit(again, actor=DEMO_ACTOR)
            out.write("\n".join(render_import(report)) + "\n\n")

            status = await StatusService(db, clock, settings.tz).report()
            out.write("\n".join(render_status(status)) + "\n\n")
            out.write(t.DEMO_DONE.format(path=path) + "\n")
        finally:
            await db.dispose()
