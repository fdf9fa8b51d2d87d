"""Telegram and Bale: what differs between the two platforms the bot runs on (docs/platforms.md).

One codebase serves both; everything that differs is a field of :class:`PlatformProfile`, chosen by
``PEYGIR_PLATFORM`` and adjusted by the URL overrides.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Literal

from bot.config import Settings

PlatformName = Literal["telegram", "bale"]

# A deep-link payload: at most 64 characters of A-Za-z0-9_- (Telegram's rule; Bale follows it).
DEEP_LINK_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


@dataclass(frozen=True)
class PlatformProfile:
    name: PlatformName
    api_base_url: str  # the Bot API, up to and including "/bot"
    file_base_url: str  # file downloads, up to and including "/file/bot"
    deep_link_base: str  # the public link to a bot, followed by its username
    # Telegram renders HTML; Bale documents no parse_mode, so texts go as plain text there.
    html: bool
    # Bale documents replies only through the old `reply_to_message_id` field; PTB sends
    # `reply_parameters`, so the bot sends both.
    mirror_reply_field: bool
    # setMyCommands is undocumented on Bale: not called there (its failure is ignored anyway).
    set_commands: bool
    # getUpdates: long polling (timeout seconds) on Telegram; Bale documents only offset/limit.
    poll_timeout: int
    # Telegram sends setWebhook's secret token back in a header with every delivery; Bale documents no
    # secret token (the path's secret is all there is).
    webhook_secret_header: bool
    poll_interval: float
    # Rate limits the bot keeps to: messages a second overall, seconds between two messages to one
    # private chat, messages a minute to one group.
    overall_per_second: float
    seconds_per_chat: float
    group_per_minute: float
    text_limit: int
    caption_limit: int
    # Error descriptions that mean "slow down" although the platform does not say so with a 429.
    rate_limit_phrases: tuple[str, ...] = ()
    rate_limit_statuses: tuple[int, ...] = (429,)
    # Sending a message, in seconds: waiting for a free connection, connecting, writing the request, and
    # waiting for the answer. A send whose answer does not come in time may still have been delivered,
    # and it is sent again: the answer's wait is long enough for a platform that is only slow, not the
    # library's 5 s. After such an unconfirmed attempt the next one waits `resend_read_timeout`, so a slow
    # spell does not turn one message into several.
    send_pool_timeout: float = 5.0
    send_connect_timeout: float = 10.0
    send_write_timeout: float = 20.0
    send_read_timeout: float = 30.0
    resend_read_timeout: float = 60.0

    @property
    def longest_send(self) -> float:
        """Seconds one send can take at most on the network, its answer waited for as long as any."""
        return (
            self.send_pool_timeout
            + self.send_connect_timeout
            + self.send_write_timeout
            + max(self.send_read_timeout, self.resend_read_timeout)
        )

    def deep_link(self, bot_username: str, token: str) -> str:
        """The link that opens the bot with `/start <token>`."""
        if not DEEP_LINK_PAYLOAD.fullmatch(token):
            raise ValueError("a deep-link payload is 1-64 characters of A-Za-z0-9_-")
        return f"{self.deep_link_base}{bot_username}?start={token}"


TELEGRAM = PlatformProfile(
    name="telegram",
    api_base_url="https://api.telegram.org/bot",
    file_base_url="https://api.telegram.org/file/bot",
    deep_link_base="https://t.me/",
    html=True,
    mirror_reply_field=False,
    set_commands=True,
    poll_timeout=25,
    webhook_secret_header=True,
    poll_interval=0.0,
    overall_per_second=30,
    seconds_per_chat=1.0,
    group_per_minute=20,
    text_limit=4096,
    caption_limit=1024,
)

BALE = PlatformProfile(
    name="bale",
    api_base_url="https://tapi.bale.ai/bot",
    file_base_url="https://tapi.bale.ai/file/bot",
    deep_link_base="https://ble.ir/",
    html=False,
    mirror_reply_field=True,
    set_commands=False,
    poll_timeout=0,
    webhook_secret_header=False,
    poll_interval=2.0,
    # Undocumented on Bale: the guide's defaults.
    overall_per_second=20,
    seconds_per_chat=1.0,
    group_per_minute=20,
    text_limit=4096,
    caption_limit=200,
    rate_limit_phrases=("bot limit exceed",),
    rate_limit_statuses=(429, 440),
    # Bale's servers answer more slowly than Telegram's, and its network is less steady.
    send_read_timeout=45.0,
    resend_read_timeout=90.0,
)

PROFILES: dict[str, PlatformProfile] = {"telegram": TELEGRAM, "bale": BALE}


def profile_for(settings: Settings) -> PlatformProfile:
    """The configured platform, with the URL and polling overrides applied."""
    profile = PROFILES[settings.platform]
    changes: dict[str, object] = {}
    if settings.bot_api_base_url:
        changes["api_base_url"] = settings.bot_api_base_url
    if settings.bot_api_file_url:
        changes["file_base_url"] = settings.bot_api_file_url
    if settings.poll_interval is not None:
        changes["poll_interval"] = settings.poll_interval
    return dataclasses.replace(profile, **changes) if changes else profile  # type: ignore[arg-type]
