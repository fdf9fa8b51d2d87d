"""The simulator's Bot API side, through plain HTTP and through a real python-telegram-bot Bot."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimulatorError
from tests.sim.conftest import ALI, SARA, Api, FakeMonotonic


async def test_unknown_method_and_bad_token(api: Api) -> None:
    assert await api("sendSomething") == (404, {"ok": False, "error_code": 404, "description": "Not Found"})
    status, body = await api("getMe", token="1:WRONG")
    assert (status, body["error_code"]) == (401, 401)


async def test_a_malformed_json_body_is_a_bad_request(sim: Simulator) -> None:
    async with aiohttp.ClientSession() as session:
        url = f"{sim.base_url}/bot{SIMULATOR_TOKEN}/sendMessage"
        async with session.post(
            url, data=b"{not json", headers={"Content-Type": "application/json"}
        ) as response:
            body = await response.json(content_type=None)
    assert (response.status, body["ok"], body["error_code"]) == (400, False, 400)


async def test_get_me_and_methods_are_case_insensitive(bot: Bot, api: Api) -> None:
    assert (bot.id, bot.username) == (123456, "PeygirBot")
    status, body = await api("GETME")
    assert status == 200 and body["result"]["is_bot"] is True


async def test_the_bot_can_only_write_to_who_wrote_first(bot: Bot, client: SimulatorClient) -> None:
    with pytest.raises(BadRequest, match=r"[Cc]hat not found"):
        await bot.send_message(ALI.id, "سلام")
    await client.send_message(ALI, "سلام")
    sent = await bot.send_message(ALI.id, "<b>خوش آمدید</b> &lt;علی&gt;", parse_mode=ParseMode.HTML)
    assert sent.text == "خوش آمدید <علی>"
    listed = await client.messages(ALI.id)
    assert [(m.from_bot, m.text) for m in listed] == [(False, "سلام"), (True, "خوش آمدید <علی>")]


async def test_telegram_refuses_broken_html_long_text_and_bad_buttons(
    bot: Bot, client: SimulatorClient
) -> None:
    await client.send_message(ALI, "سلام")
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(ALI.id, "a < b", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(ALI.id, "ا" * 4097)
    await bot.send_message(ALI.id, "ا" * 4096)
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(ALI.id, "   ")
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(
            ALI.id,
            "x",
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("b", callback_data="x" * 65)]]),
        )


@pytest.mark.parametrize("mode", ["bale"])
async def test_bale_keeps_markup_as_sent(bot: Bot, client: SimulatorClient) -> None:
    await client.send_message(ALI, "سلام")
    sent = await bot.send_message(ALI.id, "<b>x</b> a < b", parse_mode=ParseMode.HTML)
    assert sent.text == "<b>x</b> a < b"


async def test_429_past_one_message_a_second_to_one_chat(
    bot: Bot, client: SimulatorClient, api: Api, monotonic: FakeMonotonic
) -> None:
    await client.send_message(ALI, "سلام")
    assert (await api("sendMessage", chat_id=ALI.id, text="۱"))[0] == 200
    monotonic.now += 0.5
    status, body = await api("sendMessage", chat_id=ALI.id, text="۲")
    assert status == 429 and body["parameters"]["retry_after"] == 1
    monotonic.now += 0.5
    assert (await api("sendMessage", chat_id=ALI.id, text="۲"))[0] == 200
    stats = await client.stats()
    assert stats["rate_limited"] == 1 and stats["messages_sent"] == 2
    assert [m.text for m in await client.messages(ALI.id) if m.from_bot] == ["۱", "۲"]


async def test_thirty_messages_a_second_overall(
    client: SimulatorClient, api: Api, monotonic: FakeMonotonic
) -> None:
    from simulator import SimUser

    users = [SimUser(3000 + i, f"u{i}") for i in range(31)]
    for user in users:
        await client.send_message(user, "سلام")
    statuses = [(await api("sendMessage", chat_id=user.id, text="x"))[0] for user in users]
    assert statuses == [200] * 30 + [429]
    monotonic.now += 1.0
    assert (await api("sendMessage", chat_id=users[-1].id, text="x"))[0] == 200


async def test_twenty_messages_a_minute_to_a_group(
    client: SimulatorClient, api: Api, monotonic: FakeMonotonic
) -> None:
    await client.send_message(ALI, "سلام", chat={"id": -100, "type": "group", "title": "قرارگاه"})
    statuses = []
    for _ in range(21):
        statuses.append((await api("sendMessage", chat_id=-100, text="x"))[0])
        monotonic.now += 1.0
    assert statuses == [200] * 20 + [429]


@pytest.mark.parametrize("mode", ["bale"])
async def test_bale_says_bot_limit_exceed_without_retry_after(
    client: SimulatorClient, api: Api, monotonic: FakeMonotonic
) -> None:
    await client.send_message(ALI, "سلام")
    await api("sendMessage", chat_id=ALI.id, text="۱")
    status, body = await api("sendMessage", chat_id=ALI.id, text="۲")
    assert status == 429 and "bot limit exceed" in body["description"] and "parameters" not in body


async def test_get_updates_offset_confirms_earlier_updates(client: SimulatorClient, api: Api) -> None:
    first = await client.send_message(ALI, "۱")
    second = await client.send_message(ALI, "۲")
    _, body = await api("getUpdates")
    assert [u["update_id"] for u in body["result"]] == [first.update_id, second.update_id]
    _, body = await api("getUpdates", offset=second.update_id)
    assert [u["update_id"] for u in body["result"]] == [second.update_id]
    _, body = await api("getUpdates", offset=second.update_id + 1)
    assert body["result"] == []
    assert (await client.stats())["pending_updates"] == 0


async def test_a_long_poll_returns_as_soon_as_an_update_arrives(client: SimulatorClient, api: Api) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(api("getUpdates", timeout=10))
    await asyncio.sleep(0.2)
    assert not poll.done()
    await client.send_message(ALI, "سلام")
    _, body = await asyncio.wait_for(poll, 5)
    assert len(body["result"]) == 1
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("mode", ["bale"])
async def test_bale_answers_get_updates_at_once(api: Api) -> None:
    started = time.monotonic()
    _, body = await api("getUpdates", timeout=10)
    assert body["result"] == [] and time.monotonic() - started < 1


@pytest.mark.parametrize("mode", ["telegram", "bale"])
async def test_commands_carry_an_entity_only_on_telegram(
    client: SimulatorClient, api: Api, mode: str
) -> None:
    await client.send_message(ALI, "/start@PeygirBot abc")
    _, body = await api("getUpdates")
    message = body["result"][0]["message"]
    if mode == "telegram":
        assert message["entities"] == [{"type": "bot_command", "offset": 0, "length": 16}]
    else:
        assert "entities" not in message


@pytest.mark.parametrize("mode", ["telegram", "bale"])
async def test_reply_fields(bot: Bot, client: SimulatorClient, mode: str, monotonic: FakeMonotonic) -> None:
    sent = await client.send_message(ALI, "سلام")
    modern = await bot.send_message(ALI.id, "۱", reply_parameters=ReplyParameters(sent.message_id))
    monotonic.now += 1
    old = await bot.send_message(ALI.id, "۲", api_kwargs={"reply_to_message_id": sent.message_id})
    stored = {m.message_id: m.reply_to_message_id for m in await client.messages(ALI.id)}
    assert stored[modern.message_id] == (sent.message_id if mode == "telegram" else None)
    assert stored[old.message_id] == sent.message_id


@pytest.mark.parametrize("mode", ["telegram", "bale"])
async def test_set_my_commands(api: Api, client: SimulatorClient, mode: str) -> None:
    status, _ = await api("setMyCommands", commands=[{"command": "help", "description": "راهنما"}])
    if mode == "bale":
        assert status == 404 and await client.commands() == []
    else:
        assert status == 200
        assert await client.commands() == [
            {
                "scope": {"type": "default"},
                "language_code": "",
                "commands": [{"command": "help", "description": "راهنما"}],
            }
        ]


async def test_buttons_edits_and_callback_answers(bot: Bot, client: SimulatorClient, api: Api) -> None:
    await client.send_message(ALI, "سلام")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("بله", callback_data="yes")]])
    sent = await bot.send_message(ALI.id, "تأیید؟", reply_markup=keyboard)
    with pytest.raises(SimulatorError) as missing:
        await client.press(ALI, sent.message_id, "no")
    assert missing.value.status == 400
    with pytest.raises(SimulatorError):
        await client.press(SARA, sent.message_id, "yes")  # not in Sara's chat
    pressed = await client.press(ALI, sent.message_id, "yes")
    _, body = await api("getUpdates")
    update = Update.de_json(body["result"][-1], bot)
    assert update.callback_query is not None and update.callback_query.data == "yes"
    assert update.callback_query.message is not None
    assert update.callback_query.message.message_id == sent.message_id
    await bot.answer_callback_query(pressed.callback_query_id or "", text="ثبت شد")
    with pytest.raises(BadRequest, match="too old"):
        await bot.answer_callback_query(pressed.callback_query_id or "")
    assert (await client.callback_answer(pressed.callback_query_id or ""))["text"] == "ثبت شد"
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("تأیید؟", ALI.id, sent.message_id, reply_markup=keyboard)
    await bot.edit_message_text("تأیید شد", ALI.id, sent.message_id)
    edited = await client.wait_for_edit(ALI.id, sent.message_id, revision_above=0)
    assert (edited.text, edited.edited, edited.revision, edited.buttons) == ("تأیید شد", True, 1, ())
    with pytest.raises(BadRequest, match="not found"):
        await bot.edit_message_text("x", ALI.id, 999)
    await bot.delete_message(ALI.id, sent.message_id)
    with pytest.raises(BadRequest, match="not found"):
        await bot.delete_message(ALI.id, sent.message_id)


async def test_files_both_ways(bot: Bot, client: SimulatorClient) -> None:
    content = "صورتجلسه".encode() * 100
    sent = await client.send_document(ALI, "minutes.docx", content, caption="جلسه ۱۹")
    messages = await client.messages(ALI.id)
    document = messages[0].document
    assert (
        document is not None and document["file_name"] == "minutes.docx" and document["size"] == len(content)
    )
    assert messages[0].text == "جلسه ۱۹" and sent.message_id == 1
    file = await bot.get_file(str(document["file_id"]))
    assert bytes(await file.download_as_bytearray()) == content
    out = await bot.send_document(ALI.id, b"xlsx bytes", filename="report.xlsx", caption="گزارش")
    listed = [m for m in await client.messages(ALI.id) if m.from_bot]
    assert listed[0].document is not None and listed[0].document["file_name"] == "report.xlsx"
    assert await client.download(out.document.file_id if out.document else "") == b"xlsx bytes"
    await client.send_photo(ALI, b"\x89PNG", caption="عکس نامه")
    photo = (await client.messages(ALI.id))[-1].photo
    assert photo is not None and await client.download(str(photo["file_id"])) == b"\x89PNG"


async def test_blocked_user_and_reset(bot: Bot, client: SimulatorClient) -> None:
    await client.send_message(ALI, "سلام")
    await client.block(ALI.id)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(ALI.id, "x")
    await client.reset(mode="bale", limits=False)
    stats = await client.stats()
    assert (stats["mode"], stats["limits"], stats["messages_sent"]) == ("bale", False, 0)
    assert await client.messages(ALI.id) == []


async def test_control_refuses_malformed_requests(client: SimulatorClient) -> None:
    with pytest.raises(SimulatorError):
        await client.send_message(ALI, "")
    with pytest.raises(SimulatorError):
        await client.set_faults(2.0)
    with pytest.raises(SimulatorError):
        await client.set_faults(0.5, ["fire"])


async def test_simulator_reports_its_urls(sim: Simulator) -> None:
    assert sim.bot_api_base_url == f"http://127.0.0.1:{sim.port}/bot"
    assert sim.bot_api_file_url == f"http://127.0.0.1:{sim.port}/file/bot"
