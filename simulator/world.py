"""What the simulated platform knows: users, chats, their messages, pending updates, files, buttons.

In memory on purpose: this stands in for Telegram's servers in tests and the demo; it is not product
state. Every change wakes the long polls (``changed``).
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from simulator.html import ParseError, strip_html
from simulator.limits import Faults, LimitRules, RateLimits

Mode = Literal["telegram", "bale"]
JSON = dict[str, Any]

BOT_ID = 123456
SIMULATOR_TOKEN = f"{BOT_ID}:SIMULATOR-TOKEN"
BOT_USERNAME = "PeygirBot"
TEXT_LIMIT = 4096
CAPTION_LIMITS = {"telegram": 1024, "bale": 200}
OVERALL_LIMITS = {"telegram": 30, "bale": 20}
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An answer other than ok: the status, Telegram's description and, for 429, retry_after."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    path: str
    content: bytes
    name: str | None
    mime_type: str | None


@dataclass
class Message:
    message_id: int
    chat_id: int
    from_bot: bool
    sender_id: int
    date: int
    text: str | None = None
    caption: str | None = None
    entities: list[JSON] | None = None
    reply_markup: JSON | None = None
    reply_to_message_id: int | None = None
    document: JSON | None = None
    photo: list[JSON] | None = None
    edit_date: int | None = None
    revision: int = 0

    def buttons(self) -> list[list[JSON]]:
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [[dict(b) for b in row] for row in rows]


@dataclass
class Chat:
    id: int
    type: str
    title: str | None = None
    messages: dict[int, Message] = field(default_factory=dict)
    next_message_id: int = 1

    def take_message_id(self) -> int:
        self.next_message_id += 1
        return self.next_message_id - 1


@dataclass
class CallbackState:
    chat_id: int
    message_id: int
    answered: bool = False
    text: str | None = None
    show_alert: bool = False


class World:
    def __init__(
        self, *, mode: Mode, limits: bool, bot_username: str, monotonic: Callable[[], float]
    ) -> None:
        self.bot_username = bot_username
        self.monotonic = monotonic
        self.changed = asyncio.Condition()
        # Set when the server stops: long polls answer at once instead of holding the shutdown.
        self.closing = False
        # Counts getUpdates calls: a long poll that sees it move was overtaken by another call (409).
        self.poll_turn = 0
        self.reset(mode=mode, limits=limits)

    def reset(self, *, mode: Mode, limits: bool) -> None:
        self.mode: Mode = mode
        self.limits_on = limits
        self.limits = RateLimits(LimitRules(OVERALL_LIMITS[mode]))
        self.faults = Faults()
        self.users: dict[int, JSON] = {}
        self.chats: dict[int, Chat] = {}
        self.updates: list[JSON] = []
        self.next_update_id = 1
        self.files: dict[str, StoredFile] = {}
        self.callbacks: dict[str, CallbackState] = {}
        self.blocked: set[int] = set()
        self.commands: dict[tuple[str, str], list[JSON]] = {}
        # The webhook set with setWebhook (simulator.webhook.Webhook), None while the bot polls.
        self.webhook: object | None = None
        self.started = self.monotonic()
        self.stats: JSON = {
            "requests": {},
            "messages_sent": 0,
            "rate_limited": 0,
            "rate_limited_at": [],
            "per_chat_sent": {},
            "conflicts": 0,
            "webhook_delivered": 0,
            "webhook_failed": 0,
        }
        self._ids = itertools.count(1)

    # --- shared -------------------------------------------------------------------------------------

    def bot_user(self) -> JSON:
        return {"id": BOT_ID, "is_bot": True, "first_name": "پیگیر", "username": self.bot_username}

    def me(self) -> JSON:
        return {
            **self.bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def chat_json(self, chat: Chat) -> JSON:
        if chat.type == "private":
            user = self.users.get(chat.id, {})
            return {"id": chat.id, "type": "private", "first_name": user.get("first_name", "")}
        return {"id": chat.id, "type": chat.type, "title": chat.title or ""}

    def message_json(self, message: Message, nested: bool = True) -> JSON:
        chat = self.chats[message.chat_id]
        sender = self.bot_user() if message.from_bot else self.users[message.sender_id]
        body: JSON = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": self.chat_json(chat),
            "from": sender,
        }
        for key in ("text", "caption", "entities", "reply_markup", "document", "photo", "edit_date"):
            value = getattr(message, key)
            if value is not None:
                body[key] = value
        if nested and message.reply_to_message_id is not None:
            replied = chat.messages.get(message.reply_to_message_id)
            if replied is not None:
                body["reply_to_message"] = self.message_json(replied, nested=False)
        return body

    async def notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def new_file(self, content: bytes, name: str | None, mime_type: str | None, folder: str) -> StoredFile:
        number = next(self._ids)
        digest = hashlib.sha256(content).hexdigest()[:16]
        stored = StoredFile(
            file_id=f"F{number:06d}{digest}",
            file_unique_id=f"U{digest}",
            path=f"{folder}/file_{number}{_suffix(name)}",
            content=content,
            name=name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def chat(self, chat_id: int) -> Chat:
        chat = self.chats.get(chat_id)
        if chat is None:
            raise bad_request("chat not found")
        return chat

    # --- the user side (control) ------------------------------------------------------------------

    def user_chat(self, user: JSON, chat: JSON | None) -> Chat:
        self.users[int(user["id"])] = {"is_bot": False, **user}
        chat_id = int(chat["id"]) if chat else int(user["id"])
        if chat_id not in self.chats:
            kind = str(chat.get("type", "group")) if chat else "private"
            self.chats[chat_id] = Chat(chat_id, kind, str(chat.get("title", "")) if chat else None)
        return self.chats[chat_id]

    def add_user_message(self, user: JSON, chat: Chat, **content: Any) -> Message:
        message = Message(
            chat.take_message_id(), chat.id, False, int(user["id"]), int(time.time()), **content
        )
        chat.messages[message.message_id] = message
        return message

    def queue_update(self, kind: str, payload: JSON) -> int:
        update_id = self.next_update_id
        self.next_update_id += 1
        self.updates.append({"update_id": update_id, kind: payload})
        return update_id

    def command_entities(self, text: str) -> list[JSON] | None:
        """Telegram marks a leading command; Bale may not (the point of its mode)."""
        if self.mode == "bale" or not text.startswith("/"):
            return None
        word = text.split()[0]
        return [{"type": "bot_command", "offset": 0, "length": len(word.encode("utf-16-le")) // 2}]

    # --- the bot side -------------------------------------------------------------------------------

    def check_limits(self, chat_id: int) -> None:
        if not self.limits_on:
            return
        wait = self.limits.retry_after(chat_id, self.monotonic())
        if wait is None:
            return
        self.stats["rate_limited"] += 1
        if len(self.stats["rate_limited_at"]) < 1000:
            self.stats["rate_limited_at"].append(round(self.monotonic() - self.started, 3))
        if self.mode == "bale":
            raise ApiError(429, "Too Many Requests: bot limit exceed")
        raise ApiError(429, f"Too Many Requests: retry after {wait}", retry_after=wait)

    def bot_message(self, chat: Chat, **content: Any) -> Message:
        """Store a message the bot sends (after every check passed) and count it for the limits."""
        if chat.type == "private" and chat.id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        self.check_limits(chat.id)
        if self.limits_on:
            self.limits.record(chat.id, self.monotonic())
        message = Message(chat.take_message_id(), chat.id, True, BOT_ID, int(time.time()), **content)
        chat.messages[message.message_id] = message
        self.stats["messages_sent"] += 1
        per_chat = self.stats["per_chat_sent"]
        per_chat[str(chat.id)] = per_chat.get(str(chat.id), 0) + 1
        return message

    def render_text(self, text: str, parse_mode: str | None, limit: int, what: str) -> str:
        if parse_mode and parse_mode.upper() == "HTML" and self.mode == "telegram":
            try:
                text = strip_html(text)
            except ParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        if not text.strip():
            raise bad_request(f"{what} is empty")
        if len(text.encode("utf-16-le")) // 2 > limit:
            raise bad_request(
                "message is too long" if what == "message text" else "message caption is too long"
            )
        return text

    def check_markup(self, markup: JSON | None) -> JSON | None:
        if markup is None:
            return None
        rows = markup.get("inline_keyboard")
        if not isinstance(rows, list):
            raise bad_request("unsupported reply markup")
        for row in rows:
            if not isinstance(row, list):
                raise bad_request(
                    'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
                )
            for button in row:
                if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                    raise bad_request("BUTTON_TEXT_INVALID")
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise bad_request("BUTTON_DATA_INVALID")
                if data is None and not button.get("url"):
                    raise bad_request("BUTTON_TYPE_INVALID")
        return markup

    def reply_target(self, chat: Chat, params: JSON) -> int | None:
        target: int | None = None
        reply_parameters = params.get("reply_parameters")
        if (
            self.mode == "telegram"
            and isinstance(reply_parameters, dict)
            and "message_id" in reply_parameters
        ):
            target = int(reply_parameters["message_id"])
        elif params.get("reply_to_message_id") is not None:
            target = int(params["reply_to_message_id"])
        if target is not None and target not in chat.messages:
            raise bad_request("message to be replied not found")
        return target

    def editable(self, params: JSON) -> Message:
        chat = self.chat(_int(params.get("chat_id")))
        message = chat.messages.get(_int(params.get("message_id")))
        if message is None or not message.from_bot:
            raise bad_request("message to edit not found")
        return message


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise bad_request("invalid integer value") from None


def _suffix(name: str | None) -> str:
    if name and "." in name:
        return "." + name.rsplit(".", 1)[1][:8]
    return ""
