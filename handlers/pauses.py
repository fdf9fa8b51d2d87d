"""/pause N and /resume: a representative's reminders while on leave."""

from __future__ import annotations

from telegram import Update

from bot.domain.jalali import format_jalali
from bot.runtime import PeygirContext
from bot.services.access import Permission, require
from bot.services.pauses import pause_days
from bot.texts import reminders as t
from handlers.replies import reply
from handlers.routing import argument_text


async def pause(update: Update, context: PeygirContext) -> None:
    runtime = context.runtime
    require(context.actor, Permission.REPORT_PROGRESS)  # before reading the days: a clear refusal first
    until = await runtime.pauses.pause(context.actor, pause_days(argument_text(update)))
    member = context.member
    await reply(
        update,
        context,
        runtime.markup.fill(
            t.PAUSED, until=format_jalali(until.date()), agency=member.agency_name if member else ""
        ),
    )


async def resume(update: Update, context: PeygirContext) -> None:
    runtime = context.runtime
    resumed = await runtime.pauses.resume(context.actor)
    await reply(update, context, runtime.markup.text(t.RESUMED if resumed else t.NOT_PAUSED))
