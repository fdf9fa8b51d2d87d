"""Sample data that ships with the program: agencies and minutes written in the shapes of real ones."""

from __future__ import annotations

from importlib import resources


def sample_bytes(name: str) -> bytes:
    return resources.files("bot.samples").joinpath(name).read_bytes()


def sample_agencies() -> list[tuple[str, list[str]]]:
    """The sample agencies: (name, aliases) from ``agencies.txt``."""
    result = []
    for line in sample_bytes("agencies.txt").decode("utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, *aliases = (part.strip() for part in line.split("|"))
        result.append((name, [a for a in aliases if a]))
    return result
