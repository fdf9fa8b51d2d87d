"""How members are described in chat (their role, agency and state), shared by several features."""

from __future__ import annotations

from bot.domain.persian import fa
from bot.markup import Markup, Raw
from bot.services.assignments import AssignmentView
from bot.services.registration import MemberInfo
from bot.texts import bot as t


def role_name(role: str) -> str:
    return t.ROLE_NAMES.get(role, role)


def state_name(state: str) -> str:
    return t.STATE_NAMES.get(state, state)


def whoami(markup: Markup, member: MemberInfo) -> Raw:
    return markup.fill(
        t.WHOAMI,
        name=member.display_name,
        role=role_name(member.role),
        agency=markup.optional(t.WHOAMI_AGENCY, member.agency_name),
        state=state_name(member.state),
    )


def member_card(markup: Markup, member: MemberInfo) -> Raw:
    return markup.fill(
        t.MEMBER_CARD,
        name=member.display_name,
        username=markup.optional(t.MEMBER_CARD_USERNAME, member.username),
        role=role_name(member.role),
        agency=markup.optional(t.WHOAMI_AGENCY, member.agency_name),
        state=state_name(member.state),
    )


def member_line(markup: Markup, index: str, member: MemberInfo) -> Raw:
    return markup.fill(
        t.MEMBER_LINE,
        index=index,
        name=member.display_name,
        role=role_name(member.role),
        agency=markup.optional(t.MEMBER_LINE_AGENCY, member.agency_name),
        state=markup.optional(
            t.MEMBER_LINE_STATE, None if member.state == "active" else state_name(member.state)
        ),
    )


def about_item(markup: Markup, template: str, view: AssignmentView) -> Raw:
    """A template about one item: its meeting, row number and agency."""
    return markup.fill(
        template,
        meeting=fa(view.meeting),
        number=fa(view.number),
        agency=view.agency,
    )
