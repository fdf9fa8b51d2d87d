"""Settings: environment variables with the prefix ``PEYGIR_`` (also read from ``.env``).

Every variable is documented with its default in ``config.example.env``. Nothing here is read at import
time: ``load_settings()`` builds the object when a command starts, and a missing or malformed value
becomes a :class:`ConfigError` whose message is one line naming the variable.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.domain.jalali import parse_jalali_date
from bot.domain.persian import squash_spaces, to_latin_digits
from bot.domain.reminder_policy import ReminderPolicy
from bot.domain.workdays import WorkCalendar, parse_weekend
from bot.texts import letters as letter_texts

ENV_PREFIX = "PEYGIR_"

#: The documents' font (PEYGIR_DOCUMENT_FONT). Tahoma comes with every Windows since XP (and with Office
#: on a Mac), carries the Persian letters and digits, and reads well at 10 pt, so Word on any office PC
#: shows the report and the letters as they were laid out. B Nazanin is customary in Iranian letters but
#: is not installed by default: Word would silently put another font in its place (LibreOffice its own),
#: with other line and page breaks. Where every PC has it, set PEYGIR_DOCUMENT_FONT=B Nazanin.
DEFAULT_DOCUMENT_FONT = "Tahoma"
# Longest letterhead line and font name (characters): what fits one line of an A4 letter.
LETTERHEAD_MAX = 120
FONT_NAME_MAX = 64


#: Telegram's secret token alphabet; 22 such characters (base64url) carry at least 128 bits.
WEBHOOK_SECRET_PATTERN = r"[A-Za-z0-9_-]{22,256}"


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_time_span(value: str) -> tuple[time, time]:
    """«21:00-08:00» (Persian digits too) → (21:00, 08:00); an empty span is refused."""
    parts = [p.strip() for p in to_latin_digits(value).split("-")]
    if len(parts) != 2:
        raise ValueError("expected HH:MM-HH:MM, e.g. 21:00-08:00")
    try:
        start, end = (time.fromisoformat(p if len(p) == 5 else p.zfill(5)) for p in parts)
    except ValueError:
        raise ValueError("expected HH:MM-HH:MM, e.g. 21:00-08:00") from None
    if start == end:
        raise ValueError("the quiet span is empty")
    return start, end


def parse_times(value: str) -> tuple[time, ...]:
    """«08:00,14:00» (Persian digits too) → the times of day, in order."""
    try:
        times = sorted({time.fromisoformat(p.zfill(5)) for p in _split_list(to_latin_digits(value))})
    except ValueError:
        raise ValueError("expected HH:MM times separated by commas, e.g. 08:00,14:00") from None
    if not times:
        raise ValueError("at least one time, e.g. 08:00")
    return tuple(times)


def parse_weekly(value: str) -> tuple[int, time]:
    """«saturday 08:00», «شنبه ۸:۰۰» → (Python weekday, local time)."""
    parts = to_latin_digits(value).replace("،", " ").split()
    if len(parts) < 2:
        raise ValueError("expected a weekday and a time, e.g. saturday 08:00")
    days = parse_weekend(" ".join(parts[:-1]))
    if len(days) != 1:
        raise ValueError("one weekday, e.g. saturday 08:00")
    try:
        at = time.fromisoformat(parts[-1].zfill(5))
    except ValueError:
        raise ValueError("expected a weekday and a time, e.g. saturday 08:00") from None
    return days[0], at


# Settings whose environment text needs parsing before pydantic validates the value.
_TEXT_PARSERS: dict[str, Callable[[str], object]] = {
    "weekend": parse_weekend,
    "admin_ids": _split_list,
    "extra_holidays": lambda value: tuple(parse_jalali_date(part) for part in _split_list(value)),
    "quiet_hours": parse_time_span,
    "report_digest_at": parse_times,
    "weekly_digest": parse_weekly,
    "remind_before": lambda value: tuple(
        sorted({int(p) for p in _split_list(to_latin_digits(value))}, reverse=True)
    ),
}


class Settings(BaseSettings):
    """What the program reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        frozen=True,
    )

    # Messenger (the token is never logged).
    bot_token: SecretStr | None = None
    platform: Literal["telegram", "bale"] = "telegram"
    bot_api_base_url: str | None = None
    bot_api_file_url: str | None = None
    proxy_url: str | None = None
    admin_ids: Annotated[tuple[int, ...], NoDecode] = ()
    # The bot's username, for invite links printed by the command line (the running bot asks getMe).
    bot_username: str | None = None
    # Seconds between getUpdates calls (empty: the platform's own, 0 on Telegram, 2 on Bale).
    poll_interval: float | None = Field(default=None, ge=0, le=60)

    # /healthz and /metrics: on the webhook's port with --webhook; while polling, on this port (empty:
    # not served).
    metrics_listen: str = "127.0.0.1"
    metrics_port: int | None = Field(default=None, ge=1, le=65535)

    # Keep to the platform's rate limits (bot.transport). Off only against a Bot API without limits: the
    # built-in simulator started with --no-limits (load tests, benchmarks); the real platforms answer 429.
    rate_limits: bool = True

    # Webhook mode (`peygir run --webhook`, docs/deploy.md): the public HTTPS address the platform posts
    # to (the reverse proxy's), where this process listens behind it, the path, and the secret (at least
    # 128 bits): in the path on both platforms, and Telegram's secret-token header too.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    webhook_path: str = "/peygir"
    webhook_secret: SecretStr | None = None

    # Storage.
    database_url: str = "sqlite+aiosqlite:///data/peygir.db"

    # Calendar.
    timezone: str = "Asia/Tehran"
    weekend: Annotated[tuple[int, ...], NoDecode] = (4,)
    extra_holidays: Annotated[tuple[date, ...], NoDecode] = ()
    # No message is sent between these two local times (the span may cross midnight).
    quiet_hours: Annotated[tuple[time, time], NoDecode] = (time(21, 0), time(8, 0))

    # Reminders (docs/reminders.md): working days before the due date, the hour, the overdue step in working
    # days, how recent a report skips the next one, check-ins for ongoing items, escalations.
    remind_before: Annotated[tuple[int, ...], NoDecode] = (7, 3, 1, 0)
    remind_at: time = time(9, 0)
    remind_overdue_every: int = Field(default=2, ge=1, le=30)
    remind_skip_after_report_days: int = Field(default=2, ge=0, le=30)
    checkin_every_days: int = Field(default=30, ge=1, le=365)
    escalate_after_days: int = Field(default=7, ge=1, le=365)
    escalate_again_days: int = Field(default=14, ge=1, le=365)
    # The governor's office's weekly digest: (Python weekday, local time); Saturday 08:00.
    weekly_digest: Annotated[tuple[int, time], NoDecode] = (5, time(8, 0))
    # Seconds between reminder sweeps.
    reminder_sweep_seconds: float = Field(default=60.0, ge=1, le=3600)

    # Progress reports reach the secretariat at once, or gathered in a digest at these local times on
    # working days ("done" reports and extension requests, which wait for a decision, always go at once).
    secretariat_reports: Literal["immediate", "digest"] = "immediate"
    report_digest_at: Annotated[tuple[time, ...], NoDecode] = (time(8, 0), time(14, 0))

    # The documents (the report for the next meeting, the letters to the agencies): the council's name,
    # the secretariat's title, who signs the letters (name, may be empty, and position), and the font.
    council_name: str = Field(
        default=letter_texts.DEFAULT_COUNCIL_NAME, min_length=1, max_length=LETTERHEAD_MAX
    )
    secretariat_title: str = Field(
        default=letter_texts.DEFAULT_SECRETARIAT_TITLE, min_length=1, max_length=LETTERHEAD_MAX
    )
    letter_signatory: str = Field(default="", max_length=LETTERHEAD_MAX)
    letter_signatory_position: str = Field(
        default=letter_texts.DEFAULT_SIGNATORY_POSITION, min_length=1, max_length=LETTERHEAD_MAX
    )
    document_font: str = Field(default=DEFAULT_DOCUMENT_FONT, min_length=1, max_length=FONT_NAME_MAX)

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # text: one line an event for people; json: one JSON object a line for a log collector.
    log_format: Literal["text", "json"] = "text"
    # Who the command line writes into the audit log as the actor.
    cli_actor: str = Field(default="cli", min_length=1)
    # Each worker process's memory (address space, MiB) for reading minutes, writing reports and drawing
    # charts (bot.heavy): a file that needs more is refused, and the bot itself never grows by it.
    worker_memory_mb: int = Field(default=1024, ge=512, le=65536)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator(*_TEXT_PARSERS, mode="before")
    @classmethod
    def _from_text(cls, value: object, info: ValidationInfo) -> object:
        """Comma lists, day names, Jalali dates and time spans arrive as text from the environment."""
        if isinstance(value, str) and info.field_name is not None:
            return _TEXT_PARSERS[info.field_name](value)
        return value

    @field_validator(
        "council_name",
        "secretariat_title",
        "letter_signatory",
        "letter_signatory_position",
        "document_font",
        mode="before",
    )
    @classmethod
    def _one_line(cls, value: object) -> object:
        """A line of a document: spaces squashed; a control character or a second line is refused."""
        if not isinstance(value, str):
            return value
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("one line of text, without control characters")
        return squash_spaces(value)

    @field_validator("bot_api_base_url", "bot_api_file_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/") if value else None

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (http:// only behind a proxy that adds TLS)")
        return value.rstrip("/") if value else None

    @field_validator("webhook_path")
    @classmethod
    def _webhook_path(cls, value: str) -> str:
        if not re.fullmatch(r"(/[A-Za-z0-9._~-]+)+", value):
            raise ValueError("a path such as /peygir (letters, digits, . _ ~ -)")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not re.fullmatch(WEBHOOK_SECRET_PATTERN, value.get_secret_value()):
            raise ValueError(
                "22 to 256 letters, digits, _ or - (at least 128 bits), e.g. from "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        return value

    def webhook_route(self) -> str:
        """The path the platform posts to: the configured path, then the secret."""
        assert self.webhook_secret is not None
        return f"{self.webhook_path}/{self.webhook_secret.get_secret_value()}"

    @field_validator("proxy_url")
    @classmethod
    def _proxy_url(cls, value: str | None) -> str | None:
        if value and not value.startswith(("http://", "https://", "socks5://", "socks5h://")):
            raise ValueError("must start with http://, https://, socks5:// or socks5h://")
        return value or None

    @field_validator("bot_username")
    @classmethod
    def _username(cls, value: str | None) -> str | None:
        value = (value or "").strip().removeprefix("@")
        if value and not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", value):
            raise ValueError("a bot username is 4-32 letters, digits or _, starting with a letter")
        return value or None

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("remind_before")
    @classmethod
    def _days_before(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value or any(not 0 <= day <= 60 for day in value):
            raise ValueError("working days before the due date, 0 to 60, e.g. 7,3,1,0")
        return value

    @field_validator("remind_at")
    @classmethod
    def _outside_quiet_hours(cls, value: time, info: ValidationInfo) -> time:
        quiet = info.data.get("quiet_hours")
        if quiet is not None and ReminderPolicy(quiet=quiet).quiet_at(value):
            raise ValueError("falls inside the quiet hours (PEYGIR_QUIET_HOURS)")
        return value

    def reminder_policy(self) -> ReminderPolicy:
        return ReminderPolicy(
            before=self.remind_before,
            at=self.remind_at,
            overdue_every=self.remind_overdue_every,
            skip_after_report=timedelta(days=self.remind_skip_after_report_days),
            checkin_days=self.checkin_every_days,
            escalate_after=self.escalate_after_days,
            escalate_again=self.escalate_again_days,
            quiet=self.quiet_hours,
        )

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def work_calendar(self) -> WorkCalendar:
        return WorkCalendar(weekend=self.weekend, extra_holidays=self.extra_holidays)


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation failures into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "?"
        message = str(error["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{ENV_PREFIX}{field.upper()}: {message}") from None
