"""/agencies: the secretariat lists agencies and adds an agency or another name for one."""

from __future__ import annotations

from telegram import Update

from bot.callback_data import AgencyAdd, AgencyPage, AliasFor, AliasPage, ButtonData
from bot.domain.paging import page_of
from bot.domain.persian import persian_list
from bot.runtime import PeygirContext
from bot.services.agencies import Agency
from bot.services.conversations import Conversation
from bot.texts import bot as t
from handlers.conversation import Step, finish_step, stored_id
from handlers.replies import button, navigation, page_text, reply, show, stale

LIST_PER_PAGE = 20
PICK_PER_PAGE = 8
ADD = "agency_add"
ALIAS = "agency_alias"


async def agencies(update: Update, context: PeygirContext) -> None:
    await _list(update, context, 0)


async def agency_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """The list's pages, adding an agency, choosing the agency for another name."""
    runtime = context.runtime
    match data:
        case AgencyPage(page=page):
            await _list(update, context, page)
        case AliasPage(page=page):
            await _pick_for_alias(update, context, page)
        case AliasFor(agency_id=agency_id):
            agency = await _active_agency(context, agency_id)
            if agency is None:
                await stale(update, context)
                return
            await runtime.conversations.start(
                context.chat_key(update), ALIAS, "alias", {"agency_id": agency.id}
            )
            await reply(update, context, runtime.markup.fill(t.AGENCY_ASK_ALIAS, agency=agency.name))
        case AgencyAdd():
            await runtime.agencies.list_for(context.actor)  # refuses whoever may not manage agencies
            await runtime.conversations.start(context.chat_key(update), ADD, "name")
            await reply(update, context, runtime.markup.text(t.AGENCY_ASK_NAME))
        case _:
            await stale(update, context)


async def _active_agency(context: PeygirContext, agency_id: int) -> Agency | None:
    for agency in await context.runtime.agencies.list_for(context.actor):
        if agency.id == agency_id and agency.active:
            return agency
    return None


async def _list(update: Update, context: PeygirContext, number: int) -> None:
    markup = context.runtime.markup
    items = await context.runtime.agencies.list_for(context.actor)
    page = page_of(len(items), number, LIST_PER_PAGE)
    lines = [
        markup.fill(
            t.AGENCY_LINE,
            index=index,
            name=agency.name,
            aliases=markup.optional(t.AGENCY_ALIASES, persian_list(agency.aliases)),
            inactive="" if agency.active else t.AGENCY_INACTIVE,
        )
        for index, agency in page.numbered(items)
    ]
    rows = [
        *navigation(page, AgencyPage),
        [button(t.AGENCY_ADD_BUTTON, AgencyAdd())]
        + ([button(t.AGENCY_ALIAS_BUTTON, AliasPage(0))] if items else []),
    ]
    text = page_text(markup, t.AGENCIES_HEADER, t.AGENCIES_EMPTY, len(items), page, lines)
    await show(update, context, text, rows)


async def _pick_for_alias(update: Update, context: PeygirContext, number: int) -> None:
    items = [a for a in await context.runtime.agencies.list_for(context.actor) if a.active]
    page = page_of(len(items), number, PICK_PER_PAGE)
    rows = [[button(a.name, AliasFor(a.id))] for a in items[page.start : page.stop]]
    rows += navigation(page, AliasPage)
    await show(update, context, context.runtime.markup.text(t.AGENCY_PICK_FOR_ALIAS), rows)


async def _add_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    runtime = context.runtime

    async def add() -> str:
        agency = await runtime.agencies.add(text, [], context.actor)
        return runtime.markup.fill(t.AGENCY_ADDED, name=agency.name)

    await finish_step(update, context, add, t.TRY_AGAIN)


async def _alias_step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    runtime = context.runtime
    agency_id = await stored_id(update, context, conversation, "agency_id")

    async def add_alias() -> str:
        agency = await runtime.agencies.add_alias_to(agency_id, text, context.actor)
        return runtime.markup.fill(t.AGENCY_ALIAS_ADDED, alias=text.strip(), name=agency.name)

    await finish_step(update, context, add_alias, t.TRY_AGAIN)


STEPS: dict[str, Step] = {ADD: _add_step, ALIAS: _alias_step}
