"""A Python client of the simulator's control API, for tests, the demo and benchmarks."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp

from simulator.world import Mode

JSON = dict[str, Any]


@dataclass(frozen=True)
class SimUser:
    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None

    def to_json(self) -> JSON:
        body: JSON = {"id": self.id, "first_name": self.first_name}
        if self.username:
            body["username"] = self.username
        if self.last_name:
            body["last_name"] = self.last_name
        return body


@dataclass(frozen=True)
class SimButton:
    text: str
    callback_data: str | None
    url: str | None = None


@dataclass(frozen=True)
class SimMessage:
    message_id: int
    chat_id: int
    from_bot: bool
    sender_id: int
    text: str
    buttons: tuple[tuple[SimButton, ...], ...]
    document: JSON | None
    photo: JSON | None
    edited: bool
    revision: int
    reply_to_message_id: int | None
    date: int

    @classmethod
    def from_json(cls, chat_id: int, body: JSON) -> SimMessage:
        return cls(
            message_id=int(body["message_id"]),
            chat_id=chat_id,
            from_bot=bool(body["from_bot"]),
            sender_id=int(body["sender_id"]),
            text=str(body.get("text") or ""),
            buttons=tuple(
                tuple(SimButton(str(b["text"]), b.get("callback_data"), b.get("url")) for b in row)
                for row in body.get("buttons") or []
            ),
            document=body.get("document"),
            photo=body.get("photo"),
            edited=bool(body.get("edited")),
            revision=int(body.get("revision", 0)),
            reply_to_message_id=body.get("reply_to_message_id"),
            date=int(body.get("date", 0)),
        )

    def button_texts(self) -> list[str]:
        return [button.text for row in self.buttons for button in row]

    def find_button(self, text_part: str) -> SimButton:
        for row in self.buttons:
            for button in row:
                if text_part in button.text:
                    return button
        raise LookupError(f"no button with {text_part!r} among {self.button_texts()}")


@dataclass(frozen=True)
class Sent:
    message_id: int
    update_id: int
    callback_query_id: str | None = None


class SimulatorError(Exception):
    """A control call was answered with an error status."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(f"{status}: {description}")
        self.status = status
        self.description = description


