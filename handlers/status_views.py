"""How the status views read in chat: texts and buttons for the overview, the lists, one resolution and the
ranking (pure functions of what the status service returns; the handlers send them).

The buttons carry the ``Status*`` kinds of bot.callback_data; every press is checked again by the service,
with the presser's role and agency.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton

from bot.callback_data import (
    ButtonData,
    StatusAgency,
    StatusChart,
    StatusExport,
    StatusOverdue,
    StatusOverview,
    StatusRanking,
    StatusResolution,
)
from bot.domain.assignment_rules import overdue_days
from bot.domain.jalali import format_jalali
from bot.domain.paging import Page, page_of
from bot.domain.persian import fa, persian_decimal, persian_list, shorten
from bot.domain.resolution_text import resolution_line
from bot.markup import Markup, Raw
from bot.reports.cells import due_text, report_day, status_text
from bot.services.push import items_text
from bot.services.status import STATUSES
from bot.services.status_models import PER_PAGE, ItemPage, Overview, Period, Ranking, ResolutionStatus
from bot.texts import status as t
from handlers.replies import Rows, button, navigation, page_label
from storage.rows import LatestReport, StatusItemRow

# A resolution is named in a list in this many UTF-16 units (the resolution view shows it whole).
LIST_TEXT_CUT = 120
REPORT_CUT = 300  # a report's text in the resolution view


def overview_text(markup: Markup, o: Overview) -> str:
    if o.agency is not None:
        header = markup.fill(t.OVERVIEW_AGENCY_HEADER, agency=o.agency, today=format_jalali(o.today))
    else:
        header = markup.fill(t.OVERVIEW_HEADER, today=format_jalali(o.today))
    if not o.assignments:
        return "\n".join([header, markup.text(t.OVERVIEW_EMPTY)])
    parts = persian_list(
        t.OVERVIEW_STATUS_PART.format(name=t.STATUS_NAMES[name], count=fa(o.by_status[name]))
        for name in STATUSES
        if o.by_status.get(name)
    )
    lines: list[str] = [
        header,
        markup.fill(t.OVERVIEW_TOTALS, resolutions=fa(o.resolutions), assignments=fa(o.assignments)),
        markup.fill(t.OVERVIEW_BY_STATUS, parts=parts),
        markup.fill(t.OVERVIEW_OVERDUE, overdue=fa(o.overdue), week=fa(o.due_this_week)),
    ]
    rate = o.on_time_rate
    if rate is None:
        lines.append(markup.text(t.OVERVIEW_NO_RATE))
    else:
        lines.append(
            markup.fill(t.OVERVIEW_RATE, rate=fa(rate), on_time=fa(o.on_time), decided=fa(o.decided))
        )
    if o.most_overdue and o.agency is None:
        lines.append("")
        lines.append(markup.text(t.OVERVIEW_TOP))
        lines += [
            markup.fill(t.OVERVIEW_TOP_LINE, index=fa(i), agency=a.name, count=fa(a.overdue))
            for i, a in enumerate(o.most_overdue, start=1)
        ]
    return "\n".join(lines)


def overview_rows(o: Overview, own_agency: int | None, reads_tracker: bool) -> Rows:
    """Drill-down buttons: the most overdue agencies (or the representative's own items), the overdue
    list, and for the governor's office and the secretariat the ranking, the charts and the reports."""
    rows: list[list[InlineKeyboardButton]] = []
    if own_agency is not None:
        rows.append([button(o.agency or "", StatusAgency(own_agency, 0))])
    else:
        agencies = [
            button(t.TOP_BUTTON.format(agency=a.name, count=fa(a.overdue)), StatusAgency(a.agency_id, 0))
            for a in o.most_overdue
        ]
        rows += [agencies[i : i + 2] for i in range(0, len(agencies), 2)]
    rows.append([button(t.BUTTON_OVERDUE, StatusOverdue(0))])
    if reads_tracker:
        rows.append(
            [button(t.BUTTON_RANKING, StatusRanking("m", 0)), button(t.BUTTON_EXPORT, StatusExport("c", 0))]
        )
        rows.append(
            [
                button(t.BUTTON_CHART_AGENCIES, StatusChart("a")),
                button(t.BUTTON_CHART_MEETINGS, StatusChart("m")),
            ]
        )
    return rows


def _late(markup: Markup, row: StatusItemRow, today: date) -> Raw:
    """«(۳ روز تأخیر)» for an item still owed past its due date."""
    days = overdue_days(row.status, row.due_on, today)
    return markup.fill(t.ITEM_LATE, days=fa(days)) if days else Raw("")


def item_line(markup: Markup, index: int, row: StatusItemRow, today: date, tz: ZoneInfo, agency: bool) -> str:
    line: str = markup.fill(
        t.ITEM_LINE,
        index=fa(index),
        meeting=fa(row.meeting_number),
        number=fa(row.resolution_number),
        agency=markup.fill(t.ITEM_AGENCY, agency=row.agency_name) if agency else Raw(""),
        status=status_text(row),
        percent=fa(row.percent),
        due=due_text(row),
        late=_late(markup, row, today),
    )
    line += markup.fill(
        t.ITEM_TEXT, text=resolution_line(row.resolution_text, row.resolution_items, LIST_TEXT_CUT)
    )
    if row.last_report_at is not None:
        line += markup.fill(t.ITEM_LAST_REPORT, date=format_jalali(row.last_report_at.astimezone(tz).date()))
    return line


def _paging(page: ItemPage) -> Page:
    return page_of(page.total, page.page, PER_PAGE)


def page_lines(
    markup: Markup, header: str, empty: str, page: ItemPage, today: date, tz: ZoneInfo, agency: bool
) -> str:
    paging = _paging(page)
    lines = [header]
    if not page.total:
        lines.append(markup.text(empty))
    lines += [
        item_line(markup, paging.start + i, row, today, tz, agency)
        for i, row in enumerate(page.items, start=1)
    ]
    if paging.count > 1:
        lines.append(page_label(paging))
    return "\n".join(lines)


def page_rows(page: ItemPage, to_page: Callable[[int], ButtonData]) -> Rows:
    """A button per item (to its resolution), then the pages beside (`to_page(number)`), if any."""
    items = [
        button(
            t.ITEM_BUTTON.format(meeting=fa(r.meeting_number), number=fa(r.resolution_number)),
            StatusResolution(r.meeting_number, r.resolution_number),
        )
        for r in page.items
    ]
    rows: list[list[InlineKeyboardButton]] = [items[i : i + 3] for i in range(0, len(items), 3)]
    rows += navigation(_paging(page), to_page)
    rows.append([button(t.BUTTON_OVERVIEW, StatusOverview())])
    return rows


def resolution_text(markup: Markup, found: ResolutionStatus, today: date, tz: ZoneInfo) -> str:
    lines = [
        markup.fill(
            t.RESOLUTION_HEADER,
            meeting=fa(found.meeting),
            number=fa(found.number),
            text=found.text,
            items=items_text(markup, found.items),
        )
    ]
    for row in found.assignments:
        lines.append(
            markup.fill(
                t.RESOLUTION_AGENCY,
                agency=row.agency_name,
                status=status_text(row),
                percent=fa(row.percent),
                due=due_text(row),
                late=_late(markup, row, today),
                report=_latest(markup, row, found.latest.get(row.assignment_id), tz),
            )
        )
    lines.append(markup.fill(t.RESOLUTION_HISTORY, meeting=fa(found.meeting), number=fa(found.number)))
    return "\n".join(lines)


def _latest(markup: Markup, row: StatusItemRow, latest: LatestReport | None, tz: ZoneInfo) -> Raw:
    """The latest report with its day; else the day the agency reported it done; else "none yet"."""
    if latest is not None:
        return markup.fill(
            t.RESOLUTION_REPORT,
            date=report_day(latest, tz),
            text=shorten(latest.text, REPORT_CUT),
        )
    if row.done_on is not None:
        return markup.fill(t.RESOLUTION_DONE_ONLY, date=format_jalali(row.done_on))
    return markup.text(t.RESOLUTION_NO_REPORT)


def ranking_text(markup: Markup, ranking: Ranking) -> str:
    if ranking.period.kind == "month" and ranking.since is not None:
        period = t.RANKING_PERIOD_MONTH.format(since=format_jalali(ranking.since))
    elif ranking.period.kind == "meeting" and ranking.since is not None:
        period = t.RANKING_PERIOD_MEETING.format(
            meeting=fa(ranking.period.meeting or 0), since=format_jalali(ranking.since)
        )
    else:
        period = t.RANKING_PERIOD_ALL
    lines = [markup.fill(t.RANKING_HEADER, period=period)]
    if not ranking.agencies:
        lines.append(markup.text(t.RANKING_EMPTY))
    for index, a in enumerate(ranking.agencies, start=1):
        lines.append(
            markup.fill(
                t.RANKING_LINE,
                index=fa(index),
                agency=a.name,
                rate=fa(a.on_time_rate),
                on_time=fa(a.on_time),
                decided=fa(a.decided),
                delay=persian_decimal(a.average_delay),
                overdue=markup.fill(t.RANKING_OVERDUE, count=fa(a.overdue)) if a.overdue else Raw(""),
            )
        )
    lines.append(markup.text(t.RANKING_NOTE))
    return "\n".join(lines)


def ranking_rows(latest_meetings: list[int]) -> Rows:
    def data(period: Period) -> StatusRanking:
        letter, number = period.button
        return StatusRanking(letter, number)

    periods = [button(t.BUTTON_PERIOD_MONTH, data(Period("month")))]
    periods += [
        button(t.BUTTON_PERIOD_MEETING.format(meeting=fa(n)), data(Period("meeting", n)))
        for n in latest_meetings
    ]
    periods.append(button(t.BUTTON_PERIOD_ALL, data(Period("all"))))
    return [periods[:3], periods[3:], [button(t.BUTTON_OVERVIEW, StatusOverview())]]


def export_rows(since: int | None, letters: bool = False) -> Rows:
    """The Excel and Word files (from meeting `since` on); with `letters` (the secretariat), the letters to
    the agencies of that meeting (or of the latest)."""
    code = since or 0
    rows = [[button(t.BUTTON_XLSX, StatusExport("x", code)), button(t.BUTTON_DOCX, StatusExport("d", code))]]
    if letters:
        rows.append([button(t.BUTTON_LETTERS, StatusExport("l", code))])
    return rows
