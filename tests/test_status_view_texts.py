"""handlers/status_views.py on its own: the /status texts and buttons rendered from status values built here
(no database, no bot). Persian digits, Jalali dates in the council's zone, an agency name holding «<b>»
escaped on Telegram's HTML and left as it is on Bale's plain text, and the buttons' labels and data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.callback_data import StatusAgency, StatusOverdue
from bot.domain.statuses import AssignmentStatus
from bot.markup import Markup
from bot.services.status_models import (
    AgencyFigure,
    ItemPage,
    Overview,
    Period,
    RankedAgency,
    Ranking,
    ResolutionStatus,
)
from bot.texts.status import STATUS_NAMES
from handlers import status_views as views
from handlers.replies import Rows
from storage.rows import LatestReport, StatusItemRow

TZ = ZoneInfo("Asia/Tehran")
TODAY = date(2022, 12, 26)  # Monday 1401/10/05
HTML = Markup(True)
PLAIN = Markup(False)
NAME = "شهرداری <b>کمالشهر</b> & co"
ESCAPED = "شهرداری &lt;b&gt;کمالشهر&lt;/b&gt; &amp; co"
LONG_TEXT = "مقرر گردید: " + "طرح " * 40

# 21:00 UTC on 1401/10/04 is already 00:30 on 1401/10/05 in Tehran.
LATE_EVENING_UTC = datetime(2022, 12, 25, 21, 0, tzinfo=UTC)


def item(**changes: Any) -> StatusItemRow:
    """Meeting 19 row 3 for the municipality (agency 12): in progress at 40%, due 1401/09/30 (5 days ago),
    last reported late on 1401/10/04 UTC; `changes` replace any field."""
    row = StatusItemRow(
        assignment_id=41,
        meeting_number=19,
        meeting_held_on=date(2022, 9, 1),  # 1401/06/10
        resolution_id=5,
        resolution_number=3,
        resolution_text=LONG_TEXT,
        resolution_items=(),
        agency_id=12,
        agency_name=NAME,
        status=AssignmentStatus.IN_PROGRESS,
        percent=40,
        due_on=date(2022, 12, 21),  # 1401/09/30
        ongoing=False,
        done_on=None,
        last_report_at=LATE_EVENING_UTC,
    )
    return replace(row, **changes)


#: Row 4 for the county governorate (agency 7): ongoing, reported done, never a progress report.
DONE_ONGOING = item(
    assignment_id=42,
    resolution_id=6,
    resolution_number=4,
    resolution_text="کوتاه",
    agency_id=7,
    agency_name="فرمانداری",
    status=AssignmentStatus.DONE_REPORTED,
    percent=100,
    due_on=None,
    ongoing=True,
    done_on=date(2022, 12, 20),  # 1401/09/29
    last_report_at=None,
)


def labels_and_data(rows: Rows) -> list[list[tuple[str, str]]]:
    """Each non-empty row's buttons as (label, callback data): what the platform shows and sends back."""
    return [[(b.text, str(b.callback_data)) for b in row] for row in rows if row]


# The two calls that say which page a ◀️ / ▶️ button opens (kept here, to follow a change of signature).
def agency_page_rows(page: ItemPage, agency_id: int) -> Rows:
    return views.page_rows(page, lambda number: StatusAgency(agency_id, number))


def overdue_page_rows(page: ItemPage) -> Rows:
    return views.page_rows(page, StatusOverdue)


# --- the overview ---------------------------------------------------------------------------------------

OVERVIEW = Overview(
    today=TODAY,
    agency=None,
    resolutions=4,
    assignments=5,
    by_status={AssignmentStatus.NEW: 3, AssignmentStatus.IN_PROGRESS: 1, AssignmentStatus.DONE_REPORTED: 1},
    overdue=2,
    due_this_week=1,
    decided=3,
    on_time=1,
    most_overdue=[AgencyFigure(12, NAME, 2), AgencyFigure(7, "فرمانداری شهرستان کرج", 1)],
)


