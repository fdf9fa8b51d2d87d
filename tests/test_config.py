from __future__ import annotations

from datetime import date, time

import pytest

from bot.config import ConfigError, Settings, load_settings


def test_defaults(settings: Settings) -> None:
    fresh = load_settings()
    assert fresh.database_url == "sqlite+aiosqlite:///data/peygir.db"
    assert fresh.timezone == "Asia/Tehran"
    assert fresh.weekend == (4,)
    assert fresh.platform == "telegram"
    assert fresh.bot_token is None
    assert fresh.quiet_hours == (time(21, 0), time(8, 0))


def test_values_from_environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEYGIR_WEEKEND", "thursday, friday")
    monkeypatch.setenv("PEYGIR_ADMIN_IDS", "11, 22")
    monkeypatch.setenv("PEYGIR_EXTRA_HOLIDAYS", "۱۴۰۵/۰۹/۱۰,1405/09/11")
    monkeypatch.setenv("PEYGIR_PLATFORM", "bale")
    monkeypatch.setenv("PEYGIR_QUIET_HOURS", "۲۲:۳۰-7:00")
    monkeypatch.setenv("PEYGIR_BOT_TOKEN", "123:secret-token")
    loaded = load_settings()
    assert loaded.weekend == (3, 4)
    assert loaded.admin_ids == (11, 22)
    assert loaded.extra_holidays == (date(2026, 12, 1), date(2026, 12, 2))
    assert loaded.platform == "bale"
    assert loaded.quiet_hours == (time(22, 30), time(7, 0))
    assert loaded.bot_token is not None and loaded.bot_token.get_secret_value() == "123:secret-token"
    # The token never shows in the settings' representation.
    assert "secret-token" not in repr(loaded)
    calendar = loaded.work_calendar()
    assert not calendar.is_working_day(date(2026, 12, 1))  # the extra holiday
    assert not calendar.is_working_day(date(2026, 11, 26))  # a Thursday


def test_dotenv_file_is_read(settings: Settings, tmp_path: object) -> None:
    from pathlib import Path

    Path(".env").write_text("PEYGIR_TIMEZONE=Asia/Kabul\n", encoding="utf-8")
    assert load_settings().timezone == "Asia/Kabul"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PEYGIR_WEEKEND", "funday"),
        ("PEYGIR_TIMEZONE", "Mars/Olympus"),
        ("PEYGIR_PLATFORM", "whatsapp"),
        ("PEYGIR_ADMIN_IDS", "12,abc"),
        ("PEYGIR_DATABASE_URL", "mysql://localhost/x"),
        ("PEYGIR_EXTRA_HOLIDAYS", "1405/13/01"),
        ("PEYGIR_QUIET_HOURS", "21:00"),
        ("PEYGIR_QUIET_HOURS", "25:00-08:00"),
        ("PEYGIR_QUIET_HOURS", "08:00-08:00"),
        ("PEYGIR_REMIND_BEFORE", "7,x"),
        ("PEYGIR_REMIND_BEFORE", "90"),
        ("PEYGIR_REMIND_AT", "23:00"),  # inside the quiet hours: reminders would never go at their time
        ("PEYGIR_REMIND_OVERDUE_EVERY", "0"),
        ("PEYGIR_WEEKLY_DIGEST", "saturday"),
        ("PEYGIR_SECRETARIAT_REPORTS", "sometimes"),
        ("PEYGIR_REPORT_DIGEST_AT", "8"),
        ("PEYGIR_COUNCIL_NAME", "  "),
        ("PEYGIR_COUNCIL_NAME", "ق" * 121),
        ("PEYGIR_SECRETARIAT_TITLE", "دبیرخانه\nقرارگاه"),
        ("PEYGIR_LETTER_SIGNATORY", "مریم\tرضایی"),
        ("PEYGIR_LETTER_SIGNATORY_POSITION", ""),
        ("PEYGIR_DOCUMENT_FONT", "B Nazanin" + "x" * 60),
        ("PEYGIR_WEBHOOK_URL", "bot.example.ir"),
        ("PEYGIR_WEBHOOK_PORT", "70000"),
        ("PEYGIR_WEBHOOK_PATH", "peygir"),
        ("PEYGIR_WEBHOOK_PATH", "/a b"),
        ("PEYGIR_WEBHOOK_SECRET", "short-secret"),  # under 128 bits
        ("PEYGIR_WEBHOOK_SECRET", "a" * 30 + "!"),  # outside the secret token's alphabet
    ],
)
def test_malformed_value_names_the_variable(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(variable + ":")
    assert "\n" not in message


def test_the_example_file_documents_every_setting() -> None:
    """config.example.env names every variable the program reads (and nothing it does not)."""
    from pathlib import Path

    example = (Path(__file__).resolve().parents[1] / "config.example.env").read_text(encoding="utf-8")
    documented = {
        line.lstrip("# ").split("=", 1)[0]
        for line in example.splitlines()
        if line.lstrip("# ").startswith("PEYGIR_") and "=" in line
    }
    assert documented == {"PEYGIR_" + name.upper() for name in Settings.model_fields}


def test_the_documents_letterhead_and_font(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.reports.documents import Letterhead

    fresh = load_settings()
    assert Letterhead.from_settings(fresh) == Letterhead()  # the defaults: the texts' and Tahoma
    assert (fresh.council_name, fresh.document_font, fresh.letter_signatory) == (
        "قرارگاه اجتماعی استان",
        "Tahoma",
        "",
    )
    monkeypatch.setenv("PEYGIR_COUNCIL_NAME", "  قرارگاه اجتماعی   استان البرز ")
    monkeypatch.setenv("PEYGIR_LETTER_SIGNATORY", "مریم رضایی")
    monkeypatch.setenv("PEYGIR_LETTER_SIGNATORY_POSITION", "دبیر قرارگاه")
    monkeypatch.setenv("PEYGIR_DOCUMENT_FONT", "B Nazanin")
    letterhead = Letterhead.from_settings(load_settings())
    assert letterhead.council == "قرارگاه اجتماعی استان البرز"  # one line, spaces squashed
    assert (letterhead.signatory, letterhead.signatory_position) == ("مریم رضایی", "دبیر قرارگاه")
    assert letterhead.font == "B Nazanin"


def test_the_webhook_route_is_the_path_then_the_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PEYGIR_WEBHOOK_URL", "https://bot.example.ir/")
    monkeypatch.setenv("PEYGIR_WEBHOOK_SECRET", "A" * 22)
    settings = load_settings()
    assert (settings.webhook_url, settings.webhook_route()) == (
        "https://bot.example.ir",
        "/peygir/" + "A" * 22,
    )
    assert "A" * 22 not in repr(settings)  # a secret, like the token
