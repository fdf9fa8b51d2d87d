"""`peygir demo` (what `make demo` runs): the bot on the simulator with scripted people."""

from __future__ import annotations

import io

import pytest

from bot.cli.main import run
from bot.config import Settings
from bot.domain.clock import SystemClock

# `peygir demo` runs the whole bot on its simulator.
pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("platform", ["telegram", "bale"])
def test_demo_plays_registration_and_help_to_the_end(settings: Settings, platform: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    # The command itself; without the simulator's rate limits (the per-chat pace would make it 27 s:
    # the limits are tested in tests/e2e/test_platforms_e2e.py and by benchmarks/push_fanout.py).
    code = run(
        ["demo", "--platform", platform, "--no-limits"],
        clock=SystemClock(),
        out=out,
        err=err,
        settings=settings,
    )
    text = out.getvalue()
    assert code == 0, text + err.getvalue()
    assert "✓ نمایش کامل شد" in text
    # The transcript shows who said what, the bot's answers and its buttons.
    assert "👤 مریم (دبیرخانه): /invite" in text
    assert "🤖 پیگیر" in text
    assert "[دفتر استاندار]" in text
    assert "📌 مصوبه تازه" in text and "✔️ دبیرخانه انجام" in text  # the lifecycle part
    assert "⚠️" in text and "🚨" in text and "📊 گزارش هفتگی" in text  # the jump to next Saturday
    assert (
        "https://t.me/PeygirBot?start=" if platform == "telegram" else "https://ble.ir/PeygirBot?start="
    ) in text
    assert "<b>" not in text


def test_a_demo_step_that_fails_exits_1(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import demo
    from bot.cli.scripted import Person, ScriptedChat
    from simulator import SimUser

    async def wrong(chat: ScriptedChat, agencies: list[str], time: object = None) -> None:
        await chat.say(Person(SimUser(1001, "مریم"), "مریم"), "/help", expect=["چیزی که نمی‌آید"])

    monkeypatch.setattr(demo, "scenario", wrong)
    out = io.StringIO()
    assert run(["demo"], clock=SystemClock(), out=out, err=io.StringIO(), settings=settings) == 1
    assert "✗" in out.getvalue()
