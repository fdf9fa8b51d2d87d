"""/status, /overdue, /ranking and /export, and their buttons: the governor's office's and the secretariat's
picture, a representative's own agency, the chart and the reports for the next meeting."""

from __future__ import annotations

import io

from telegram import InputFile, Update

from bot.callback_data import (
    ButtonData,
    StatusAgency,
    StatusChart,
    StatusExport,
    StatusMeeting,
    StatusOverdue,
    StatusOverview,
    StatusRanking,
    StatusResolution,
)
from bot.domain.jalali import format_jalali, jalali_str
from bot.domain.numerals import ID_MAX, parse_int
from bot.domain.persian import fa
from bot.reports.chart import ChartKind
from bot.runtime import PeygirContext
from bot.services.access import Permission, can
from bot.services.errors import ServiceError
from bot.services.exports import ReportFormat
from bot.services.letters import LETTERS_PERMISSION
from bot.services.status import AgencyChoice
from bot.services.status_models import Period, parse_period, parse_status_query
from bot.texts import letters as letter_texts
from bot.texts import status as t
from handlers.replies import button, caption, reply, show, stale
from handlers.routing import argument_text
from handlers.status_views import (
    export_rows,
    overview_rows,
    overview_text,
    page_lines,
    page_rows,
    ranking_rows,
    ranking_text,
    resolution_text,
)

CHARTS: dict[str, ChartKind] = {"a": "agency", "m": "meeting"}
REPORTS: dict[str, ReportFormat] = {"x": "xlsx", "d": "docx"}


async def status(update: Update, context: PeygirContext) -> None:
    """/status, /status <agency>, /status ۱۹, /status ۱۹/۳."""
    query = parse_status_query(argument_text(update))
    if query.kind == "overview":
        await _overview(update, context)
    elif query.kind == "meeting":
        await _meeting(update, context, query.meeting, 0)
    elif query.kind == "resolution":
        await _resolution(update, context, query.meeting, query.number)
    else:
        try:
            agency_id, _ = await context.runtime.status.find_agency(context.actor, query.text)
        except AgencyChoice as choice:
            rows = [[button(name, StatusAgency(agency_id, 0))] for agency_id, name in choice.suggestions]
            await reply(update, context, context.runtime.markup.text(t.AGENCY_WHICH), rows)
            return
        await _agency(update, context, agency_id, 0)


async def overdue(update: Update, context: PeygirContext) -> None:
    await _overdue(update, context, 0)


async def ranking(update: Update, context: PeygirContext) -> None:
    period = parse_period(argument_text(update))
    if period is None:
        raise ServiceError(t.BAD_PERIOD)
    await _ranking(update, context, period)


async def export(update: Update, context: PeygirContext) -> None:
    """/export or /export ۱۹: by button, the Excel or Word file (from meeting 19 on) or, for the
    secretariat, the letters to the agencies (of meeting 19; without a number, of the latest meeting)."""
    argument = argument_text(update)
    since = parse_int(argument, low=1, high=ID_MAX) if argument else None
    if argument and since is None:
        raise ServiceError(t.BAD_EXPORT)
    await context.runtime.exports.check(context.actor, since)  # refuses, or says there is nothing yet
    await _export_choice(update, context, since)


async def status_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """Every /status button (the kinds in bot.callback_data); anything else is stale or forged."""
    match data:
        case StatusOverview():
            await _overview(update, context)
        case StatusAgency(agency_id=agency_id, page=page):
            await _agency(update, context, agency_id, page)
        case StatusMeeting(meeting=meeting, page=page):
            await _meeting(update, context, meeting, page)
        case StatusResolution(meeting=meeting, number=number):
            await _resolution(update, context, meeting, number, edit=False)
        case StatusOverdue(page=page):
            await _overdue(update, context, page)
        case StatusChart(kind=kind):
            await _chart(update, context, CHARTS[kind])
        case StatusRanking(period=letter, meeting=number) if period := Period.from_button(letter, number):
            await _ranking(update, context, period)
        case StatusExport(format="c", since=since):
            await _export_choice(update, context, since or None)
        case StatusExport(format="x" | "d" as kind, since=since):
            await _send_report(update, context, REPORTS[kind], since or None)
        case StatusExport(format="l", since=since):
            await _send_letters(update, context, since or None)
        case _:
            await stale(update, context)


async def _overview(update: Update, context: PeygirContext) -> None:
    runtime = context.runtime
    found = await runtime.status.overview(context.actor)
    own = context.actor.agency_id if found.agency is not None else None
    rows = overview_rows(found, own, can(context.actor, Permission.READ_TRACKER))
    await show(update, context, overview_text(runtime.markup, found), rows)


async def _agency(update: Update, context: PeygirContext, agency_id: int, page: int) -> None:
    runtime = context.runtime
    name, found = await runtime.status.agency_items(context.actor, agency_id, page)
    header = runtime.markup.fill(t.AGENCY_HEADER, agency=name, count=fa(found.total))
    text = page_lines(
        runtime.markup, header, t.LIST_EMPTY, found, runtime.status.today(), runtime.settings.tz, False
    )
    await show(update, context, text, page_rows(found, lambda n: StatusAgency(agency_id, n)))


