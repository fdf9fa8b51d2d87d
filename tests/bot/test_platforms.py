from __future__ import annotations

import json
import logging

import pytest

from bot.config import Settings, load_settings
from bot.platforms import BALE, TELEGRAM, profile_for
from bot.transport import DEFAULT_RETRY_AFTER, RedactingFormatter, as_retry_after


def test_profiles_differ_where_the_guide_says() -> None:
    assert TELEGRAM.api_base_url == "https://api.telegram.org/bot"
    assert BALE.api_base_url == "https://tapi.bale.ai/bot"
    assert BALE.file_base_url == "https://tapi.bale.ai/file/bot"
    assert (TELEGRAM.html, BALE.html) == (True, False)
    assert (TELEGRAM.mirror_reply_field, BALE.mirror_reply_field) == (False, True)
    assert (TELEGRAM.set_commands, BALE.set_commands) == (True, False)
    assert TELEGRAM.poll_timeout > 0 and BALE.poll_timeout == 0 and BALE.poll_interval == 2.0
    assert (TELEGRAM.overall_per_second, BALE.overall_per_second) == (30, 20)
    assert (TELEGRAM.caption_limit, BALE.caption_limit) == (1024, 200)


def test_deep_links() -> None:
    assert TELEGRAM.deep_link("PeygirBot", "abc_DEF-1") == "https://t.me/PeygirBot?start=abc_DEF-1"
    assert BALE.deep_link("PeygirBot", "abc") == "https://ble.ir/PeygirBot?start=abc"
    for bad in ("", "a b", "x" * 65, "توکن"):
        with pytest.raises(ValueError):
            TELEGRAM.deep_link("PeygirBot", bad)


def test_overrides_replace_the_platform_urls(settings: Settings) -> None:
    custom = settings.model_copy(
        update={
            "platform": "bale",
            "bot_api_base_url": "http://127.0.0.1:9/bot",
            "bot_api_file_url": "http://127.0.0.1:9/file/bot",
            "poll_interval": 0.5,
        }
    )
    profile = profile_for(custom)
    assert profile.name == "bale"
    assert profile.api_base_url == "http://127.0.0.1:9/bot"
    assert profile.file_base_url == "http://127.0.0.1:9/file/bot"
    assert profile.poll_interval == 0.5
    assert profile.deep_link_base == BALE.deep_link_base
    assert profile_for(settings) is TELEGRAM


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BOT_API_BASE_URL", "ftp://x"),
        ("PROXY_URL", "socks4://x:1"),
        ("BOT_USERNAME", "1bad"),
        ("POLL_INTERVAL", "-1"),
    ],
)
def test_bad_messenger_settings_name_the_variable(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    from bot.config import ConfigError

    monkeypatch.setenv(f"PEYGIR_{variable}", value)
    with pytest.raises(ConfigError, match=f"PEYGIR_{variable}"):
        load_settings()


def test_proxy_and_username_settings_are_read(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEYGIR_PROXY_URL", "socks5://127.0.0.1:1080")
    monkeypatch.setenv("PEYGIR_BOT_USERNAME", "@PeygirBot")
    loaded = load_settings()
    assert loaded.proxy_url == "socks5://127.0.0.1:1080"
    assert loaded.bot_username == "PeygirBot"


def _body(payload: bytes) -> dict[str, object]:
    result = json.loads(payload)
    assert isinstance(result, dict)
    return result


def test_bale_slow_down_answers_become_retry_after() -> None:
    code, payload = as_retry_after(
        BALE, 440, b'{"ok": false, "error_code": 440, "description": "bot limit exceed"}'
    )
    assert code == 429
    assert _body(payload)["parameters"] == {"retry_after": DEFAULT_RETRY_AFTER}
    code, payload = as_retry_after(
        BALE, 429, b'{"ok": false, "description": "Too Many Requests: bot limit exceed"}'
    )
    assert code == 429 and _body(payload)["parameters"] == {"retry_after": DEFAULT_RETRY_AFTER}
    code, payload = as_retry_after(
        BALE, 400, b'{"ok": false, "description": "Bad Request: bot limit exceed"}'
    )
    assert code == 429


def test_other_answers_pass_unchanged() -> None:
    telegram_429 = b'{"ok": false, "error_code": 429, "parameters": {"retry_after": 7}}'
    assert as_retry_after(TELEGRAM, 429, telegram_429) == (429, telegram_429)
    assert as_retry_after(TELEGRAM, 440, b"{}") == (440, b"{}")  # Telegram has no 440
    assert as_retry_after(BALE, 400, b'{"description": "chat not found"}')[0] == 400
    assert as_retry_after(BALE, 200, b'{"ok": true}') == (200, b'{"ok": true}')
    assert as_retry_after(BALE, 502, b"<html>")[0] == 502


def test_the_token_never_reaches_the_log() -> None:
    token = "123456:SECRET-token"
    formatter = RedactingFormatter(token, "%(message)s")
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{token}/getMe failed")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "httpx", logging.INFO, __file__, 1, "url %s", (f"/bot{token}/x",), sys.exc_info()
        )
    text = formatter.format(record)
    assert token not in text
    assert "<token>" in text


@pytest.mark.parametrize("proxy", ["socks5://127.0.0.1:1080", "http://127.0.0.1:3128"])
async def test_the_application_builds_with_a_proxy(settings: Settings, proxy: str, tmp_path: object) -> None:
    """Nothing connects at build time; the proxy (socks5 needs httpx[socks]) is accepted."""
    from pydantic import SecretStr

    from bot.app import build_application
    from bot.runtime import runtime_of

    configured = settings.model_copy(
        update={"bot_token": SecretStr("1:x"), "proxy_url": proxy, "platform": "bale"}
    )
    app = build_application(configured)
    assert runtime_of(app).profile.name == "bale"
    assert app.bot.base_url == "https://tapi.bale.ai/bot1:x"
    await runtime_of(app).db.dispose()


def test_building_without_a_token_names_the_variable(settings: Settings) -> None:
    from bot.app import build_application
    from bot.config import ConfigError

    with pytest.raises(ConfigError, match="PEYGIR_BOT_TOKEN"):
        build_application(settings)
