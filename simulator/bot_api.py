"""The bot's side: ``/bot<TOKEN>/<method>``, with Telegram's semantics for every method the bot uses."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from simulator.webhook import delete_webhook, get_webhook_info, refuse_polling, set_webhook
from simulator.world import (
    CAPTION_LIMITS,
    CONFLICT,
    JSON,
    NOT_MODIFIED,
    TEXT_LIMIT,
    ApiError,
    Chat,
    Message,
    StoredFile,
    World,
    _int,
    bad_request,
)

# Fields that python-telegram-bot sends JSON-encoded inside form data.
STRUCTURED = frozenset(
    {
        "reply_markup",
        "reply_parameters",
        "commands",
        "scope",
        "allowed_updates",
        "entities",
        "caption_entities",
        "link_preview_options",
    }
)
MAX_POLL_SECONDS = 50

Method = Callable[[World, JSON, dict[str, tuple[str | None, str | None, bytes]]], Awaitable[Any]]


async def read_parameters(
    request: web.Request,
) -> tuple[JSON, dict[str, tuple[str | None, str | None, bytes]]]:
    """Query string, urlencoded or multipart form, or a JSON body; uploaded files apart."""
    params: JSON = dict(request.query)
    uploads: dict[str, tuple[str | None, str | None, bytes]] = {}
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse request JSON") from None
        if isinstance(body, dict):
            params.update(body)
    elif request.method == "POST":
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                uploads[key] = (value.filename, value.content_type, value.file.read())
            else:
                params[key] = value
    for key in STRUCTURED & params.keys():
        if isinstance(params[key], str):
            try:
                params[key] = json.loads(params[key])
            except ValueError:
                raise bad_request(f"can't parse {key} JSON object") from None
    return params, uploads


async def get_me(world: World, params: JSON, uploads: Any) -> JSON:
    return world.me()


async def get_updates(world: World, params: JSON, uploads: Any) -> list[JSON]:
    """Updates after `offset`; a long poll waits for one. A call arriving while another one waits ends
    that one with 409 Conflict, as Telegram does when a second bot instance polls the same token."""
    refuse_polling(world)
    world.poll_turn += 1
    turn = world.poll_turn
    await world.notify()  # a long poll still waiting has been overtaken
    offset = _int(params.get("offset", 0))
    limit = min(max(_int(params.get("limit", 100)), 1), 100)
    timeout = (
        0 if world.mode == "bale" else min(max(float(params.get("timeout", 0) or 0), 0.0), MAX_POLL_SECONDS)
    )
    if offset:
        # Every update before the offset is confirmed: Telegram forgets it.
        world.updates = [u for u in world.updates if u["update_id"] >= offset]
    if not world.updates and timeout > 0:
        async with world.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    world.changed.wait_for(
                        lambda: (
                            bool(world.updates)
                            or world.closing
                            or world.poll_turn != turn
                            or world.webhook is not None
                        )
                    ),
                    timeout,
                )
        refuse_polling(world)
        if world.poll_turn != turn and not world.closing:
            world.stats["conflicts"] += 1
            raise ApiError(409, CONFLICT)
    return world.updates[:limit]


def _scope_key(params: JSON) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


async def set_my_commands(world: World, params: JSON, uploads: Any) -> bool:
    commands = params.get("commands")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be an array of at most 100 BotCommand")
    for command in commands:
        if (
            not isinstance(command, dict)
            or not str(command.get("command", ""))
            or not command.get("description")
        ):
            raise bad_request("BOT_COMMAND_INVALID")
    world.commands[_scope_key(params)] = [dict(c) for c in commands]
    return True


async def get_my_commands(world: World, params: JSON, uploads: Any) -> list[JSON]:
    return world.commands.get(_scope_key(params), [])


async def delete_my_commands(world: World, params: JSON, uploads: Any) -> bool:
    world.commands.pop(_scope_key(params), None)
    return True


async def send_message(world: World, params: JSON, uploads: Any) -> JSON:
    chat = world.chat(_int(params.get("chat_id")))
    text = world.render_text(
        str(params.get("text", "")), params.get("parse_mode"), TEXT_LIMIT, "message text"
    )
    markup = world.check_markup(params.get("reply_markup"))
    reply_to = world.reply_target(chat, params)
    message = world.bot_message(chat, text=text, reply_markup=markup, reply_to_message_id=reply_to)
    await world.notify()
    return world.message_json(message)


def _caption(world: World, params: JSON) -> str | None:
    caption = params.get("caption")
    if caption is None or caption == "":
        return None
    return world.render_text(
        str(caption), params.get("parse_mode"), CAPTION_LIMITS[world.mode], "message caption"
    )


def _upload(
    world: World, params: JSON, uploads: dict[str, tuple[str | None, str | None, bytes]], field: str
) -> StoredFile:
    if field in uploads:
        name, mime, content = uploads[field]
        return world.new_file(content, name, mime, "documents" if field == "document" else "photos")
    existing = world.files.get(str(params.get(field, "")))
    if existing is None:
        raise bad_request("wrong file identifier/HTTP URL specified")
    return existing


def _media(world: World, params: JSON) -> tuple[Chat, JSON]:
    """The chat a document or photo goes to, and the message fields both kinds share (checked)."""
    chat = world.chat(_int(params.get("chat_id")))
    shared = {
        "caption": _caption(world, params),
        "reply_markup": world.check_markup(params.get("reply_markup")),
        "reply_to_message_id": world.reply_target(chat, params),
    }
    return chat, shared


async def send_document(world: World, params: JSON, uploads: Any) -> JSON:
    chat, shared = _media(world, params)
    stored = _upload(world, params, uploads, "document")
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": stored.name or "document",
        "mime_type": stored.mime_type or "application/octet-stream",
        "file_size": len(stored.content),
    }
    message = world.bot_message(chat, document=document, **shared)
    await world.notify()
    return world.message_json(message)


def photo_sizes(file_id: str, unique_id: str, size: int) -> list[JSON]:
    return [
        {
            "file_id": f"{file_id}s",
            "file_unique_id": f"{unique_id}s",
            "width": 90,
            "height": 90,
            "file_size": size,
        },
        {"file_id": file_id, "file_unique_id": unique_id, "width": 800, "height": 800, "file_size": size},
    ]


async def send_photo(world: World, params: JSON, uploads: Any) -> JSON:
    chat = world.chat(_int(params.get("chat_id")))
    caption = _caption(world, params)
    markup = world.check_markup(params.get("reply_markup"))
    reply_to = world.reply_target(chat, params)
    stored = _upload(world, params, uploads, "photo")
    photo = photo_sizes(stored.file_id, stored.file_unique_id, len(stored.content))
    message = world.bot_message(
        chat, caption=caption, photo=photo, reply_markup=markup, reply_to_message_id=reply_to
    )
    await world.notify()
    return world.message_json(message)


def _same(message: Message, text: str | None, markup: JSON | None) -> bool:
    return (text is None or text == (message.text or message.caption)) and (markup or None) == (
        message.reply_markup or None
    )


def _edited(message: Message) -> None:
    message.edit_date = int(time.time())
    message.revision += 1


async def edit_message_text(world: World, params: JSON, uploads: Any) -> JSON:
    message = world.editable(params)
    text = world.render_text(
        str(params.get("text", "")), params.get("parse_mode"), TEXT_LIMIT, "message text"
    )
    markup = world.check_markup(params.get("reply_markup"))
    if _same(message, text, markup):
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    message.text, message.reply_markup = text, markup
    _edited(message)
    await world.notify()
    return world.message_json(message)


async def edit_message_reply_markup(world: World, params: JSON, uploads: Any) -> JSON:
    message = world.editable(params)
    markup = world.check_markup(params.get("reply_markup"))
    if _same(message, None, markup):
        raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
    message.reply_markup = markup
    _edited(message)
    await world.notify()
    return world.message_json(message)


async def answer_callback_query(world: World, params: JSON, uploads: Any) -> bool:
    state = world.callbacks.get(str(params.get("callback_query_id", "")))
    if state is None or state.answered:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    state.answered = True
    state.text = params.get("text") or None
    state.show_alert = str(params.get("show_alert", "false")).lower() in ("true", "1")
    await world.notify()
    return True


async def delete_message(world: World, params: JSON, uploads: Any) -> bool:
    chat = world.chat(_int(params.get("chat_id")))
    if chat.messages.pop(_int(params.get("message_id")), None) is None:
        raise bad_request("message to delete not found")
    await world.notify()
    return True


async def get_file(world: World, params: JSON, uploads: Any) -> JSON:
    stored = world.files.get(str(params.get("file_id", "")))
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.path,
    }


async def send_chat_action(world: World, params: JSON, uploads: Any) -> bool:
    world.chat(_int(params.get("chat_id")))
    return True


async def get_chat(world: World, params: JSON, uploads: Any) -> JSON:
    return world.chat_json(world.chat(_int(params.get("chat_id"))))


METHODS: dict[str, Method] = {
    "getme": get_me,
    "setwebhook": set_webhook,
    "deletewebhook": delete_webhook,
    "getwebhookinfo": get_webhook_info,
    "getupdates": get_updates,
    "setmycommands": set_my_commands,
    "getmycommands": get_my_commands,
    "deletemycommands": delete_my_commands,
    "sendmessage": send_message,
    "senddocument": send_document,
    "sendphoto": send_photo,
    "editmessagetext": edit_message_text,
    "editmessagereplymarkup": edit_message_reply_markup,
    "answercallbackquery": answer_callback_query,
    "deletemessage": delete_message,
    "getfile": get_file,
    "sendchataction": send_chat_action,
    "getchat": get_chat,
}
# Bale documents no command menu: these answer 404 in its mode.
NOT_ON_BALE = frozenset({"setmycommands", "getmycommands", "deletemycommands"})


def find_method(world: World, name: str) -> Method | None:
    key = name.lower()
    if world.mode == "bale" and key in NOT_ON_BALE:
        return None
    return METHODS.get(key)


def not_found() -> ApiError:
    return ApiError(404, "Not Found")