async def _meeting(update: Update, context: PeygirContext, number: int, page: int) -> None:
    runtime = context.runtime
    meeting, found = await runtime.status.meeting_items(context.actor, number, page)
    header = runtime.markup.fill(
        t.MEETING_HEADER, meeting=fa(number), held_on=format_jalali(meeting.held_on), count=fa(found.total)
    )
    text = page_lines(
        runtime.markup, header, t.LIST_EMPTY, found, runtime.status.today(), runtime.settings.tz, True
    )
    await show(update, context, text, page_rows(found, lambda n: StatusMeeting(number, n)))


async def _overdue(update: Update, context: PeygirContext, page: int) -> None:
    runtime = context.runtime
    agency, found = await runtime.status.overdue(context.actor, page)
    if agency is not None:
        header = runtime.markup.fill(t.OVERDUE_AGENCY_HEADER, agency=agency, count=fa(found.total))
    else:
        header = runtime.markup.fill(t.OVERDUE_HEADER, count=fa(found.total))
    text = page_lines(
        runtime.markup, header, t.OVERDUE_EMPTY, found, runtime.status.today(), runtime.settings.tz, True
    )
    await show(update, context, text, page_rows(found, StatusOverdue))


async def _resolution(
    update: Update, context: PeygirContext, meeting: int, number: int, *, edit: bool = True
) -> None:
    """One resolution; from a list's button it comes as a new message, so the list stays to go back to."""
    runtime = context.runtime
    found = await runtime.status.resolution(context.actor, meeting, number)
    text = resolution_text(runtime.markup, found, runtime.status.today(), runtime.settings.tz)
    if edit:
        await show(update, context, text)
    else:
        await reply(update, context, text)


async def _ranking(update: Update, context: PeygirContext, period: Period) -> None:
    runtime = context.runtime
    found = await runtime.status.ranking(context.actor, period)
    await show(update, context, ranking_text(runtime.markup, found), ranking_rows(found.recent_meetings))


async def _chart(update: Update, context: PeygirContext, kind: ChartKind) -> None:
    runtime = context.runtime
    png = await runtime.status.chart(context.actor, kind)
    chat = update.effective_chat
    assert chat is not None
    if png is None:
        await reply(update, context, runtime.markup.text(t.CHART_EMPTY))
        return
    title = t.CHART_AGENCIES_TITLE if kind == "agency" else t.CHART_MEETINGS_TITLE
    text = runtime.markup.fill(t.CHART_CAPTION, title=title, today=format_jalali(runtime.status.today()))
    name = f"peygir-{kind}-{_stamp(context)}.png"
    await context.bot.send_photo(
        chat.id, InputFile(io.BytesIO(png), filename=name), caption=caption(context, text)
    )


async def _export_choice(update: Update, context: PeygirContext, since: int | None) -> None:
    markup = context.runtime.markup
    scope = markup.fill(t.EXPORT_SINCE, meeting=fa(since)) if since else ""
    rows = export_rows(since, letters=can(context.actor, LETTERS_PERMISSION))
    await reply(update, context, markup.fill(t.EXPORT_CHOOSE, since=scope), rows)


async def _send_report(update: Update, context: PeygirContext, kind: ReportFormat, since: int | None) -> None:
    runtime = context.runtime
    content = await runtime.exports.export(context.actor, kind, since, runtime.letterhead)
    template = t.EXPORT_CAPTION_XLSX if kind == "xlsx" else t.EXPORT_CAPTION_DOCX
    text = runtime.markup.fill(template, today=format_jalali(runtime.status.today()))
    name = (t.EXPORT_FILE_XLSX if kind == "xlsx" else t.EXPORT_FILE_DOCX).format(day=_file_day(context))
    await _send_file(update, context, content, name, text)


def _file_day(context: PeygirContext) -> str:
    """Today as a report's file name holds it: «۱۴۰۵-۰۹-۰۹» (a name holds no «/»)."""
    return fa(jalali_str(context.runtime.status.today()).replace("/", "-"))


async def _send_letters(update: Update, context: PeygirContext, meeting: int | None) -> None:
    """The letters of `meeting` (None: the latest) as one ZIP; the caption says which meeting."""
    runtime = context.runtime
    found = await runtime.letters.prepare(
        context.actor, meeting, runtime.letterhead, runtime.bot_link(context.bot.username)
    )
    content = await runtime.letters.zip(found)
    text = runtime.markup.fill(
        letter_texts.LETTERS_CAPTION,
        meeting=fa(found.meeting),
        held_on=format_jalali(found.held_on),
        count=fa(len(found.letters)),
        latest=letter_texts.LETTERS_LATEST if found.latest else "",
    )
    name = letter_texts.LETTERS_ZIP.format(meeting=fa(found.meeting))
    await _send_file(update, context, content, name, text)


async def _send_file(update: Update, context: PeygirContext, content: bytes, name: str, text: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_document(
        chat.id, InputFile(io.BytesIO(content), filename=name), caption=caption(context, text)
    )


def _stamp(context: PeygirContext) -> str:
    """Today as the files are named: 14050909."""
    return jalali_str(context.runtime.status.today()).replace("/", "")
