"""The control side (``/control/``): play users, look at chats, inject faults, read statistics."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import random
import uuid
from typing import Any

from aiohttp import web

from simulator.bot_api import photo_sizes
from simulator.limits import FAULT_KINDS, Faults
from simulator.world import JSON, CallbackState, Chat, Message, World

MAX_WAIT_SECONDS = 60


class ControlError(Exception):
    """A malformed control request: answered 400 with this description."""


def _user(body: JSON) -> JSON:
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), int) or not user.get("first_name"):
        raise ControlError('"user" needs an integer "id" and a "first_name"')
    if user["id"] <= 0 or user["id"] == 123456:
        raise ControlError("a user id is a positive integer other than the bot's")
    return {
        key: user[key] for key in ("id", "first_name", "last_name", "username") if user.get(key) is not None
    }


def _content(body: JSON) -> bytes:
    try:
        return base64.b64decode(str(body.get("content_base64", "")), validate=True)
    except (binascii.Error, ValueError):
        raise ControlError('"content_base64" is not base64') from None


def _reply_to(chat: Chat, body: JSON) -> int | None:
    target = body.get("reply_to_message_id")
    if target is None:
        return None
    if not isinstance(target, int) or target not in chat.messages:
        raise ControlError("reply_to_message_id names no message in this chat")
    return target


async def _user_message(world: World, body: JSON, **content: Any) -> JSON:
    user = _user(body)
    chat_body = body.get("chat")
    if chat_body is not None and (
        not isinstance(chat_body, dict) or not isinstance(chat_body.get("id"), int)
    ):
        raise ControlError('"chat" needs an integer "id"')
    chat = world.user_chat(user, chat_body)
    message = world.add_user_message(user, chat, reply_to_message_id=_reply_to(chat, body), **content)
    update_id = world.queue_update("message", world.message_json(message))
    await world.notify()
    return {"message_id": message.message_id, "update_id": update_id}


async def post_message(world: World, body: JSON) -> JSON:
    text = body.get("text")
    if not isinstance(text, str) or not text:
        raise ControlError('"text" must be a non-empty string')
    return await _user_message(world, body, text=text, entities=world.command_entities(text))


async def post_document(world: World, body: JSON) -> JSON:
    name = body.get("file_name")
    if not isinstance(name, str) or not name:
        raise ControlError('"file_name" is needed')
    mime = str(body.get("mime_type") or "application/octet-stream")
    stored = world.new_file(_content(body), name, mime, "documents")
    document = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_name": name,
        "mime_type": mime,
        "file_size": len(stored.content),
    }
    return await _user_message(world, body, document=document, caption=body.get("caption") or None)


async def post_photo(world: World, body: JSON) -> JSON:
    stored = world.new_file(_content(body), None, "image/jpeg", "photos")
    photo = photo_sizes(stored.file_id, stored.file_unique_id, len(stored.content))
    return await _user_message(world, body, photo=photo, caption=body.get("caption") or None)


async def post_callback(world: World, body: JSON) -> JSON:
    """Press a button: only one shown on that bot message (unless "forge": a modified client)."""
    user = _user(body)
    data = body.get("data")
    if not isinstance(data, str) or not isinstance(body.get("message_id"), int):
        raise ControlError('"message_id" (integer) and "data" (string) are needed')
    chat_id = body.get("chat_id", user["id"])
    chat = world.chats.get(chat_id) if isinstance(chat_id, int) else None
    message = chat.messages.get(body["message_id"]) if chat else None
    if chat is None or message is None or not message.from_bot:
        raise ControlError("no such bot message in this chat")
    pressable = {b.get("callback_data") for row in message.buttons() for b in row}
    if not body.get("forge") and data not in pressable:
        raise ControlError("no button with this callback_data on that message")
    world.users[user["id"]] = {"is_bot": False, **user}
    query_id = uuid.uuid4().hex[:16]
    world.callbacks[query_id] = CallbackState(chat.id, message.message_id)
    update_id = world.queue_update(
        "callback_query",
        {
            "id": query_id,
            "from": world.users[user["id"]],
            "message": world.message_json(message),
            "chat_instance": str(chat.id),
            "data": data,
        },
    )
    await world.notify()
    return {"update_id": update_id, "callback_query_id": query_id, "message_id": message.message_id}


def message_view(message: Message) -> JSON:
    document = None
    if message.document is not None:
        document = {
            "file_name": message.document.get("file_name"),
            "size": message.document.get("file_size"),
            "mime_type": message.document.get("mime_type"),
            "file_id": message.document.get("file_id"),
        }
    photo = None
    if message.photo:
        largest = message.photo[-1]
        photo = {"file_id": largest["file_id"], "size": largest.get("file_size")}
    return {
        "message_id": message.message_id,
        "from_bot": message.from_bot,
        "sender_id": message.sender_id,
        "text": message.text if message.text is not None else (message.caption or ""),
        "buttons": [
            [
                {"text": b.get("text"), "callback_data": b.get("callback_data"), "url": b.get("url")}
                for b in row
            ]
            for row in message.buttons()
        ],
        "document": document,
        "photo": photo,
        "edited": message.edit_date is not None,
        "revision": message.revision,
        "reply_to_message_id": message.reply_to_message_id,
        "date": message.date,
    }


def _chat_state(world: World, chat_id: int) -> tuple[int, int]:
    chat = world.chats.get(chat_id)
    if chat is None:
        return (0, 0)
    return (chat.next_message_id, sum(m.revision for m in chat.messages.values()) - len(chat.messages))


async def get_messages(world: World, chat_id: int, after: int, wait: float) -> JSON:
    def newer() -> list[JSON]:
        chat = world.chats.get(chat_id)
        if chat is None:
            return []
        return [message_view(m) for m in chat.messages.values() if m.message_id > after]

    if wait > 0 and not newer():
        before = _chat_state(world, chat_id)
        async with world.changed:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    world.changed.wait_for(lambda: _chat_state(world, chat_id) != before or world.closing),
                    min(wait, MAX_WAIT_SECONDS),
                )
    return {"messages": newer()}


def get_callback(world: World, query_id: str) -> JSON:
    state = world.callbacks.get(query_id)
    if state is None:
        raise ControlError("no such callback query")
    return {"answered": state.answered, "text": state.text, "show_alert": state.show_alert}


def post_block(world: World, body: JSON) -> JSON:
    user_id = body.get("user_id")
    if not isinstance(user_id, int):
        raise ControlError('"user_id" must be an integer')
    if body.get("blocked", True):
        world.blocked.add(user_id)
    else:
        world.blocked.discard(user_id)
    return {"ok": True}


def post_faults(world: World, body: JSON) -> JSON:
    rate = body.get("rate", 0)
    kinds = body.get("kinds", ["5xx", "timeout", "429", "drop"])
    methods = body.get("methods")
    if not isinstance(rate, int | float) or not 0 <= rate <= 1:
        raise ControlError('"rate" is a number from 0 to 1')
    if not isinstance(kinds, list) or not kinds or any(k not in FAULT_KINDS for k in kinds):
        raise ControlError(f'"kinds" is a non-empty list of {", ".join(FAULT_KINDS)}')
    if methods is not None and (
        not isinstance(methods, list) or not all(isinstance(m, str) for m in methods)
    ):
        raise ControlError('"methods" is a list of method names')
    delay = body.get("delay_seconds", 6.0)
    if not isinstance(delay, int | float) or not 0 <= delay <= 120:
        raise ControlError('"delay_seconds" is a number from 0 to 120')
    seed = body.get("seed")
    world.faults = Faults(
        rate=float(rate),
        kinds=[str(k) for k in kinds],
        methods=frozenset(m.lower() for m in methods) if methods is not None else None,
        delay_seconds=float(delay),
        random=random.Random(seed),
        counts=world.faults.counts,
    )
    return {"ok": True}


def get_stats(world: World) -> JSON:
    return {
        **world.stats,
        "faults": dict(world.faults.counts),
        "pending_updates": len(world.updates),
        "mode": world.mode,
        "limits": world.limits_on,
    }


def get_commands(world: World) -> JSON:
    return {
        "commands": [
            {"scope": json.loads(scope), "language_code": language, "commands": commands}
            for (scope, language), commands in world.commands.items()
        ]
    }


async def post_reset(world: World, body: JSON) -> JSON:
    mode = body.get("mode", world.mode)
    limits = body.get("limits", world.limits_on)
    if mode not in ("telegram", "bale") or not isinstance(limits, bool):
        raise ControlError('"mode" is telegram or bale; "limits" is true or false')
    world.reset(mode=mode, limits=limits)
    await world.notify()
    return {"ok": True}


def routes(world: World) -> list[web.RouteDef]:
    """The control API as aiohttp routes; bad requests become 400 with a description."""

    def answer(result: JSON) -> web.Response:
        return web.json_response(result, dumps=_dumps)

    async def body_of(request: web.Request) -> JSON:
        try:
            body = await request.json()
        except ValueError:
            raise ControlError("the body must be a JSON object") from None
        if not isinstance(body, dict):
            raise ControlError("the body must be a JSON object")
        return body

    def guarded(handler: Any) -> Any:
        async def run(request: web.Request) -> web.Response:
            try:
                return answer(await handler(request))
            except ControlError as exc:
                return web.json_response({"ok": False, "description": str(exc)}, status=400, dumps=_dumps)

        return run

    async def message(request: web.Request) -> JSON:
        return await post_message(world, await body_of(request))

    async def document(request: web.Request) -> JSON:
        return await post_document(world, await body_of(request))

    async def photo(request: web.Request) -> JSON:
        return await post_photo(world, await body_of(request))

    async def callback(request: web.Request) -> JSON:
        return await post_callback(world, await body_of(request))

    async def messages(request: web.Request) -> JSON:
        try:
            chat_id = int(request.match_info["chat_id"])
            after = int(request.query.get("after", "0"))
            wait = float(request.query.get("wait", "0"))
        except ValueError:
            raise ControlError("chat_id and after are integers, wait a number") from None
        return await get_messages(world, chat_id, after, wait)

    async def callback_state(request: web.Request) -> JSON:
        return get_callback(world, request.match_info["query_id"])

    async def block(request: web.Request) -> JSON:
        return post_block(world, await body_of(request))

    async def faults(request: web.Request) -> JSON:
        return post_faults(world, await body_of(request))

    async def stats(request: web.Request) -> JSON:
        return get_stats(world)

    async def commands(request: web.Request) -> JSON:
        return get_commands(world)

    async def reset(request: web.Request) -> JSON:
        body = await body_of(request) if request.can_read_body else {}
        return await post_reset(world, body)

    return [
        web.post("/control/message", guarded(message)),
        web.post("/control/document", guarded(document)),
        web.post("/control/photo", guarded(photo)),
        web.post("/control/callback", guarded(callback)),
        web.get("/control/chats/{chat_id}/messages", guarded(messages)),
        web.get("/control/callbacks/{query_id}", guarded(callback_state)),
        web.post("/control/block", guarded(block)),
        web.post("/control/faults", guarded(faults)),
        web.get("/control/stats", guarded(stats)),
        web.get("/control/commands", guarded(commands)),
        web.post("/control/reset", guarded(reset)),
    ]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