class SimulatorClient:
    def __init__(self, base_url: str, *, session: aiohttp.ClientSession | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._session = session
        self._own_session = session is None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._own_session and self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> SimulatorClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        await self.close()

    async def _call(self, method: str, path: str, body: JSON | None = None, **query: Any) -> JSON:
        params = {k: str(v) for k, v in query.items() if v is not None}
        async with self.session.request(
            method, f"{self.base_url}{path}", json=body, params=params
        ) as response:
            result = await response.json(content_type=None)
            if response.status >= 400:
                raise SimulatorError(response.status, str(result.get("description", result)))
            return dict(result)

    async def send_message(
        self,
        user: SimUser,
        text: str,
        *,
        reply_to_message_id: int | None = None,
        chat: JSON | None = None,
    ) -> Sent:
        body: JSON = {"user": user.to_json(), "text": text}
        if reply_to_message_id is not None:
            body["reply_to_message_id"] = reply_to_message_id
        if chat is not None:
            body["chat"] = chat
        result = await self._call("POST", "/control/message", body)
        return Sent(result["message_id"], result["update_id"])

    async def send_document(
        self,
        user: SimUser,
        file_name: str,
        content: bytes,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> Sent:
        body: JSON = {
            "user": user.to_json(),
            "file_name": file_name,
            "mime_type": mime_type,
            "content_base64": base64.b64encode(content).decode(),
        }
        if caption is not None:
            body["caption"] = caption
        if reply_to_message_id is not None:
            body["reply_to_message_id"] = reply_to_message_id
        result = await self._call("POST", "/control/document", body)
        return Sent(result["message_id"], result["update_id"])

    async def send_photo(
        self,
        user: SimUser,
        content: bytes,
        *,
        caption: str | None = None,
        reply_to_message_id: int | None = None,
    ) -> Sent:
        body: JSON = {"user": user.to_json(), "content_base64": base64.b64encode(content).decode()}
        if caption is not None:
            body["caption"] = caption
        if reply_to_message_id is not None:
            body["reply_to_message_id"] = reply_to_message_id
        result = await self._call("POST", "/control/photo", body)
        return Sent(result["message_id"], result["update_id"])

    async def press(
        self, user: SimUser, message_id: int, data: str, *, chat_id: int | None = None, forge: bool = False
    ) -> Sent:
        """Press a button shown on a bot message; `forge` sends data no button has (a modified client)."""
        body: JSON = {"user": user.to_json(), "message_id": message_id, "data": data}
        if chat_id is not None:
            body["chat_id"] = chat_id
        if forge:
            body["forge"] = True
        result = await self._call("POST", "/control/callback", body)
        return Sent(result["message_id"], result["update_id"], result["callback_query_id"])

    async def messages(self, chat_id: int, *, after: int = 0, wait: float = 0) -> list[SimMessage]:
        result = await self._call("GET", f"/control/chats/{chat_id}/messages", after=after, wait=wait or None)
        return [SimMessage.from_json(chat_id, m) for m in result["messages"]]

    async def wait_for_bot_messages(
        self,
        chat_id: int,
        *,
        after: int,
        count: int = 1,
        timeout: float = 10.0,  # noqa: ASYNC109 (a deadline for polling the simulator)
    ) -> list[SimMessage]:
        """The bot's messages in the chat after message `after`, once at least `count` have arrived."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        found: list[SimMessage] = []
        while True:
            messages = await self.messages(chat_id, after=after)
            found = [m for m in messages if m.from_bot]
            if len(found) >= count:
                # A moment more, for the rest of a burst (a long answer comes in several messages).
                await asyncio.sleep(0.05)
                return [m for m in await self.messages(chat_id, after=after) if m.from_bot]
            left = deadline - loop.time()
            if left <= 0:
                raise TimeoutError(
                    f"{len(found)} of {count} bot messages in chat {chat_id}: {[m.text for m in found]}"
                )
            await self.messages(
                chat_id, after=max([after, *(m.message_id for m in messages)]), wait=min(left, 2.0)
            )

    async def wait_for_edit(
        self,
        chat_id: int,
        message_id: int,
        *,
        revision_above: int,
        timeout: float = 10.0,  # noqa: ASYNC109
    ) -> SimMessage:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            for message in await self.messages(chat_id, after=message_id - 1):
                if message.message_id == message_id and message.revision > revision_above:
                    return message
            await asyncio.sleep(0.03)
        raise TimeoutError(f"message {message_id} in chat {chat_id} was not edited")

    async def callback_answer(self, callback_query_id: str, *, timeout: float = 10.0) -> JSON:  # noqa: ASYNC109
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            state = await self._call("GET", f"/control/callbacks/{callback_query_id}")
            if state["answered"] or loop.time() >= deadline:
                if not state["answered"]:
                    raise TimeoutError(f"callback query {callback_query_id} was not answered")
                return state
            await asyncio.sleep(0.03)

    async def block(self, user_id: int, blocked: bool = True) -> None:
        await self._call("POST", "/control/block", {"user_id": user_id, "blocked": blocked})

    async def set_faults(
        self,
        rate: float,
        kinds: Sequence[str] = ("5xx", "timeout", "429", "drop"),
        *,
        methods: Sequence[str] | None = None,
        seed: int | None = None,
        delay_seconds: float = 6.0,
    ) -> None:
        body: JSON = {"rate": rate, "kinds": list(kinds), "delay_seconds": delay_seconds}
        if methods is not None:
            body["methods"] = list(methods)
        if seed is not None:
            body["seed"] = seed
        await self._call("POST", "/control/faults", body)

    async def stats(self) -> JSON:
        return await self._call("GET", "/control/stats")

    async def commands(self) -> list[JSON]:
        return list((await self._call("GET", "/control/commands"))["commands"])

    async def reset(self, *, mode: Mode | None = None, limits: bool | None = None) -> None:
        body: JSON = {}
        if mode is not None:
            body["mode"] = mode
        if limits is not None:
            body["limits"] = limits
        await self._call("POST", "/control/reset", body)

    async def download(self, file_id: str, token: str | None = None) -> bytes:
        """The file's bytes, fetched as a bot would: getFile, then the file URL."""
        from simulator.world import SIMULATOR_TOKEN

        token = token or SIMULATOR_TOKEN
        async with self.session.get(
            f"{self.base_url}/bot{token}/getFile", params={"file_id": file_id}
        ) as response:
            body = await response.json(content_type=None)
            if not body.get("ok"):
                raise SimulatorError(response.status, str(body.get("description")))
            path = body["result"]["file_path"]
        async with self.session.get(f"{self.base_url}/file/bot{token}/{path}") as response:
            if response.status != 200:
                raise SimulatorError(response.status, "file not found")
            return await response.read()
