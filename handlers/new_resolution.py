"""/new_resolution: the one-message form, or a wizard (meeting, text, sub-items, agencies, deadline), then a
preview to confirm. The draft lives in the conversation's data, so a restart loses nothing.

The buttons carry the ``Wizard*`` kinds of bot.callback_data (all checked again by the service).
"""

from __future__ import annotations

from datetime import date

from telegram import InlineKeyboardButton, Update

from bot.callback_data import (
    ButtonData,
    Wizard,
    WizardAgency,
    WizardDeadline,
    WizardMeeting,
    WizardUseAgency,
)
from bot.domain.jalali import format_jalali
from bot.domain.persian import cut_utf16, fa, persian_list, quote
from bot.markup import Raw
from bot.minutes.items import PERSIAN_ORDER
from bot.runtime import PeygirContext
from bot.services.access import Permission, require
from bot.services.agencies import MAX_NAME
from bot.services.conversations import Conversation
from bot.services.errors import ServiceError
from bot.services.new_resolution import (
    AgencyNotFound,
    AgencyProblem,
    CheckedDraft,
    Draft,
    check_text,
    parse_form,
    parse_items,
    parse_meeting,
)
from bot.texts import bot as bot_texts
from bot.texts import new_resolution as t
from bot.texts import push as push_texts
from handlers.conversation import Step
from handlers.replies import NAME_ON_BUTTON, button, reply, stale
from handlers.routing import FORM_LIMIT, argument_text

NEW = "new_resolution"
# A typed deadline is kept at most this long (UTF-16 units).
DEADLINE_LIMIT = 200


async def new_resolution(update: Update, context: PeygirContext) -> None:
    """`/new_resolution` + the form: straight to the preview; alone: the wizard."""
    require(context.actor, Permission.IMPORT_MINUTES)
    body = argument_text(update, FORM_LIMIT)
    if body:
        try:
            draft = parse_form(body)
        except ServiceError as exc:
            await reply(
                update, context, _error(context, exc) + "\n\n" + context.runtime.markup.text(t.FORM_HELP)
            )
            return
        await _preview(update, context, draft)
        return
    await _ask_meeting(update, context)


async def _ask_meeting(update: Update, context: PeygirContext) -> None:
    runtime = context.runtime
    meetings = await runtime.new_resolutions.recent_meetings(context.actor)
    rows = [
        [
            button(
                t.BUTTON_MEETING.format(meeting=fa(m.number), held_on=format_jalali(m.held_on)),
                WizardMeeting(m.number),
            )
        ]
        for m in meetings
    ]
    rows.append([button(t.BUTTON_NEW_MEETING, Wizard("new_meeting"))])
    await _save(context, update, "meeting", Draft())
    await reply(update, context, runtime.markup.text(t.ASK_MEETING if meetings else t.ASK_NEW_MEETING), rows)


async def new_resolution_button(update: Update, context: PeygirContext, data: ButtonData) -> None:
    """The wizard's buttons; they mean something only while this chat's wizard is open."""
    runtime = context.runtime
    state = await runtime.conversations.get(context.chat_key(update))
    if state is None or state.name != NEW:
        await stale(update, context)
        return
    require(context.actor, Permission.IMPORT_MINUTES)
    draft = Draft.from_json(state.data.get("draft"))
    match data:
        case Wizard(action="new_meeting"):
            await reply(update, context, runtime.markup.text(t.ASK_NEW_MEETING))
        case WizardMeeting(meeting=number):
            await _meeting_chosen(update, context, draft, number, None)
        case Wizard(action="no_items"):
            await _ask_agencies(update, context, draft)
        case Wizard(action="agencies_done") if draft.agencies:
            await _save(context, update, "deadline", draft)
            rows = [[button(label, WizardDeadline(i)) for i, label in enumerate(t.DEADLINE_BUTTONS)]]
            await reply(update, context, runtime.markup.text(t.ASK_DEADLINE), rows)
        case Wizard(action="all_agencies"):
            await _agency_added(update, context, draft, t.ALL_AGENCIES)
        case WizardAgency(agency_id=agency_id):
            name = await runtime.new_resolutions.agency_name(context.actor, agency_id)
            await _agency_added(update, context, draft, name)
        case WizardDeadline(index=index) if index < len(t.DEADLINE_BUTTONS):
            draft.deadline = t.DEADLINE_BUTTONS[index]
            await _preview(update, context, draft)
        case WizardUseAgency(agency_id=agency_id):
            await _fix_agency(update, context, draft, state, agency_id)
        case Wizard(action="create_agency"):
            await _fix_agency(update, context, draft, state, None)
        case Wizard(action="confirm"):
            await _confirm(update, context, draft)
        case Wizard(action="edit"):
            await _save(context, update, "text", draft)
            await _ask_text(update, context, draft)
        case Wizard(action="cancel"):
            await runtime.conversations.finish(context.chat_key(update))
            await reply(update, context, runtime.markup.text(t.DISCARDED))
        case _:
            await stale(update, context)


