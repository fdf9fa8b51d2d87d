"""What an adversary types: numbers no parser should take, lengths counted as the platforms count them,
control characters. Each gets the usual short refusal, never an exception the person cannot read."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.domain.clock import FixedClock
from bot.domain.persian import QUOTE_LIMIT, utf16_len
from bot.platforms import PROFILES
from bot.services.agencies import MAX_NAME, AgencyService
from bot.services.assignments import NOTICE_LIMIT, AssignmentService, fit_notice, percent_in
from bot.services.errors import ServiceError
from bot.services.history import HistoryService, parse_reference
from bot.services.new_resolution import MAX_TEXT, check_text, parse_meeting
from bot.services.pauses import pause_days
from bot.services.status import StatusService
from bot.services.status_models import Period, StatusQuery, parse_period, parse_status_query
from bot.texts import cli as cli_texts
from bot.texts import history as history_texts
from bot.texts import new_resolution as new_texts
from bot.texts import people as people_texts
from bot.texts import push as push_texts
from bot.texts import reminders as reminder_texts
from bot.texts import status as status_texts
from storage.engine import Database
from storage.tables import outbox
from tests.people_helpers import people
from tests.status_helpers import TEHRAN
from tests.tracker_helpers import TESTER, ids_by_agency, import_31

HUGE = ["99999999999999999999", "9223372036854775807", "2147483648", "9" * 5000]


@pytest.mark.parametrize("text", ["²", "۱²", "١٢٣٤٥٦٧٨٩٠١٢", "-1", "0", "61", "１０", "१०", *HUGE])
def test_pause_takes_one_to_sixty_days_in_persian_arabic_or_ascii_digits_only(text: str) -> None:
    with pytest.raises(ServiceError, match=reminder_texts.PAUSE_USAGE.split("،")[0]):
        pause_days(text)
    assert pause_days("۱۰") == pause_days("١٠") == pause_days(" 10 ") == 10


@pytest.mark.parametrize(
    "text", ["²/³", "۳۱/²", "31", "31/3/4", "x/3", "99999999999999999999/1", "1/9223372036854775807"]
)
def test_a_reference_that_is_not_two_storable_numbers_is_bad_input(text: str) -> None:
    with pytest.raises(ServiceError, match=history_texts.BAD_REFERENCE):
        parse_reference(text)
    assert parse_reference("۳۱/۳") == parse_reference("٣١-٣") == parse_reference("31 3") == (31, 3)
    assert parse_reference("2147483647/1") == (2_147_483_647, 1)


def test_a_status_query_with_hostile_numbers() -> None:
    assert parse_status_query("²") == StatusQuery("agency", text="²")  # not a number: a name not found
    assert parse_status_query("²/³") == StatusQuery("agency", text="²/³")
    assert parse_status_query("۱۹") == StatusQuery("meeting", meeting=19)
    assert parse_status_query("١٩/٣") == StatusQuery("resolution", meeting=19, number=3)
    assert parse_status_query("1234567") == StatusQuery("meeting", meeting=1_234_567)
    with pytest.raises(ServiceError) as meeting:
        parse_status_query("99999999999999999999")
    assert meeting.value.message == status_texts.MEETING_NOT_FOUND.format(meeting="۹" * 20)
    with pytest.raises(ServiceError) as resolution:
        parse_status_query("99999999999999999999/1")
    assert resolution.value.message == status_texts.RESOLUTION_NOT_FOUND.format(meeting="۹" * 20, number="۱")
    with pytest.raises(ServiceError) as long:
        parse_status_query("9" * 5000)
    assert utf16_len(long.value.message) < 200


def test_a_status_query_for_an_agency_is_cut_to_the_longest_name() -> None:
    query = parse_status_query("🎉" * 50_000)
    assert query.kind == "agency" and utf16_len(query.text) == MAX_NAME


@pytest.mark.parametrize("text", ["²", "جلسه ⁹", "جلسه 99999999999999999999", "۱ ۲"])
def test_a_ranking_period_with_hostile_numbers_is_not_understood(text: str) -> None:
    assert parse_period(text) is None
    assert parse_period("جلسه ۱۹") == Period("meeting", 19)


@pytest.mark.parametrize("text", ["²", "0", "١٢٣٤٥ ۱۴۰۵/۰۸/۰۱", "x", "99999999999999999999"])
def test_a_typed_meeting_that_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ServiceError, match=new_texts.BAD_MEETING):
        parse_meeting(text)
    assert parse_meeting("٣٢ ۱۴۰۵/۰۸/۰۱")[0] == 32


@pytest.mark.parametrize("text", ["²%", "۵⁰٪", "５０%"])
def test_a_percentage_in_other_digits_is_no_percentage(text: str) -> None:
    assert percent_in(text) is None
    assert percent_in("٥٠٪") == 50


def test_report_and_resolution_lengths_are_counted_in_utf16_units() -> None:
    check_text("ا" * MAX_TEXT)
    with pytest.raises(ServiceError) as emoji:
        check_text("🎉" * (MAX_TEXT // 2 + 1))  # fewer characters than the limit, more units
    assert emoji.value.message == new_texts.TEXT_TOO_LONG.format(length="۳۰۰۲", most="۳۰۰۰")
    with pytest.raises(ServiceError):
        check_text("متن", ["بند " * 200] * 5)  # the sub-items count too: the push must fit


def test_a_notice_quoting_a_report_fits_one_message() -> None:
    assert NOTICE_LIMIT == min(p.text_limit for p in PROFILES.values()) == 4096
    values: dict[str, object] = {
        "who": "علی محمدی",
        "agency": "سازمان " + "ب" * 150,  # a long name leaves less room for the report
        "meeting": "۳۱",
        "number": "۳",
        "percent": "۵۰",
        "text": "🎉" * 2000,
    }
    fitted = fit_notice(push_texts.REPORTED, values)
    assert utf16_len(push_texts.REPORTED.format(**fitted)) <= NOTICE_LIMIT
    assert str(fitted["text"]).endswith("…")
    reason = fit_notice(push_texts.SENT_BACK, {"meeting": "۳۱", "number": "۳", "reason": "ب" * NOTICE_LIMIT})
    assert utf16_len(push_texts.SENT_BACK.format(**reason)) == NOTICE_LIMIT


async def test_a_long_emoji_report_is_refused_or_quoted_short_to_the_secretariat(
    db: Database, clock: FixedClock
) -> None:
    actors = await people(db, clock)
    await import_31(db, clock)
    rep = actors["agency"]
    own = (await ids_by_agency(db))[rep.agency_id or 0][0]
    service = AssignmentService(db, clock)
    with pytest.raises(ServiceError, match=people_texts.REPORT_TOO_LONG.split("{")[0]):
        await service.report(rep, own, "🎉" * 4000)  # 8,000 units: more than a report may be
    view, _ = await service.report(rep, own, "🎉" * 2000)  # 4,000 units: stored whole
    async with db.read() as conn:
        notices = (
            (await conn.execute(select(outbox.c.payload).where(outbox.c.kind == "notice"))).scalars().all()
        )
    quoted = [p["text"] for p in notices if "🎉" in p["text"]]
    assert quoted and all(utf16_len(text) <= NOTICE_LIMIT for text in quoted)
    assert view.percent == 0


async def test_numbers_beyond_storage_never_reach_the_database(db: Database, clock: FixedClock) -> None:
    """The largest storable number is looked up (and not found) on both backends; larger ones are refused
    before any SQL, so PostgreSQL never sees an integer out of range."""
    actors = await people(db, clock)
    secretariat = actors["secretariat"]
    with pytest.raises(ServiceError, match=history_texts.NOT_FOUND.split("{")[0]):
        await HistoryService(db).of_resolution(secretariat, *parse_reference("2147483647/2147483647"))
    status = StatusService(db, clock, TEHRAN)
    query = parse_status_query("2147483647/1")
    with pytest.raises(ServiceError, match=status_texts.RESOLUTION_NOT_FOUND.split("{")[0]):
        await status.resolution(secretariat, query.meeting, query.number)
    with pytest.raises(ServiceError, match=status_texts.MEETING_NOT_FOUND.split("{")[0]):
        await status.meeting_items(secretariat, parse_status_query("2147483647").meeting)


async def test_agency_names_are_bounded_and_quoted_short(db: Database, clock: FixedClock) -> None:
    service = AgencyService(db, clock)
    with pytest.raises(ServiceError) as long:
        await service.add("🎉" * (MAX_NAME // 2 + 1), [], TESTER)
    assert long.value.message == cli_texts.NAME_TOO_LONG.format(most="۲۰۰")
    name = "سازمان " + "ب" * 150
    await service.add(name, [], TESTER)
    with pytest.raises(ServiceError) as again:
        await service.add(name, [], TESTER)
    message = again.value.message  # «name» is the same as «name»: both quoted short
    assert message.count("…") == 2 and utf16_len(message) < 2 * QUOTE_LIMIT + 40
    with pytest.raises(ServiceError, match=cli_texts.NAME_TOO_LONG.split("{")[0]):
        await service.add_alias(name, "x" * (MAX_NAME + 1), TESTER)


def test_a_command_s_argument_is_cut_before_it_is_read() -> None:
    from handlers.routing import ARGUMENT_LIMIT, FORM_LIMIT, parse_command

    command = parse_command("/status " + "🎉" * 100_000)
    assert command is not None and command.name == "status"
    assert utf16_len(command.argument) == ARGUMENT_LIMIT
    form = parse_command("/new_resolution@PeygirBot\nجلسه: ۳۱\n" + "ب" * 10_000, FORM_LIMIT)
    assert form is not None and form.mention == "PeygirBot" and utf16_len(form.argument) == FORM_LIMIT
    assert form.argument.startswith("جلسه: ۳۱\n")
    assert parse_command("/pause ۱۰") == parse_command("  /pause   ۱۰  ")


def test_a_button_s_text_is_cut_in_utf16_units() -> None:
    from bot.callback_data import StatusOverview
    from handlers.replies import BUTTON_TEXT_LIMIT, button

    long = button("🎉" * 100, StatusOverview())
    assert utf16_len(long.text) <= BUTTON_TEXT_LIMIT and long.text.endswith("…")
    assert button("شهرداری کمالشهر", StatusOverview()).text == "شهرداری کمالشهر"