def test_the_overview_on_html() -> None:
    assert views.overview_text(HTML, OVERVIEW).split("\n") == [
        "📊 <b>وضعیت مصوبات</b> — ۱۴۰۱/۱۰/۰۵",
        "مصوبات: ۴ — تکالیف: ۵",
        "جدید: ۳، در حال انجام: ۱، انجام‌شده (منتظر تأیید): ۱",
        "⏰ معوق: <b>۲</b> — مهلت تا پایان هفته: ۱",
        "✅ انجام به‌موقع: ۳۳٪ (۱ از ۳)",
        "",
        "<b>بیشترین موارد معوق:</b>",
        f"۱. {ESCAPED}: ۲",
        "۲. فرمانداری شهرستان کرج: ۱",
    ]


def test_the_overview_on_plain_text() -> None:
    assert views.overview_text(PLAIN, OVERVIEW).split("\n") == [
        "📊 وضعیت مصوبات — ۱۴۰۱/۱۰/۰۵",
        "مصوبات: ۴ — تکالیف: ۵",
        "جدید: ۳، در حال انجام: ۱، انجام‌شده (منتظر تأیید): ۱",
        "⏰ معوق: ۲ — مهلت تا پایان هفته: ۱",
        "✅ انجام به‌موقع: ۳۳٪ (۱ از ۳)",
        "",
        "بیشترین موارد معوق:",
        f"۱. {NAME}: ۲",
        "۲. فرمانداری شهرستان کرج: ۱",
    ]


def test_one_agency_s_overview_names_it_and_says_when_nothing_is_due_yet() -> None:
    empty = replace(OVERVIEW, agency=NAME, resolutions=0, assignments=0, by_status={}, most_overdue=[])
    assert views.overview_text(HTML, empty) == (
        f"📊 <b>وضعیت مصوبات «{ESCAPED}»</b> — ۱۴۰۱/۱۰/۰۵\nهنوز مصوبه‌ای ثبت نشده است."
    )
    undecided = replace(
        OVERVIEW, agency=NAME, by_status={AssignmentStatus.NEW: 5}, overdue=0, due_this_week=0, decided=0
    )
    assert views.overview_text(PLAIN, undecided).split("\n") == [
        f"📊 وضعیت مصوبات «{NAME}» — ۱۴۰۱/۱۰/۰۵",
        "مصوبات: ۴ — تکالیف: ۵",
        "جدید: ۵",
        "⏰ معوق: ۰ — مهلت تا پایان هفته: ۰",
        "✅ انجام به‌موقع: هنوز موردی به مهلت نرسیده است",
    ]  # one agency's overview lists no «most overdue» agencies


def test_the_overview_buttons_of_the_governor_s_office() -> None:
    assert labels_and_data(views.overview_rows(OVERVIEW, None, True)) == [
        [(f"{NAME} (۲)", "st:a:12:0"), ("فرمانداری شهرستان کرج (۱)", "st:a:7:0")],
        [("⏰ موارد معوق", "st:d:0")],
        [("🏅 رتبه‌بندی", "st:k:m:0"), ("📄 گزارش برای جلسه", "st:x:c:0")],
        [("📈 نمودار دستگاه‌ها", "st:c:a"), ("📈 نمودار جلسات", "st:c:m")],
    ]


def test_the_overview_buttons_of_a_representative() -> None:
    own = replace(OVERVIEW, agency=NAME)
    assert labels_and_data(views.overview_rows(own, 12, False)) == [
        [(NAME, "st:a:12:0")],
        [("⏰ موارد معوق", "st:d:0")],
    ]


def test_the_most_overdue_agencies_go_two_to_a_row() -> None:
    figures = [AgencyFigure(n, f"دستگاه {n}", 1) for n in range(1, 6)]
    rows = labels_and_data(views.overview_rows(replace(OVERVIEW, most_overdue=figures), None, False))
    assert [[data for _, data in row] for row in rows] == [
        ["st:a:1:0", "st:a:2:0"],
        ["st:a:3:0", "st:a:4:0"],
        ["st:a:5:0"],
        ["st:d:0"],
    ]


# --- lists of assignments -------------------------------------------------------------------------------


