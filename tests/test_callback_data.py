"""Button data (bot/callback_data.py): every kind packs and unpacks to itself, nothing else reads as it,
malformed or forged data reads as nothing, and no other module spells a button prefix."""

from __future__ import annotations

import ast
import itertools
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar, Literal, get_args, get_origin, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot import callback_data as cd
from bot.callback_data import ALL_KINDS, ASSIGNMENTS, LIMIT, AssignmentPress, ButtonData, unpack
from bot.domain.numerals import ID_MAX

ROOT = Path(__file__).resolve().parent.parent


def samples(kind: type[ButtonData], number: int = 7) -> list[ButtonData]:
    """An instance of `kind` for every combination of its Literal words (ints set to `number`)."""
    hints = get_type_hints(kind)
    choices: list[tuple[Any, ...]] = []
    for f in fields(kind):  # type: ignore[arg-type]
        hint = hints[f.name]
        choices.append(get_args(hint) if get_origin(hint) is Literal else (number,))
    return [kind(*values) for values in itertools.product(*choices)]


EVERY_SAMPLE = [data for kind in ALL_KINDS for data in samples(kind)]


def test_the_kinds_are_all_listed() -> None:
    declared = {
        value
        for value in vars(cd).values()
        if isinstance(value, type) and issubclass(value, ButtonData) and value is not ButtonData
    }
    assert declared == set(ALL_KINDS)


@pytest.mark.parametrize("data", EVERY_SAMPLE, ids=lambda d: d.pack())
def test_every_kind_round_trips_and_only_to_itself(data: ButtonData) -> None:
    packed = data.pack()
    assert unpack(packed, ALL_KINDS) == data
    readers = [kind for kind in ALL_KINDS if kind.read(packed) is not None]
    assert readers == [type(data)]
    assert packed.split(":", 1)[0] == data.namespace


def test_the_wire_format_is_as_before() -> None:
    """Buttons already sent keep working: the data of the long-lived kinds is unchanged."""
    assert cd.StatusAgency(12, 0).pack() == "st:a:12:0"
    assert cd.StatusResolution(19, 3).pack() == "st:r:19:3"
    assert cd.StatusRanking("m", 0).pack() == "st:k:m:0"
    assert cd.StatusExport("x", 19).pack() == "st:x:x:19"
    assert cd.StatusOverview().pack() == "st:o"
    assert cd.AssignmentPress("ack", 5).pack() == "as:ack:5"
    assert cd.Verify("back", 5).pack() == "vf:back:5"
    assert cd.ExtensionDecision("no", 8).pack() == "ex:no:8"
    assert cd.MemberPickAgency(3, 1).pack() == "mem:m:3:1"
    assert cd.InviteRole("governor").pack() == "inv:r:governor"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "st",
        "st:",
        "st:a",
        "st:a:12",  # a field missing
        "st:a:12:0:1",  # one too many
        "st:a:-1:0",  # negative
        "st:a:1e3:0",
        "st:a:１٢:0",  # other digits
        "st:a: 12:0",
        "st:a:1234567890123:0",  # more than 12 digits
        "st:c:x",  # not one of the words
        "st:k:month:0",
        "as:ACK:5",
        "as:ack:5:",
        "as::5",
        ":as:ack:5",
        "vf:ok",
        "ex:yes:1",
        "nr:m:new",  # an older version's shape
        "nr:ok:x",
        "mu:ok",
        "zz:a:1:0",
        "as:ack:" + "1" * 70,
        "st:a:12:0" + " " * 60,
    ],
)
def test_malformed_or_forged_data_reads_as_nothing(data: str | None) -> None:
    assert unpack(data, ALL_KINDS) is None


@given(st.text(max_size=80))
def test_arbitrary_text_is_either_nothing_or_exactly_what_it_packs_to(text: str) -> None:
    found = unpack(text, ALL_KINDS)
    assert found is None or found.pack() == text


def test_unpack_only_reads_the_kinds_asked_for() -> None:
    assert unpack("st:a:12:0", cd.MEMBERS) is None
    assert unpack("st:a:12:0", cd.STATUS) == cd.StatusAgency(12, 0)


def test_pack_refuses_what_cannot_travel() -> None:
    with pytest.raises(ValueError, match="cannot travel"):
        cd.StatusAgency(-1, 0).pack()
    with pytest.raises(ValueError, match="cannot travel"):
        cd.StatusChart("z").pack()  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="cannot travel"):
        cd.StatusAgency(10**13, 0).pack()


def test_an_id_the_database_cannot_hold_is_not_read() -> None:
    """A forged id past 2³¹−1 would overflow PostgreSQL's integer: it is stale data, not a query."""
    assert unpack(f"as:ack:{ID_MAX}", ASSIGNMENTS) == AssignmentPress("ack", ID_MAX)
    assert unpack(f"as:ack:{ID_MAX + 1}", ASSIGNMENTS) is None
    assert unpack("as:ack:99999999999", ASSIGNMENTS) is None


def test_pack_refuses_data_over_the_platform_limit() -> None:
    """The longest kinds with the largest numbers still fit; a longer one would be refused."""
    longest = max((d for k in ALL_KINDS for d in samples(k, ID_MAX)), key=lambda d: len(d.pack()))
    assert len(longest.pack().encode()) <= LIMIT

    @dataclass(frozen=True)
    class TooLong(ButtonData):
        tag: ClassVar[str] = "st:" + "x" * 62

    with pytest.raises(ValueError, match="over 64 bytes"):
        TooLong().pack()


# What a button prefix looks like inside a string constant anywhere else.
_PREFIX = re.compile(r"^(?:" + "|".join(sorted({k.tag.split(":")[0] for k in ALL_KINDS})) + r"):")


def _string_constants(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr) and node.values:
            first = node.values[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.append((node.lineno, first.value))
    return found


def test_no_button_data_literal_outside_the_button_data_module() -> None:
    wrong = []
    for package in ("bot", "handlers", "storage"):
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "bot" / "callback_data.py":
                continue
            for line, text in _string_constants(path):
                if _PREFIX.match(text):
                    wrong.append(f"{path.relative_to(ROOT)}:{line}: {text!r}")
    assert wrong == []


def test_the_literal_check_would_see_one() -> None:
    """The scan itself finds an f-string prefix like the ones it replaced."""
    sample = ROOT / "tests" / "test_callback_data.py"
    assert any(_PREFIX.match(text) for _, text in _string_constants(sample))
