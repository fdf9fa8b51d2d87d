"""How the bot talks to the Bot API: the HTTP request class, the rate limiter and the bot object.

Each piece adapts python-telegram-bot to a :class:`~bot.platforms.PlatformProfile`:
- :class:`PlatformRequest` turns Bale's "slow down" answers (status 440, "bot limit exceed") into the
  429 + ``retry_after`` that python-telegram-bot raises as ``RetryAfter``, so they are retried;
- :class:`PlatformRateLimiter` keeps the overall, group and per-chat limits of the platform;
- :class:`PlatformBot` also sends ``reply_to_message_id`` where the platform only documents that field;
- :func:`sending_request` is the request object with the profile's send timeouts;
- :func:`may_have_arrived` tells a failed call that may still have taken effect from one that did not.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram import ReplyParameters
from telegram._utils.defaultvalue import DEFAULT_NONE
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest, RequestData

from bot.pacing import PriorityPacer
from bot.platforms import PlatformProfile

# Methods that deliver a message to a chat: the ones the per-chat limit counts.
SENDING_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"})
# Sending this much slower than the platform's overall limit keeps network jitter from tripping it.
OVERALL_SLACK = 1.03
# Seconds to wait when the platform asks to slow down without saying for how long.
DEFAULT_RETRY_AFTER = 2


class PlatformRequest(HTTPXRequest):
    """HTTPXRequest that understands the platform's rate-limit answers."""

    def __init__(self, profile: PlatformProfile, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._profile = profile

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        code, payload = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        return as_retry_after(self._profile, code, payload)


def sending_request(
    profile: PlatformProfile, *, proxy: str | None = None, connection_pool_size: int = 32
) -> PlatformRequest:
    """The request object for every call but getUpdates, waiting as long as the profile says."""
    return PlatformRequest(
        profile,
        connection_pool_size=connection_pool_size,
        proxy=proxy,
        read_timeout=profile.send_read_timeout,
        write_timeout=profile.send_write_timeout,
        connect_timeout=profile.send_connect_timeout,
        pool_timeout=profile.send_pool_timeout,
    )


# The request went out whole and the connection failed while its answer was awaited.
_ANSWER_LOST = (httpx.ReadTimeout, httpx.ReadError, httpx.RemoteProtocolError)


def retry_wait(error: RetryAfter) -> timedelta:
    """How long the platform asked to wait (python-telegram-bot gives seconds or a timedelta)."""
    wait = error.retry_after
    return wait if isinstance(wait, timedelta) else timedelta(seconds=wait)


def may_have_arrived(error: BaseException) -> bool:
    """Whether a failed call may still have reached the platform and taken effect: its answer was lost
    (a read timeout, a connection closed while waiting), not refused. A pool or connect timeout, an
    unfinished upload or an error answer did not take effect."""
    return isinstance(error, (TimedOut, NetworkError)) and isinstance(error.__cause__, _ANSWER_LOST)


def as_retry_after(profile: PlatformProfile, code: int, payload: bytes) -> tuple[int, bytes]:
    """A "slow down" answer without ``retry_after`` becomes a 429 that carries one; others pass."""
    if code < 400:
        return code, payload
    try:
        body = json.loads(payload)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        body = {}
    description = str(body.get("description", "")).lower()
    slow_down = code in profile.rate_limit_statuses or any(
        phrase in description for phrase in profile.rate_limit_phrases
    )
    found = body.get("parameters")
    parameters: dict[str, Any] = found if isinstance(found, dict) else {}
    if not slow_down or (code == 429 and parameters.get("retry_after")):
        return code, payload
    body = {
        "ok": False,
        "error_code": 429,
        "description": body.get("description") or "Too Many Requests",
        "parameters": {**parameters, "retry_after": DEFAULT_RETRY_AFTER},
    }
    return 429, json.dumps(body).encode()


class PlatformRateLimiter(AIORateLimiter):
    """PTB's limiter (per group, and its retries of a 429) with the overall pace of ``bot.pacing`` (an
    answer to a person goes ahead of the outbox's bulk), plus a pace per private chat, as the platform
    asks."""

    MAX_CHAT_LIMITERS = 1024

    def __init__(self, profile: PlatformProfile, max_retries: int = 3) -> None:
        # Evenly spaced, not in bursts: PTB's leaky bucket would let 30 go at once and the next one early,
        # which a platform counting any one-second window answers with 429. A little under the limit.
        super().__init__(
            overall_max_rate=1,
            overall_time_period=OVERALL_SLACK / profile.overall_per_second,
            group_max_rate=profile.group_per_minute,
            group_time_period=60,
            max_retries=max_retries,
        )
        # The overall pace with two lanes, in place of PTB's single queue (the same even spacing).
        self.pacer = PriorityPacer(OVERALL_SLACK / profile.overall_per_second)
        self._base_limiter = self.pacer  # type: ignore[assignment]
        self._seconds_per_chat = profile.seconds_per_chat
        self._chat_limiters: dict[int, AsyncLimiter] = {}

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chat_limiters.get(chat_id)
        if limiter is None:
            if len(self._chat_limiters) >= self.MAX_CHAT_LIMITERS:
                # Forget chats whose bucket is empty again (nothing sent to them lately).
                for key, old in list(self._chat_limiters.items()):
                    if old.has_capacity(1):
                        del self._chat_limiters[key]
            # A little slack over the platform's second keeps network jitter from tripping its limit.
            limiter = AsyncLimiter(1, self._seconds_per_chat * 1.1)
            self._chat_limiters[chat_id] = limiter
        return limiter

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id = data.get("chat_id")
        if (
            endpoint in SENDING_METHODS
            and isinstance(chat_id, int)
            and chat_id > 0
            and self._seconds_per_chat
        ):
            limiter = self._chat_limiter(chat_id)
            inner = callback

            async def paced(*a: Any, **kw: Any) -> bool | JSONDict | list[JSONDict]:
                async with limiter:
                    return await inner(*a, **kw)

            callback = paced
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


class PlatformBot(ExtBot[Any]):
    """ExtBot that adds the old reply field where the platform documents only that one."""

    def __init__(self, profile: PlatformProfile, token: str, **kwargs: Any) -> None:
        super().__init__(token, base_url=profile.api_base_url, base_file_url=profile.file_base_url, **kwargs)
        self._platform = profile

    @property
    def platform(self) -> PlatformProfile:
        return self._platform

    async def _do_post(
        self,
        endpoint: str,
        data: JSONDict,
        *,
        read_timeout: ODVInput[float] = DEFAULT_NONE,
        write_timeout: ODVInput[float] = DEFAULT_NONE,
        connect_timeout: ODVInput[float] = DEFAULT_NONE,
        pool_timeout: ODVInput[float] = DEFAULT_NONE,
    ) -> bool | JSONDict | list[JSONDict]:
        reply = data.get("reply_parameters")
        if self._platform.mirror_reply_field and isinstance(reply, ReplyParameters):
            data = {**data, "reply_to_message_id": reply.message_id}
        return await super()._do_post(
            endpoint,
            data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )


class RedactingFormatter(logging.Formatter):
    """Formats records with the bot token (and any other secret given, such as the webhook's) replaced:
    in URLs and parameters that libraries log, tracebacks, anything."""

    def __init__(self, token: str, fmt: str | None = None, *secrets: str) -> None:
        super().__init__(fmt)
        self._secrets = [secret for secret in (token, *secrets) if secret]

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "<token>")
        return text


class JsonFormatter(RedactingFormatter):
    """One JSON object a line (``PEYGIR_LOG_FORMAT=json``): at, level, logger, message, and the traceback
    when there is one; secrets replaced as in the text format."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "at": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return self.redact(json.dumps(entry, ensure_ascii=False))


def configure_logging(
    level: str, token: str, stream: Any = None, *secrets: str, json_lines: bool = False
) -> None:
    """Log to stderr at `level` (as JSON lines with `json_lines`), never showing the token or the
    `secrets`. Nothing a second while idle: httpx's per-request lines and the scheduler's per-run lines
    only in DEBUG."""
    handler = logging.StreamHandler(stream)
    text_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    formatter = (
        JsonFormatter(token, None, *secrets)
        if json_lines
        else RedactingFormatter(token, text_format, *secrets)
    )
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    debug = level == "DEBUG"
    logging.getLogger("httpx").setLevel(logging.DEBUG if debug else logging.WARNING)
    # The scheduler says so each time a drain is still running at the next tick (a long fan-out): normal.
    logging.getLogger("apscheduler").setLevel(logging.DEBUG if debug else logging.ERROR)
