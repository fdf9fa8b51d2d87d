"""/members: the secretariat lists members, deactivates one, or moves one to another agency."""

from __future__ import annotations

from telegram import Update

from bot.app import PeygirContext
from bot.services.access import Role
from bot.services.registration import MemberInfo
from bot.texts import bot as t
from handlers.describe import member_card, member_line
from handlers.menu import set_member_commands
from handlers.replies import answer, button, page_of, page_text, show
from handlers.routing import callback_parts

PER_PAGE = 8


async def members(update: Update, context: PeygirContext) -> None:
    await _list(update, context, 0)


async def member_button(update: Update, context: PeygirContext) -> None:
    """mem:p:<page>, mem:s:<id> (card), mem:d:<id> (ask), mem:dy:<id> (deactivate),
    mem:m:<id>:<page> (choose an agency), mem:t:<id>:<agency id> (move)."""
    runtime = context.runtime
    one = callback_parts(update, "mem", str, int)
    two = callback_parts(update, "mem", str, int, int)
    action = (one or two or ("",))[0]
    if one is not None and action == "p":
        await answer(update)
        await _list(update, context, one[1])
    elif one is not None and action == "s":
        await answer(update)
        await _card(update, context, await runtime.members.get(context.actor, one[1]))
    elif one is not None and action == "d":
        member = await runtime.members.get(context.actor, one[1])
        await answer(update)
        rows = [
            [
                button(t.MEMBER_CONFIRM_BUTTON, f"mem:dy:{member.id}"),
                button(t.BACK_BUTTON, f"mem:s:{member.id}"),
            ]
        ]
        await show(
            update, context, runtime.markup.fill(t.MEMBER_DEACTIVATE_CONFIRM, name=member.display_name), rows
        )
    elif one is not None and action == "dy":
        member = await runtime.members.deactivate(context.actor, one[1])
        await answer(update, runtime.markup.fill(t.MEMBER_DEACTIVATED, name=member.display_name))
        await set_member_commands(context.bot, runtime, member.chat_id, None)
        await _card(update, context, member)
    elif two is not None and action == "m":
        await answer(update)
        await _pick_agency(update, context, await runtime.members.get(context.actor, two[1]), two[2])
    elif two is not None and action == "t":
        member = await runtime.members.move(context.actor, two[1], two[2])
        await answer(
            update, runtime.markup.fill(t.MEMBER_MOVED, name=member.display_name, agency=member.agency_name)
        )
        await _card(update, context, member)
    else:
        await answer(update, runtime.markup.text(t.STALE_BUTTON), alert=True)


async def _list(update: Update, context: PeygirContext, number: int) -> None:
    markup = context.runtime.markup
    items = await context.runtime.members.list(context.actor)
    page = page_of(len(items), number, PER_PAGE)
    shown = page.numbered(items)
    lines = [member_line(markup, index, member) for index, member in shown]
    rows = [[button(f"{index}. {m.display_name}", f"mem:s:{m.id}")] for index, m in shown]
    rows.append(page.navigation("mem:p"))
    await show(
        update, context, page_text(markup, t.MEMBERS_HEADER, t.MEMBERS_EMPTY, len(items), page, lines), rows
    )


async def _card(update: Update, context: PeygirContext, member: MemberInfo) -> None:
    rows = []
    if member.active:
        rows.append([button(t.MEMBER_DEACTIVATE_BUTTON, f"mem:d:{member.id}")])
        if member.role == Role.AGENCY:
            rows.append([button(t.MEMBER_MOVE_BUTTON, f"mem:m:{member.id}:0")])
    rows.append([button(t.BACK_BUTTON, "mem:p:0")])
    await show(update, context, member_card(context.runtime.markup, member), rows)


async def _pick_agency(update: Update, context: PeygirContext, member: MemberInfo, number: int) -> None:
    items = [
        a
        for a in await context.runtime.agencies.list_for(context.actor)
        if a.active and a.id != member.agency_id
    ]
    page = page_of(len(items), number, PER_PAGE)
    rows = [[button(a.name, f"mem:t:{member.id}:{a.id}")] for a in items[page.start : page.stop]]
    rows.append(page.navigation(f"mem:m:{member.id}"))
    rows.append([button(t.BACK_BUTTON, f"mem:s:{member.id}")])
    await show(
        update, context, context.runtime.markup.fill(t.MEMBER_PICK_AGENCY, name=member.display_name), rows
    )
