"""/invite: the secretariat makes an invite link for an agency's representative or another role."""

from __future__ import annotations

from telegram import Update

from bot.app import PeygirContext
from bot.jalali import format_jalali_datetime
from bot.persian import to_persian_digits
from bot.services.access import Permission, Role, require
from bot.services.invites import CreatedInvite
from bot.texts import bot as t
from handlers.describe import role_name
from handlers.replies import answer, button, page_of, reply, show
from handlers.routing import argument_text, callback_parts

PER_PAGE = 8


async def invite(update: Update, context: PeygirContext) -> None:
    """`/invite name of the agency` makes the link at once; `/invite` alone offers buttons."""
    agency = argument_text(update)
    if agency:
        created = await context.runtime.invites.create(context.actor, role=Role.AGENCY, agency=agency)
        await reply(update, context, _link_text(context, created))
        return
    await _picker(update, context, 0)


async def invite_button(update: Update, context: PeygirContext) -> None:
    """inv:p:<page> (browse), inv:a:<agency id>, inv:r:<governor|secretariat>."""
    page = callback_parts(update, "inv", str, int)
    if page is not None and page[0] == "p":
        await answer(update)
        await _picker(update, context, page[1])
        return
    agency = callback_parts(update, "inv", str, int)
    role = callback_parts(update, "inv", str, str)
    runtime = context.runtime
    if agency is not None and agency[0] == "a":
        created = await runtime.invites.create_for_agency_id(context.actor, agency[1])
    elif role is not None and role[0] == "r" and role[1] in (Role.GOVERNOR, Role.SECRETARIAT):
        created = await runtime.invites.create(context.actor, role=Role(role[1]))
    else:
        await answer(update, runtime.markup.text(t.STALE_BUTTON), alert=True)
        return
    await answer(update)
    await reply(update, context, _link_text(context, created))


async def _picker(update: Update, context: PeygirContext, number: int) -> None:
    require(context.actor, Permission.INVITE)
    agencies = [a for a in await context.runtime.agencies.list_for(context.actor) if a.active]
    page = page_of(len(agencies), number, PER_PAGE)
    rows = [[button(a.name, f"inv:a:{a.id}")] for a in agencies[page.start : page.stop]]
    rows.append(page.navigation("inv:p"))
    rows.append(
        [
            button(t.INVITE_GOVERNOR_BUTTON, "inv:r:governor"),
            button(t.INVITE_SECRETARIAT_BUTTON, "inv:r:secretariat"),
        ]
    )
    text: str = context.runtime.markup.text(t.INVITE_PICK)
    if page.count > 1:
        text += "\n" + page.label
    await show(update, context, text, rows)


def _link_text(context: PeygirContext, created: CreatedInvite) -> str:
    runtime = context.runtime
    markup = runtime.markup
    username = context.bot.username or runtime.settings.bot_username or "bot"
    whom = (
        markup.fill(t.INVITE_WHOM_AGENCY, agency=created.agency_name)
        if created.agency_name
        else markup.fill(t.INVITE_WHOM_ROLE, role=role_name(created.role))
    )
    return markup.fill(
        t.INVITE_LINK,
        whom=whom,
        link=runtime.profile.deep_link(username, created.token),
        uses=to_persian_digits(str(created.uses)),
        expires=format_jalali_datetime(created.expires_at, runtime.settings.tz),
    )