def test_a_page_of_items_on_html() -> None:
    page = ItemPage(total=23, page=1, pages=3, items=[item(), DONE_ONGOING])
    text = views.page_lines(HTML, "سرآیند", "خالی", page, TODAY, TZ, True)
    assert text.split("\n") == [
        "سرآیند",
        f"۱۱. جلسه ۱۹ ردیف ۳ — {ESCAPED} — در حال انجام ۴۰٪ — مهلت ۱۴۰۱/۰۹/۳۰ (<b>۵ روز تأخیر</b>)",
        "   " + LONG_TEXT[: views.LIST_TEXT_CUT - 1] + "…",
        "   آخرین گزارش: ۱۴۰۱/۱۰/۰۵",  # the day in Tehran, not UTC's 1401/10/04
        "۱۲. جلسه ۱۹ ردیف ۴ — فرمانداری — انجام‌شده (منتظر تأیید) ۱۰۰٪ — مهلت مستمر",
        "   کوتاه",
        "صفحه ۲ از ۳",
    ]


def test_a_page_of_one_agency_s_items_on_plain_text() -> None:
    due_today = item(due_on=TODAY, last_report_at=None, resolution_text="گزارش ارائه شود.")
    page = ItemPage(total=1, page=0, pages=1, items=[due_today])
    assert views.page_lines(PLAIN, "سرآیند", "خالی", page, TODAY, TZ, False).split("\n") == [
        "سرآیند",
        "۱. جلسه ۱۹ ردیف ۳ — در حال انجام ۴۰٪ — مهلت ۱۴۰۱/۱۰/۰۵",  # due today: not late; one page: no label
        "   گزارش ارائه شود.",
    ]


def test_a_lead_in_is_named_with_its_first_item_in_a_list() -> None:
    lead_in = item(
        resolution_text="مقرر گردید: شهرداری کمالشهر :",
        resolution_items=("فضای سبز پارک محله بازسازی گردد.", "روشنایی کوچه های شهرک تکمیل شود."),
        last_report_at=None,
    )
    page = ItemPage(total=1, page=0, pages=1, items=[lead_in])
    assert views.page_lines(PLAIN, "سرآیند", "خالی", page, TODAY, TZ, False).split("\n")[2] == (
        "   مقرر گردید: شهرداری کمالشهر: فضای سبز پارک محله بازسازی گردد. (و ۱ بند دیگر)"
    )


def test_no_status_name_reads_as_two_in_a_list() -> None:
    """The overview joins «name: count» parts with the Persian comma: a name must not hold one."""
    for name in STATUS_NAMES.values():
        assert "،" not in name and "," not in name and ":" not in name
    parts = views.overview_text(PLAIN, OVERVIEW).split("\n")[2].split("، ")
    assert len(parts) == len(OVERVIEW.by_status)
    assert parts[-1] == "انجام‌شده (منتظر تأیید): ۱"


def test_an_empty_list_says_so() -> None:
    page = ItemPage(total=0, page=0, pages=1, items=[])
    assert views.page_lines(PLAIN, "سرآیند", "موردی نیست.", page, TODAY, TZ, True) == "سرآیند\nموردی نیست."


def test_page_buttons_open_each_resolution_and_the_pages_beside() -> None:
    items = [item(resolution_number=n) for n in range(1, 5)]
    middle = ItemPage(total=23, page=1, pages=3, items=items)
    assert labels_and_data(agency_page_rows(middle, 12)) == [
        [("🔎 ۱۹/۱", "st:r:19:1"), ("🔎 ۱۹/۲", "st:r:19:2"), ("🔎 ۱۹/۳", "st:r:19:3")],
        [("🔎 ۱۹/۴", "st:r:19:4")],
        # Laid out left to right by the platforms: "next" at the left end, pointing left (right to left).
        [("بعدی ◀️", "st:a:12:2"), ("▶️ قبلی", "st:a:12:0")],
        [("📊 نمای کلی", "st:o")],
    ]
    first = ItemPage(total=23, page=0, pages=3, items=items[:1])
    assert labels_and_data(overdue_page_rows(first))[1:] == [
        [("بعدی ◀️", "st:d:1")],
        [("📊 نمای کلی", "st:o")],
    ]
    last = ItemPage(total=23, page=2, pages=3, items=items[:1])
    assert labels_and_data(overdue_page_rows(last))[1:] == [[("▶️ قبلی", "st:d:1")], [("📊 نمای کلی", "st:o")]]
    only = ItemPage(total=1, page=0, pages=1, items=items[:1])
    # One page: no navigation row at all (not even an empty one).
    assert [len(row) for row in overdue_page_rows(only)] == [1, 1]
    assert labels_and_data(overdue_page_rows(only)) == [[("🔎 ۱۹/۱", "st:r:19:1")], [("📊 نمای کلی", "st:o")]]


