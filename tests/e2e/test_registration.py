"""Registration by invite, through the simulator, on both platforms."""

from __future__ import annotations

from datetime import timedelta

from bot.cli.scripted import Sandbox, ScriptedChat, link_token
from bot.domain.clock import FixedClock
from bot.texts import bot as t
from tests.e2e.conftest import AGENCY_A, AGENCY_NAMES, GOVERNOR, REP_A, REP_B, SECRETARIAT, STRANGER, enroll


async def test_an_admin_is_secretariat_from_the_first_message(chat: ScriptedChat) -> None:
    await chat.say(SECRETARIAT, "/start", expect=["مریم"])
    await chat.say(SECRETARIAT, "/whoami", expect=["دبیرخانه", "مریم رضایی"])


async def test_invite_link_registers_an_agency_representative(chat: ScriptedChat, sandbox: Sandbox) -> None:
    link = await chat.say(SECRETARIAT, f"/invite {AGENCY_A}", expect=[AGENCY_A])
    base = "https://t.me/" if sandbox.settings.platform == "telegram" else "https://ble.ir/"
    assert f"{base}PeygirBot?start=" in link.text
    welcome = await chat.say(REP_A, f"/start {link_token(link)}", expect=["خوش آمدید", AGENCY_A, "/whoami"])
    assert "/invite" not in welcome.text
    await chat.say(REP_A, "/whoami", expect=[AGENCY_A, "نماینده دستگاه"])
    # The link was for one person: the next one to open it is refused and stays a stranger.
    await chat.say(REP_B, f"/start {link_token(link)}", refuse=["خوش آمدید"])
    await chat.say(REP_B, "/whoami", expect=[t.STRANGER.splitlines()[0]])


async def test_fuzzy_agency_name_in_invite(chat: ScriptedChat) -> None:
    # «شهرداری کمال شهر» (with a space) is the same agency.
    await chat.say(SECRETARIAT, "/invite شهرداری کمال شهر", expect=["?start=", AGENCY_A])


async def test_invite_for_an_unknown_agency_is_refused(chat: ScriptedChat) -> None:
    answer = await chat.say(SECRETARIAT, "/invite اداره کل هواشناسی", refuse=["?start="])
    assert "هواشناسی" in answer.text


async def test_governor_invite_by_button(chat: ScriptedChat) -> None:
    await enroll(chat, GOVERNOR)
    await chat.say(GOVERNOR, "/whoami", expect=["دفتر استاندار"])
    await chat.say(GOVERNOR, "/help", expect=["/whoami"], refuse=["/invite", "/members", "/agencies"])


async def test_agency_invite_by_button(chat: ScriptedChat) -> None:
    picker = await chat.say(SECRETARIAT, "/invite", expect=["👤 نقش‌ها", "🏢 دستگاه‌ها"])
    link = await chat.press(SECRETARIAT, picker, AGENCY_NAMES[1], expect=["?start="])
    await chat.say(REP_B, f"/start {link_token(link)}", expect=["خوش آمدید", AGENCY_NAMES[1]])


async def test_the_invite_picker_keeps_roles_and_agencies_apart(chat: ScriptedChat) -> None:
    """The secretariat's own agency («دبیرخانه قرارگاه اجتماعی استانداری») is not the secretariat role:
    the roles come first, marked 👤, and every agency under them is marked 🏢."""
    picker = await chat.say(SECRETARIAT, "/invite")
    rows = [[b.text for b in row] for row in picker.buttons]
    assert rows[0] == ["👤 نقش: دفتر استاندار", "👤 نقش: دبیرخانه قرارگاه"]
    agencies = [text for row in rows[1:-1] for text in row]
    assert len(agencies) == 8 and all(text.startswith("🏢 ") for text in agencies)
    assert rows[-1] == [t.NEXT_BUTTON]  # ten agencies: a second page
    own_agency = "🏢 دبیرخانه قرارگاه اجتماعی استانداری"
    if own_agency not in picker.button_texts():
        picker = await chat.press(SECRETARIAT, picker, t.NEXT_BUTTON, expect=["صفحه ۲ از ۲"])
    link = await chat.press(
        SECRETARIAT, picker, own_agency, expect=["نماینده «دبیرخانه قرارگاه اجتماعی استانداری»"]
    )
    await chat.say(REP_B, f"/start {link_token(link)}", expect=["نماینده دستگاه", "دبیرخانه قرارگاه اجتماعی"])
    picker = await chat.say(SECRETARIAT, "/invite")
    await chat.press(SECRETARIAT, picker, "👤 نقش: دبیرخانه", expect=["لینک دعوت دبیرخانه قرارگاه:"])


async def test_expired_invite(chat: ScriptedChat, clock: FixedClock) -> None:
    link = await chat.say(SECRETARIAT, f"/invite {AGENCY_A}")
    clock.advance(timedelta(days=8))
    answer = await chat.say(REP_A, f"/start {link_token(link)}", refuse=["خوش آمدید"])
    unknown = await chat.say(REP_B, "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refuse=["خوش آمدید"])
    assert answer.text != unknown.text  # "expired" is not "unknown"


async def test_registering_twice_keeps_the_member_and_the_invite(chat: ScriptedChat) -> None:
    await enroll(chat, REP_A, AGENCY_A)
    link = await chat.say(SECRETARIAT, f"/invite {AGENCY_A}")
    await chat.say(REP_A, f"/start {link_token(link)}", expect=["قبلاً"])
    # The invite was not used up by the member who already had one.
    await chat.say(REP_B, f"/start {link_token(link)}", expect=["خوش آمدید"])


async def test_repeated_bad_tokens_are_rate_limited(chat: ScriptedChat) -> None:
    answers = []
    for attempt in range(6):
        answers.append(await chat.say(STRANGER, f"/start wrongtoken{attempt:02d}wrongtoken{attempt:02d}"))
    link = await chat.say(SECRETARIAT, f"/invite {AGENCY_A}")
    # Even a valid token is not looked at now.
    blocked = await chat.say(STRANGER, f"/start {link_token(link)}", refuse=["خوش آمدید"])
    assert blocked.text != answers[0].text
    assert answers[-1].text == blocked.text


async def test_a_stranger_learns_only_how_to_get_an_invite(chat: ScriptedChat) -> None:
    for text in ("سلام", "/start", "/help", "/members", "/invite شهرداری کمالشهر", "/agencies", "/whatever"):
        answer = await chat.say(STRANGER, text, refuse=AGENCY_NAMES)
        assert answer.text == t.STRANGER


async def test_names_with_markup_are_shown_as_written(chat: ScriptedChat) -> None:
    from bot.cli.scripted import Person
    from simulator import SimUser

    tricky = Person(SimUser(2003, "<b>رضا</b> & <i>", None, "</code>"), "tricky")
    link = await chat.say(SECRETARIAT, f"/invite {AGENCY_A}")
    welcome = await chat.say(tricky, f"/start {link_token(link)}", expect=["خوش آمدید"])
    assert "<b>رضا</b> & <i> </code>" in welcome.text
