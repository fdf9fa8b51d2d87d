"""/invite: the secretariat makes an invite link for an agency's representative or another role."""

from __future__ import annotations

from typing import Literal

from telegram import Update

from bot.callback_data import ButtonData, InviteAgency, InvitePage, InviteRole
from bot.domain.jalali import format_jalali_datetime
from bot.domain.paging import page_of
from bot.domain.persian import cut_utf16, fa
from bot.runtime import PeygirContext
from bot.services.access import Permission, Role, require
from bot.services.agencies import MAX_NAME
from bot.services.invites import CreatedInvite
from bot.texts import bot as t
from handlers.describe import role_name
from handlers.replies import button, navigation, page_label, reply, show, stale
from handlers.routing import argument_text

PER_PAGE = 8
# The roles an invite can be for besides an agency's representative, in the order of their buttons.
ROLES: tuple[Literal["governor", "secretariat"], ...] = ("governor", "secretariat")


async def invite(update: Update, context: PeygirContext) -> None:
    """`/invite name of the agency` makes the link at once; `/invite` alone offers buttons."""
    agency = cut_utf16(argument_text(update), MAX_NAME)  # no agency's name is longer
    if agency:
        created = await context.runtime.invites.create(context.actor, role=Role.AGENCY, agency=agency)
        await reply(update, context, _link_text(context, created))
        return
    await _picker(update, context, 0)


async def invite_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """Browse the agencies, or make the link for one agency or for a role."""
    runtime = context.runtime
    match data:
        case InvitePage(page=page):
            await _picker(update, context, page)
            return
        case InviteAgency(agency_id=agency_id):
            created = await runtime.invites.create_for_agency_id(context.actor, agency_id)
        case InviteRole(role=role):
            created = await runtime.invites.create(context.actor, role=Role(role))
        case _:
            await stale(update, context)
            return
    await reply(update, context, _link_text(context, created))


async def _picker(update: Update, context: PeygirContext, number: int) -> None:
    require(context.actor, Permission.INVITE)
    agencies = [a for a in await context.runtime.agencies.list_for(context.actor) if a.active]
    page = page_of(len(agencies), number, PER_PAGE)
    # The roles first (👤), then the agencies (🏢): two groups that cannot be taken for each other.
    rows = [[button(t.INVITE_ROLE_BUTTON.format(role=role_name(role)), InviteRole(role)) for role in ROLES]]
    rows += [
        [button(t.INVITE_AGENCY_BUTTON.format(agency=a.name), InviteAgency(a.id))]
        for a in agencies[page.start : page.stop]
    ]
    rows += navigation(page, InvitePage)
    text: str = context.runtime.markup.fill(t.INVITE_PICK, **{role: role_name(role) for role in ROLES})
    if page.count > 1:
        text += "\n" + page_label(page)
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
        uses=fa(created.uses),
        expires=format_jalali_datetime(created.expires_at, runtime.settings.tz),
    )