# --- one resolution -------------------------------------------------------------------------------------

RESOLUTION = ResolutionStatus(
    meeting=19,
    number=3,
    text="متن <i>مصوبه</i>",
    items=("بند یک", "بند دو"),
    assignments=[
        item(),
        DONE_ONGOING,
        item(
            assignment_id=43,
            agency_id=8,
            agency_name="دستگاه سوم",
            status=AssignmentStatus.NEW,
            percent=0,
            due_on=date(2023, 1, 10),  # 1401/10/20
            last_report_at=None,
        ),
    ],
    latest={41: LatestReport(41, "گزارش <b>پیشرفت</b>", 40, 0, LATE_EVENING_UTC)},
)


def test_one_resolution_on_html() -> None:
    assert views.resolution_text(HTML, RESOLUTION, TODAY, TZ).split("\n") == [
        "📌 <b>جلسه ۱۹ ردیف ۳</b>",
        "متن &lt;i&gt;مصوبه&lt;/i&gt;",
        "الف) بند یک",
        "ب) بند دو",
        "",
        f"<b>{ESCAPED}</b>: در حال انجام ۴۰٪ — مهلت ۱۴۰۱/۰۹/۳۰ (<b>۵ روز تأخیر</b>)",
        "   آخرین گزارش: ۱۴۰۱/۱۰/۰۵: گزارش &lt;b&gt;پیشرفت&lt;/b&gt;",
        "",
        "<b>فرمانداری</b>: انجام‌شده (منتظر تأیید) ۱۰۰٪ — مهلت مستمر",
        "   آخرین گزارش: انجام را در ۱۴۰۱/۰۹/۲۹ اعلام کرد",
        "",
        "<b>دستگاه سوم</b>: جدید ۰٪ — مهلت ۱۴۰۱/۱۰/۲۰",
        "   آخرین گزارش: هنوز گزارشی نرسیده",
        "",
        "تاریخچه کامل: /history ۱۹/۳",
    ]


def test_one_resolution_on_plain_text() -> None:
    assert views.resolution_text(PLAIN, RESOLUTION, TODAY, TZ).split("\n") == [
        "📌 جلسه ۱۹ ردیف ۳",
        "متن <i>مصوبه</i>",
        "الف) بند یک",
        "ب) بند دو",
        "",
        f"{NAME}: در حال انجام ۴۰٪ — مهلت ۱۴۰۱/۰۹/۳۰ (۵ روز تأخیر)",
        "   آخرین گزارش: ۱۴۰۱/۱۰/۰۵: گزارش <b>پیشرفت</b>",
        "",
        "فرمانداری: انجام‌شده (منتظر تأیید) ۱۰۰٪ — مهلت مستمر",
        "   آخرین گزارش: انجام را در ۱۴۰۱/۰۹/۲۹ اعلام کرد",
        "",
        "دستگاه سوم: جدید ۰٪ — مهلت ۱۴۰۱/۱۰/۲۰",
        "   آخرین گزارش: هنوز گزارشی نرسیده",
        "",
        "تاریخچه کامل: /history ۱۹/۳",
    ]


def test_a_long_report_is_cut_in_the_resolution_view() -> None:
    report = LatestReport(41, "ب" * 1000, None, 0, LATE_EVENING_UTC)
    found = replace(RESOLUTION, assignments=[item()], latest={41: report})
    text = views.resolution_text(PLAIN, found, TODAY, TZ)
    assert "ب" * (views.REPORT_CUT - 1) + "…" in text and "ب" * views.REPORT_CUT not in text


