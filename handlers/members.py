"""/members: the secretariat lists members, deactivates one, or moves one to another agency."""

from __future__ import annotations

from telegram import Update

from bot.callback_data import (
    ButtonData,
    MemberAskDeactivate,
    MemberCard,
    MemberDeactivate,
    MemberMove,
    MemberPage,
    MemberPickAgency,
)
from bot.domain.paging import page_of
from bot.runtime import PeygirContext
from bot.services.access import Role
from bot.services.registration import MemberInfo
from bot.texts import bot as t
from handlers.describe import member_card, member_line
from handlers.menu import set_member_commands
from handlers.replies import answer, button, navigation, page_text, show, stale

PER_PAGE = 8


async def members(update: Update, context: PeygirContext) -> None:
    await _list(update, context, 0)


async def member_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """The list's pages, a member's card, deactivating (asked first) and moving to another agency."""
    runtime = context.runtime
    markup = runtime.markup
    match data:
        case MemberPage(page=page):
            await _list(update, context, page)
        case MemberCard(member_id=member_id):
            await _card(update, context, await runtime.members.get(context.actor, member_id))
        case MemberAskDeactivate(member_id=member_id):
            member = await runtime.members.get(context.actor, member_id)
            rows = [
                [
                    button(t.MEMBER_CONFIRM_BUTTON, MemberDeactivate(member.id)),
                    button(t.BACK_BUTTON, MemberCard(member.id)),
                ]
            ]
            await show(
                update, context, markup.fill(t.MEMBER_DEACTIVATE_CONFIRM, name=member.display_name), rows
            )
        case MemberDeactivate(member_id=member_id):
            member = await runtime.members.deactivate(context.actor, member_id)
            await answer(update, context, markup.fill(t.MEMBER_DEACTIVATED, name=member.display_name))
            await set_member_commands(context.bot, runtime, member.chat_id, None)
            await _card(update, context, member)
        case MemberPickAgency(member_id=member_id, page=page):
            await _pick_agency(update, context, await runtime.members.get(context.actor, member_id), page)
        case MemberMove(member_id=member_id, agency_id=agency_id):
            member = await runtime.members.move(context.actor, member_id, agency_id)
            moved = markup.fill(t.MEMBER_MOVED, name=member.display_name, agency=member.agency_name)
            await answer(update, context, moved)
            await _card(update, context, member)
        case _:
            await stale(update, context)


async def _list(update: Update, context: PeygirContext, number: int) -> None:
    markup = context.runtime.markup
    items = await context.runtime.members.list(context.actor)
    page = page_of(len(items), number, PER_PAGE)
    shown = page.numbered(items)
    lines = [member_line(markup, index, member) for index, member in shown]
    rows = [[button(f"{index}. {m.display_name}", MemberCard(m.id))] for index, m in shown]
    rows += navigation(page, MemberPage)
    await show(
        update, context, page_text(markup, t.MEMBERS_HEADER, t.MEMBERS_EMPTY, len(items), page, lines), rows
    )


async def _card(update: Update, context: PeygirContext, member: MemberInfo) -> None:
    rows = []
    if member.active:
        rows.append([button(t.MEMBER_DEACTIVATE_BUTTON, MemberAskDeactivate(member.id))])
        if member.role == Role.AGENCY:
            rows.append([button(t.MEMBER_MOVE_BUTTON, MemberPickAgency(member.id, 0))])
    rows.append([button(t.BACK_BUTTON, MemberPage(0))])
    await show(update, context, member_card(context.runtime.markup, member), rows)


async def _pick_agency(update: Update, context: PeygirContext, member: MemberInfo, number: int) -> None:
    items = [
        a
        for a in await context.runtime.agencies.list_for(context.actor)
        if a.active and a.id != member.agency_id
    ]
    page = page_of(len(items), number, PER_PAGE)
    rows = [[button(a.name, MemberMove(member.id, a.id))] for a in items[page.start : page.stop]]
    rows += navigation(page, lambda n: MemberPickAgency(member.id, n))
    rows.append([button(t.BACK_BUTTON, MemberCard(member.id))])
    await show(
        update, context, context.runtime.markup.fill(t.MEMBER_PICK_AGENCY, name=member.display_name), rows
    )
