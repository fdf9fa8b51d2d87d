"""/history ۳۱/۳: a resolution's timeline in Jalali, for the secretariat and the governor's office."""

from __future__ import annotations

from datetime import date

from telegram import Update

from bot.domain.jalali import format_jalali, format_jalali_datetime
from bot.domain.persian import fa, shorten
from bot.domain.resolution_text import resolution_line
from bot.markup import Markup, Raw
from bot.runtime import PeygirContext
from bot.services.access import Permission, require
from bot.services.history import HistoryEntry, parse_reference
from bot.texts import history as t
from handlers.replies import reply
from handlers.routing import argument_text

# The resolution in the header, and a report's text, are cut to this many UTF-16 units in the timeline.
TEXT_CUT = 300


async def history(update: Update, context: PeygirContext) -> None:
    require(context.actor, Permission.READ_TRACKER)
    runtime = context.runtime
    argument = argument_text(update)
    if not argument:
        await reply(update, context, runtime.markup.text(t.USAGE))
        return
    meeting, number = parse_reference(argument)
    found = await runtime.history.of_resolution(context.actor, meeting, number)
    markup = runtime.markup
    header = markup.fill(
        t.HEADER,
        meeting=fa(found.meeting),
        number=fa(found.number),
        text=resolution_line(found.text, found.items, TEXT_CUT),
    )
    lines = [
        markup.fill(
            t.LINE,
            when=format_jalali_datetime(entry.at, runtime.settings.tz),
            event=event_text(markup, entry),
            who=markup.optional(t.WHO, entry.who),
        )
        for entry in found.entries
    ]
    await reply(update, context, "\n".join([header, *lines]))


def event_text(markup: Markup, entry: HistoryEntry) -> Raw:
    details = entry.details
    percent = details.get("percent")
    attachments = details.get("attachments")
    return markup.fill(
        t.EVENTS.get(entry.action, t.OTHER_EVENT),
        action=entry.action,
        agency=entry.agency or "",
        due=_due(details),
        percent=fa(percent if isinstance(percent, int) else 0),
        text=shorten(str(details.get("text", "")), TEXT_CUT),
        reason=shorten(str(details.get("reason", "")), TEXT_CUT),
        attachments=markup.optional(
            t.ATTACHMENTS,
            fa(attachments) if isinstance(attachments, int) and attachments else None,
        ),
    )


def _due(details: dict[str, object]) -> str:
    if details.get("ongoing"):
        return t.ONGOING
    value = details.get("requested_due") or details.get("due_on")
    return format_jalali(date.fromisoformat(value)) if isinstance(value, str) else t.NO_DUE