# --- the ranking and the reports ------------------------------------------------------------------------

RANKING = Ranking(
    period=Period("meeting", 19),
    since=date(2022, 9, 1),  # 1401/06/10
    today=TODAY,
    agencies=[RankedAgency(NAME, 3, 2, 2.5, 1), RankedAgency("فرمانداری", 2, 2, 0.0, 0)],
    recent_meetings=[19, 18],
)
RANKING_NOTE = "به‌موقع: انجام تا مهلت، از مواردی که انجام شده یا مهلتشان گذشته است."


def test_the_ranking_since_a_meeting_on_html() -> None:
    assert views.ranking_text(HTML, RANKING).split("\n") == [
        "🏅 <b>رتبه‌بندی دستگاه‌ها</b> — از جلسه ۱۹ (۱۴۰۱/۰۶/۱۰)",
        f"۱. {ESCAPED}: به‌موقع ۶۷٪ (۲ از ۳) — میانگین تأخیر ۲٫۵ روز — ۱ معوق",
        "۲. فرمانداری: به‌موقع ۱۰۰٪ (۲ از ۲) — میانگین تأخیر ۰ روز",
        RANKING_NOTE,
    ]


def test_the_ranking_since_a_meeting_on_plain_text() -> None:
    assert views.ranking_text(PLAIN, RANKING).split("\n") == [
        "🏅 رتبه‌بندی دستگاه‌ها — از جلسه ۱۹ (۱۴۰۱/۰۶/۱۰)",
        f"۱. {NAME}: به‌موقع ۶۷٪ (۲ از ۳) — میانگین تأخیر ۲٫۵ روز — ۱ معوق",
        "۲. فرمانداری: به‌موقع ۱۰۰٪ (۲ از ۲) — میانگین تأخیر ۰ روز",
        RANKING_NOTE,
    ]


@pytest.mark.parametrize(
    ("period", "since", "header"),
    [
        (Period("month"), date(2022, 12, 22), "🏅 رتبه‌بندی دستگاه‌ها — این ماه (از ۱۴۰۱/۱۰/۰۱)"),
        (Period("all"), None, "🏅 رتبه‌بندی دستگاه‌ها — از ابتدا"),
    ],
)
def test_an_empty_ranking_names_its_period(period: Period, since: date | None, header: str) -> None:
    empty = replace(RANKING, period=period, since=since, agencies=[])
    assert views.ranking_text(PLAIN, empty).split("\n") == [
        header,
        "در این بازه موردی به مهلت نرسیده است.",
        RANKING_NOTE,
    ]


def test_the_ranking_buttons_offer_each_period() -> None:
    assert labels_and_data(views.ranking_rows([19, 18, 17])) == [
        [("این ماه", "st:k:m:0"), ("از جلسه ۱۹", "st:k:s:19"), ("از جلسه ۱۸", "st:k:s:18")],
        [("از جلسه ۱۷", "st:k:s:17"), ("از ابتدا", "st:k:a:0")],
        [("📊 نمای کلی", "st:o")],
    ]
    assert labels_and_data(views.ranking_rows([])) == [
        [("این ماه", "st:k:m:0"), ("از ابتدا", "st:k:a:0")],
        [("📊 نمای کلی", "st:o")],
    ]


@pytest.mark.parametrize(("since", "code"), [(None, "0"), (19, "19")])
def test_the_report_buttons(since: int | None, code: str) -> None:
    files = [
        ("📊 فایل اکسل (همه تکالیف)", f"st:x:x:{code}"),
        ("📄 فایل ورد (گزارش پیگیری)", f"st:x:d:{code}"),
    ]
    expected: Sequence[Sequence[tuple[str, str]]] = [files]
    assert labels_and_data(views.export_rows(since)) == expected
    # The secretariat also has the letters to the agencies.
    letters = [("📨 ابلاغیه دستگاه‌ها (فایل فشرده)", f"st:x:l:{code}")]
    assert labels_and_data(views.export_rows(since, letters=True)) == [files, letters]