async def _step(update: Update, context: PeygirContext, conversation: Conversation, text: str) -> None:
    """A typed answer to the wizard's current step."""
    draft = Draft.from_json(conversation.data.get("draft"))
    try:
        if conversation.step == "meeting":
            number, held_on = parse_meeting(text)
            await _meeting_chosen(update, context, draft, number, held_on)
        elif conversation.step == "text":
            check_text(text)
            draft.text = text.strip()
            await _save(context, update, "items", draft)
            await reply(
                update,
                context,
                context.runtime.markup.text(t.ASK_ITEMS),
                [[button(t.BUTTON_NO_ITEMS, Wizard("no_items"))]],
            )
        elif conversation.step == "items":
            draft.items = parse_items(text)
            check_text(draft.text, draft.items)  # the text and its sub-items must fit one push
            await _ask_agencies(update, context, draft)
        elif conversation.step == "agencies":
            await _agency_typed(update, context, draft, text)
        elif conversation.step == "deadline":
            draft.deadline = cut_utf16(text.strip(), DEADLINE_LIMIT)  # no deadline is longer
            await _preview(update, context, draft)
        else:  # the preview or a fix waits for a button
            await reply(update, context, context.runtime.markup.text(bot_texts.NOT_UNDERSTOOD))
    except ServiceError as exc:
        await reply(update, context, _error(context, exc))


async def _meeting_chosen(
    update: Update, context: PeygirContext, draft: Draft, number: int, held_on: date | None
) -> None:
    meeting = await context.runtime.new_resolutions.check_meeting(context.actor, number, held_on)
    draft.meeting, draft.held_on = meeting.number, held_on
    await _save(context, update, "text", draft)
    await _ask_text(update, context, draft)


async def _ask_text(update: Update, context: PeygirContext, draft: Draft) -> None:
    await reply(
        update,
        context,
        context.runtime.markup.fill(t.ASK_TEXT, meeting=fa(draft.meeting)),
    )


async def _ask_agencies(update: Update, context: PeygirContext, draft: Draft) -> None:
    await _save(context, update, "agencies", draft)
    await reply(update, context, context.runtime.markup.text(t.ASK_AGENCY), _agency_rows(draft, []))


def _agency_rows(draft: Draft, suggestions: list[tuple[int, str]]) -> list[list[InlineKeyboardButton]]:
    """Suggestions, then «همه دستگاه‌ها» and, once one is chosen, «ادامه ◀️» at the row's left end (the
    platforms lay a row out left to right; forward is to the left in a right-to-left chat)."""
    rows = [[button(name, WizardAgency(agency_id))] for agency_id, name in suggestions]
    last = [button(t.BUTTON_ALL_AGENCIES, Wizard("all_agencies"))]
    if draft.agencies:
        last.insert(0, button(t.BUTTON_CONTINUE, Wizard("agencies_done")))
    return [*rows, last]


async def _agency_typed(update: Update, context: PeygirContext, draft: Draft, text: str) -> None:
    typed = cut_utf16(text.strip(), MAX_NAME)  # no agency's name is longer
    result = await context.runtime.new_resolutions.match_agency(context.actor, typed)
    if result.matched and result.agency_name is not None:
        await _agency_added(update, context, draft, result.agency_name)
        return
    suggestions = [(agency_id, name) for agency_id, name, _ in result.suggestions]
    await reply(
        update,
        context,
        context.runtime.markup.fill(t.AGENCY_SUGGEST, party=quote(typed)),
        _agency_rows(draft, suggestions),
    )


async def _agency_added(update: Update, context: PeygirContext, draft: Draft, name: str) -> None:
    if name not in draft.agencies:
        draft.agencies.append(name)
    await _save(context, update, "agencies", draft)
    await reply(
        update,
        context,
        context.runtime.markup.fill(t.AGENCY_ADDED, chosen=persian_list(draft.agencies)),
        _agency_rows(draft, []),
    )


