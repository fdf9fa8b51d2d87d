"""`peygir demo` (what `make demo` runs) is a real run on the shipped sample minutes."""

from __future__ import annotations

import io

from bot.cli import run
from bot.clock import FixedClock
from bot.config import Settings


def test_demo_imports_the_samples_and_prints_the_status(settings: Settings, clock: FixedClock) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = run(["demo"], clock=clock, out=out, err=err, settings=settings)
    text = out.getvalue()
    assert code == 0, err.getvalue()
    assert "دستگاه‌های نمونه ثبت شدند: ۱۰" in text
    assert "جلسه ۳۱ ثبت شد." in text
    assert "جلسه ۳۲ ثبت شد." in text
    # The second import of the same minutes stores nothing new.
    assert "چیز تازه‌ای ثبت نشد" in text
    assert "مصوبات: ۸؛ تکالیف: ۲۱" in text
