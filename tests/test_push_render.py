"""A push is one message however long the resolution: its text and sub-items are cut to fit."""

from __future__ import annotations

import html as html_module
import re
from datetime import UTC, date, datetime

import pytest

from bot.callback_data import AssignmentPress
from bot.domain.persian import utf16_len
from bot.domain.statuses import AssignmentStatus
from bot.markup import Markup
from bot.services.push import PUSH_LIMIT, push_buttons, render_push, step_buttons
from storage.rows import AssignmentRow, MeetingRow, ResolutionRow

T = datetime(2026, 10, 1, tzinfo=UTC)
MEETING = MeetingRow(1, 31, date(2026, 10, 8), "جلسه ۳۱", None, None, T, "test")
WORK = AssignmentRow(1, 1, 1, AssignmentStatus.NEW, 0, date(2026, 10, 22), False, None, None, None, 0, T, T)


def resolution(text: str, items: tuple[str, ...] = (), note: str = "") -> ResolutionRow:
    return ResolutionRow(1, 1, 3, text, items, "۲ هفته", "relative", 2, "week", T, "test", note)


@pytest.mark.parametrize("html", [True, False])
@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("😀" * 5000, ()),
        ("مقرر گردید:", tuple("بند شماره " + "ب" * 900 for _ in range(40))),
        ("<b>" * 2000, tuple("&" * 300 for _ in range(10))),
    ],
)
def test_a_push_fits_the_platform_s_limit(html: bool, text: str, items: tuple[str, ...]) -> None:
    note = "<ملاحظات>" * 1000
    rendered = render_push(Markup(html), MEETING, resolution(text, items, note), WORK, "شهرداری کمالشهر")
    # What the platform counts: the text after its HTML is read (tags gone, entities one character).
    shown = html_module.unescape(re.sub(r"</?(b|i|code)>", "", rendered)) if html else rendered
    assert utf16_len(shown) <= PUSH_LIMIT
    assert "جلسه ۳۱" in shown and "ردیف ۳" in shown  # what the push is about survives the cut


def test_a_short_push_is_whole() -> None:
    rendered = render_push(Markup(False), MEETING, resolution("متن کوتاه", ("یک", "دو")), WORK, "شهرداری")
    assert "متن کوتاه" in rendered and "الف) یک" in rendered and "ب) دو" in rendered and "…" not in rendered


def test_the_remarks_come_under_the_deadline_only_when_there_are_some() -> None:
    plain = render_push(Markup(False), MEETING, resolution("متن"), WORK, "شهرداری")
    assert "ملاحظات" not in plain
    noted = render_push(
        Markup(True), MEETING, resolution("متن", note="با هماهنگی <دادستانی>"), WORK, "شهرداری"
    )
    assert noted.endswith("مهلت: <b>۱۴۰۵/۰۷/۳۰</b>\nملاحظات: با هماهنگی &lt;دادستانی&gt;")


def labels(assignment_id: int, status: AssignmentStatus, ongoing: bool = False) -> list[list[str]]:
    return [[b["text"] for b in row] for row in push_buttons(assignment_id, status, ongoing)]


def test_the_buttons_follow_the_item_s_state() -> None:
    """One decision for every message about an item: what it still takes where it stands."""
    assert labels(5, AssignmentStatus.NEW) == [
        ["✅ دریافت شد", "📝 گزارش پیشرفت"],
        ["⏳ درخواست تمدید", "🏁 انجام شد"],
    ]
    assert labels(5, AssignmentStatus.NEW, ongoing=True) == [
        ["✅ دریافت شد", "📝 گزارش پیشرفت"],
        ["🏁 انجام شد"],
    ]
    # Acknowledged (or in progress): no «دریافت شد».
    for status in (AssignmentStatus.ACKNOWLEDGED, AssignmentStatus.IN_PROGRESS):
        assert labels(5, status) == [["📝 گزارش پیشرفت", "⏳ درخواست تمدید"], ["🏁 انجام شد"]]
    assert labels(5, AssignmentStatus.IN_PROGRESS, ongoing=True) == [["📝 گزارش پیشرفت", "🏁 انجام شد"]]
    # Reported done: a report is still taken, nothing else; verified or cancelled: nothing at all.
    assert labels(5, AssignmentStatus.DONE_REPORTED) == [["📝 گزارش پیشرفت"]]
    assert push_buttons(5, AssignmentStatus.VERIFIED, False) == []
    assert push_buttons(5, AssignmentStatus.CANCELLED, True) == []
    data = [b["callback_data"] for row in push_buttons(5, AssignmentStatus.ACKNOWLEDGED, False) for b in row]
    assert data == ["as:report:5", "as:extend:5", "as:done:5"]
    assert step_buttons(5, AssignmentStatus.NEW, False)[0][0] == ("✅ دریافت شد", AssignmentPress("ack", 5))