async def _preview(update: Update, context: PeygirContext, draft: Draft) -> None:
    """Check the whole draft: an unknown agency asks "which one?"; a bad field says why (the wizard goes
    back to that step); a good draft is shown with «ثبت و ارسال»."""
    runtime = context.runtime
    try:
        checked = await runtime.new_resolutions.check(context.actor, draft)
    except AgencyNotFound as exc:
        await _ask_fix(update, context, draft, exc.problem)
        return
    except ServiceError as exc:
        await _save(context, update, "deadline" if draft.deadline and draft.text else "text", draft)
        await reply(update, context, _error(context, exc))
        return
    await _save(context, update, "preview", draft)
    rows = [
        [button(t.BUTTON_CONFIRM, Wizard("confirm"))],
        [button(t.BUTTON_EDIT, Wizard("edit")), button(t.BUTTON_CANCEL, Wizard("cancel"))],
    ]
    await reply(update, context, _preview_text(context, checked), rows)


def _preview_text(context: PeygirContext, checked: CheckedDraft) -> Raw:
    markup = context.runtime.markup
    items = Raw(
        "".join(
            markup.fill("\n{letter}) {item}", letter=PERSIAN_ORDER[i % len(PERSIAN_ORDER)], item=item)
            for i, item in enumerate(checked.draft.items)
        )
    )
    due = checked.deadline.due
    return markup.fill(
        t.PREVIEW,
        meeting=fa(checked.meeting),
        held_on=format_jalali(checked.held_on),
        number=fa(checked.number),
        text=checked.draft.text,
        items=items,
        agencies=persian_list(checked.agencies),
        due=format_jalali(due) if due is not None else checked.deadline.raw,
    )


async def _ask_fix(update: Update, context: PeygirContext, draft: Draft, problem: AgencyProblem) -> None:
    """Did you mean…? (one button per suggestion) or register the name as a new agency."""
    runtime = context.runtime
    await _save(context, update, "fix", draft, fix=problem.index)
    rows = [[button(name, WizardUseAgency(agency_id))] for agency_id, name in problem.suggestions]
    party = quote(problem.party, NAME_ON_BUTTON)
    rows.append([button(t.BUTTON_CREATE_AGENCY.format(party=party), Wizard("create_agency"))])
    template = t.AGENCY_AMBIGUOUS if problem.ambiguous else t.AGENCY_UNKNOWN
    text = (
        runtime.markup.fill(template, party=quote(problem.party)) + "\n" + runtime.markup.text(t.AGENCY_PICK)
    )
    await reply(update, context, text, rows)


async def _fix_agency(
    update: Update, context: PeygirContext, draft: Draft, state: Conversation, agency_id: int | None
) -> None:
    """The agency meant by the name waiting in the state (`agency_id`), or that name as a new agency."""
    index = state.data.get("fix")
    if state.step != "fix" or not isinstance(index, int) or not 0 <= index < len(draft.agencies):
        await stale(update, context)
        return
    runtime = context.runtime
    if agency_id is not None:
        draft.agencies[index] = await runtime.new_resolutions.agency_name(context.actor, agency_id)
    else:
        created = await runtime.agencies.add(draft.agencies[index], [], context.actor)
        draft.agencies[index] = created.name
    await _preview(update, context, draft)


async def _confirm(update: Update, context: PeygirContext, draft: Draft) -> None:
    runtime = context.runtime
    try:
        with runtime.conversations.ends_with_the_effects(context.chat_key(update)):
            checked, report = await runtime.new_resolutions.create(context.actor, draft)
    except AgencyNotFound as exc:
        await _ask_fix(update, context, draft, exc.problem)
        return
    await runtime.conversations.finish(context.chat_key(update))
    text = runtime.markup.fill(
        t.CREATED,
        meeting=fa(checked.meeting),
        number=fa(checked.number),
        pushes=fa(report.pushes_queued),
    )
    if report.agencies_without_representative:
        text = Raw(
            text
            + "\n"
            + runtime.markup.fill(
                push_texts.NO_REPRESENTATIVE, agencies=persian_list(report.agencies_without_representative)
            )
        )
    await reply(update, context, text)


async def _save(
    context: PeygirContext, update: Update, step: str, draft: Draft, fix: int | None = None
) -> None:
    data: dict[str, object] = {"draft": draft.to_json()}
    if fix is not None:
        data["fix"] = fix
    await context.runtime.conversations.start(context.chat_key(update), NEW, step, data)


def _error(context: PeygirContext, exc: ServiceError) -> str:
    return context.runtime.markup.escape(exc.message)


STEPS: dict[str, Step] = {NEW: _step}
