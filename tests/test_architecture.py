"""The import graph: no cycle between the project's modules, and no lower layer importing a higher one.

The graph is read from the source (every ``import``, at module level or inside a function, type-only
ones included), so a cycle hidden behind a function-local import is still one. The layers are those of
docs/design.md: a module may import its own layer and the ones below it, never one above.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "simulator")

# Lowest first. A module belongs to the longest prefix listed; each layer may import only its own and
# the ones before it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("bot.texts", "bot.domain"),
    (
        "bot.minutes",
        "bot.markup",
        "bot.config",
        "bot.heavy",
        "bot.platforms",
        "bot.callback_data",
        "bot.pacing",
        "bot.metrics",
        "storage",
    ),
    ("bot.services", "bot.reports"),
    (
        "bot.dispatcher",
        "bot.receiver",
        "bot.webhook_server",
        "bot.observability",
        "bot.inbox_worker",
        "bot.transport",
        "bot.commands",
        "bot.rendering",
        "bot.runtime",
        "bot.samples",
    ),
    ("handlers",),
    ("bot.app",),
    ("bot.cli", "bot.__main__"),
)
# Pure rules and texts import nothing of the project but each other and the Persian text helpers; the
# simulator is a tool of its own and imports nothing of the project at all.
PURE = ("bot.domain", "bot.texts")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # Alembic loads these by path, never by import
            found[module_name(path)] = path
    return found


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The project modules that `name` imports, anywhere in its source."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in PACKAGES:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] not in PACKAGES:
                continue
            # ``from package import module`` runs the package's __init__ first: an edge to both.
            yield target
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    yield sub


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: {target for target in imports_of(name, path, modules) if target != name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layer_of(module: str) -> int | None:
    if module == "bot":
        return 0  # the package's docstring
    best: tuple[int, int] | None = None  # (prefix length, layer)
    for number, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), number)
    return None if best is None else best[1]


def test_the_graph_is_read() -> None:
    """The reader sees what is there (a graph of nothing would pass every check below)."""
    graph = import_graph()
    assert "bot.runtime" in graph["handlers.status"]
    assert "bot.domain.persian" in graph["bot.domain.jalali"]
    assert "handlers.registry" in graph["bot.app"]
    assert len(graph) > 100


def test_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_cycles_are_found() -> None:
    """The check itself: a cycle through a function-local import is caught."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_every_module_has_a_layer() -> None:
    assert [m for m in import_graph() if m.split(".")[0] != "simulator" and layer_of(m) is None] == []


def test_no_lower_layer_imports_a_higher_one() -> None:
    wrong = []
    for module, targets in import_graph().items():
        mine = layer_of(module)
        for target in targets:
            theirs = layer_of(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{module} -> {target}")
    assert sorted(wrong) == []


def test_pure_rules_and_texts_import_only_each_other() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if module.startswith(PURE)
        for target in targets
        if not target.startswith(PURE)
    ]
    assert sorted(wrong) == []


def test_the_simulator_stands_alone() -> None:
    wrong = [
        f"{module} -> {target}"
        for module, targets in import_graph().items()
        if module.startswith("simulator")
        for target in targets
        if not target.startswith("simulator")
    ]
    assert wrong == []


@pytest.mark.e2e  # a fresh interpreter per entry
@pytest.mark.parametrize(
    "first",
    ["handlers.status", "handlers.registry", "bot.runtime", "bot.texts.cli", "bot.services.minutes_import"],
)
def test_each_entry_imports_first_in_a_fresh_interpreter(first: str) -> None:
    """Importing a module first in a new process works (an import cycle fails in some such order)."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {first}; import bot.app"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr


def assigned_twice(source: str) -> list[str]:
    """The module-level names `source` assigns more than once (the later silently replaces the earlier)."""
    seen: set[str] = set()
    twice: list[str] = []
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name):
                if target.id in seen:
                    twice.append(target.id)
                seen.add(target.id)
    return twice


def test_no_text_is_defined_twice() -> None:
    """Two texts of one name in a texts module: every use gets the later one, placeholders and all."""
    assert assigned_twice("A = 1\nB = 2\nA = 3\n") == ["A"]
    for path in sorted((ROOT / "bot" / "texts").glob("*.py")):
        assert assigned_twice(path.read_text(encoding="utf-8")) == [], path.name
