"""The `peygir` command line, called in-process (and once through `python -m bot`)."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from bot.cli.main import run
from bot.config import Settings
from bot.domain.clock import FixedClock
from bot.domain.jalali import jalali_date
from bot.samples import sample_agencies
from storage import bulk_seed
from storage.engine import create_database
from storage.migrate import upgrade
from tests.conftest import SAMPLES, seed
from tests.minutes import office_shapes

REPO = Path(__file__).resolve().parents[1]


def peygir(settings: Settings, clock: FixedClock, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), clock=clock, out=out, err=err, settings=settings)
    return code, out.getvalue(), err.getvalue()


def db_file(settings: Settings) -> Path:
    return Path(settings.database_url.removeprefix("sqlite+aiosqlite:///"))


def register(settings: Settings, clock: FixedClock) -> None:
    for name, aliases in sample_agencies():
        args = ["agency", "add", name]
        for alias in aliases:
            args += ["--alias", alias]
        assert peygir(settings, clock, *args)[0] == 0


def test_import_json_of_seed_stores_nothing(settings: Settings, clock: FixedClock) -> None:
    code, out, err = peygir(settings, clock, "import-minutes", str(seed("002")), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["meeting"] == {
        "number": 19,
        "date": "1401/06/10",
        "title": "نوزدهمین صورتجلسه قرارگاه اجتماعی استان",
    }
    assert [r["number"] for r in data["resolutions"]] == list(range(1, 10))
    assert data["resolutions"][1]["parties"] == [
        "فرمانداری کرج",
        "شهرداری کمالشهر",
        "کمیته خدمات شهری",
        "شرکت توزیع برق استان",
    ]
    assert data["resolutions"][1]["deadline"] == {
        "raw": "مستمر",
        "kind": "ongoing",
        "amount": None,
        "unit": None,
        "due": None,
    }
    assert not db_file(settings).exists()


def test_agency_add_and_list(settings: Settings, clock: FixedClock) -> None:
    assert peygir(settings, clock, "agency", "list")[1].strip() == "هنوز دستگاهی ثبت نشده است."
    code, out, _ = peygir(
        settings, clock, "agency", "add", "فرمانداری شهرستان کرج", "--alias", "فرمانداری کرج"
    )
    assert code == 0
    assert "فرمانداری شهرستان کرج" in out
    code, out, _ = peygir(settings, clock, "agency", "list", "--json")
    assert json.loads(out) == [
        {"name": "فرمانداری شهرستان کرج", "aliases": ["فرمانداری کرج"], "active": True}
    ]
    code, out, err = peygir(settings, clock, "agency", "add", "فرمانداری شهرستان کرج")
    assert code == 2
    assert err.count("\n") == 1 and "قبلاً ثبت شده" in err


def test_commit_then_status(settings: Settings, clock: FixedClock) -> None:
    register(settings, clock)
    code, out, err = peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    assert code == 0, err
    assert "جلسه ۳۲ ثبت شد." in out

    code, out, err = peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    assert code == 0, err
    assert "چیز تازه‌ای ثبت نشد" in out

    code, out, _ = peygir(settings, clock, "status", "--json")
    data = json.loads(out)
    assert data["totals"]["resolutions"] == 4
    assert data["totals"]["assignments"] == 5
    assert {a["agency"] for a in data["assignments"] if a["resolution"] == 2} == {
        "نیروی انتظامی استان",
        "فرمانداری شهرستان کرج",
    }

    code, out, _ = peygir(settings, clock, "status")
    assert code == 0
    assert "۱۴۰۵/۰۹/۰۵" in out  # row 1's due date, Jalali with Persian digits
    assert "1405" not in out


def test_export_writes_the_reports_the_chat_sends(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    register(settings, clock)
    code, _, err = peygir(settings, clock, "export", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 2 and "هنوز مصوبه‌ای" in err and err.count("\n") == 1
    assert not (tmp_path / "r.xlsx").exists()
    peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    xlsx, docx = tmp_path / "r.xlsx", tmp_path / "r.docx"
    xlsx.write_bytes(b"last week's")  # replaced whole
    code, out, err = peygir(settings, clock, "export", "--xlsx", str(xlsx), "--docx", str(docx))
    assert code == 0, err
    assert out.count("(۵ تکلیف)") == 2
    sheet = load_workbook(xlsx)["تکالیف"]
    assert sheet.max_row == 6 and sheet.sheet_view.rightToLeft
    assert Document(str(docx)).paragraphs[0].text == "گزارش پیگیری مصوبات"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no partial file left
    code, _, err = peygir(settings, clock, "export", "--docx", str(docx), "--since-meeting", "33")
    assert code == 2 and "جلسه ۳۳ ثبت نشده" in err
    code, _, err = peygir(settings, clock, "export")
    assert code == 2 and "--xlsx" in err
    code, _, err = peygir(settings, clock, "export", "--xlsx", str(tmp_path / "missing" / "r.xlsx"))
    assert code == 2 and "وجود ندارد" in err


def test_commit_with_unmatched_party_exits_2_and_stores_nothing(
    settings: Settings, clock: FixedClock
) -> None:
    code, out, err = peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    assert code == 2
    assert err.count("\n") == 1
    assert "دانشگاه علوم پزشکی" in out  # the parties are listed on stdout
    code, out, _ = peygir(settings, clock, "status", "--json")
    assert json.loads(out)["totals"]["assignments"] == 0


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.txt", b""),
        ("no-table.md", "سلام، این صورتجلسه جدولی ندارد.\n".encode()),
        ("binary.txt", b"\x00\x01\x02\xff" * 50),
        ("broken.docx", b"this is not a zip file"),
        ("minutes.pdf", b"%PDF-1.4"),
    ],
)
def test_bad_files_exit_2_with_one_line(
    settings: Settings, clock: FixedClock, tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _out, err = peygir(settings, clock, "import-minutes", str(path), "--commit")
    assert code == 2
    assert err.startswith("خطا: ") and err.count("\n") == 1
    assert not db_file(settings).exists()


def test_docx_zip_without_a_document_exits_2(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    path = tmp_path / "odd.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not word")
    code, _, err = peygir(settings, clock, "import-minutes", str(path))
    assert code == 2 and err.count("\n") == 1


def test_missing_file_exits_2(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    code, _, err = peygir(settings, clock, "import-minutes", str(tmp_path / "nope.docx"))
    assert code == 2
    assert "پیدا نشد" in err


def test_backup_copies_and_refuses_to_overwrite(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    register(settings, clock)
    target = tmp_path / "copy.db"
    code, _, err = peygir(settings, clock, "backup", str(target))
    assert code == 0, err
    assert target.stat().st_size > 0
    copy_settings = settings.model_copy(update={"database_url": f"sqlite+aiosqlite:///{target}"})
    code, out, _ = peygir(copy_settings, clock, "agency", "list", "--json")
    assert len(json.loads(out)) == 10
    code, _, err = peygir(settings, clock, "backup", str(target))
    assert code == 2 and "وجود دارد" in err


def test_db_upgrade(settings: Settings, clock: FixedClock) -> None:
    code, _out, _ = peygir(settings, clock, "db", "upgrade")
    assert code == 0 and db_file(settings).exists()
    assert peygir(settings, clock, "db", "upgrade")[0] == 0  # idempotent


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["import-minutes", "--help"],
        ["agency", "add", "--help"],
        ["status", "--help"],
        ["db", "upgrade", "--help"],
        ["backup", "--help"],
        ["demo", "--help"],
    ],
)
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(argv)
    assert info.value.code == 0
    assert "usage: peygir" in capsys.readouterr().out


def test_unknown_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run(["frobnicate"])
    assert info.value.code == 2


@pytest.mark.e2e  # a `python -m bot` process
def test_python_m_bot_entry_point(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "import-minutes", str(SAMPLES / "minutes_31.md"), "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["meeting"]["number"] == 31

    result = subprocess.run(
        [sys.executable, "-m", "bot", "status"],
        cwd=tmp_path,
        env={**env, "PEYGIR_WEEKEND": "someday"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "PEYGIR_WEEKEND" in result.stderr


def test_backup_without_a_database_exits_2(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    code, _, err = peygir(settings, clock, "backup", str(tmp_path / "copy.db"))
    assert code == 2 and err.count("\n") == 1
    assert not (tmp_path / "copy.db").exists()


def test_backup_into_a_missing_folder_exits_2(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    register(settings, clock)
    code, _, err = peygir(settings, clock, "backup", str(tmp_path / "nowhere" / "copy.db"))
    assert code == 2 and "پوشه" in err and err.count("\n") == 1


def test_json_refusal_is_json(settings: Settings, clock: FixedClock) -> None:
    code, out, err = peygir(
        settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit", "--json"
    )
    assert code == 2 and err.count("\n") == 1
    data = json.loads(out)
    assert data["error"] == err.removeprefix("خطا: ").strip()
    assert len(data["details"]) == 5  # no agency registered: every party of the four rows is listed


def test_json_commit_reports_what_was_stored(settings: Settings, clock: FixedClock) -> None:
    register(settings, clock)
    code, out, err = peygir(
        settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit", "--json"
    )
    assert code == 0, err
    stored = json.loads(out)["stored"]
    assert stored["meeting_created"] is True
    assert stored["resolutions_created"] == [1, 2, 3, 4]
    assert stored["assignments_created"] == 5


def test_unreachable_database_is_one_line(settings: Settings, clock: FixedClock) -> None:
    unreachable = settings.model_copy(update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/none"})
    code, _, err = peygir(unreachable, clock, "status")
    assert code == 1
    assert err.count("\n") == 1 and "PEYGIR_DATABASE_URL" in err


def test_invite_prints_the_deep_link_for_the_platform(settings: Settings, clock: FixedClock) -> None:
    register(settings, clock)
    named = settings.model_copy(update={"bot_username": "PeygirBot"})
    code, out, err = peygir(named, clock, "invite", "شهرداری کمالشهر", "--uses", "3", "--days", "10")
    assert code == 0, err
    link, note = out.strip().splitlines()
    assert link.startswith("https://t.me/PeygirBot?start=")
    assert len(link.rsplit("=", 1)[1]) >= 22  # at least 128 random bits
    assert "شهرداری کمالشهر" in note and "۳ بار" in note
    bale = named.model_copy(update={"platform": "bale"})
    code, out, err = peygir(bale, clock, "invite", "--role", "governor")
    assert code == 0, err
    assert out.startswith("https://ble.ir/PeygirBot?start=")


@pytest.mark.parametrize(
    "argv",
    [
        ["invite"],
        ["invite", "اداره کل هواشناسی"],
        ["invite", "شهرداری کمالشهر", "--uses", "0"],
        ["invite", "شهرداری کمالشهر", "--days", "1000"],
        ["invite", "شهرداری کمالشهر", "--role", "governor"],
    ],
)
def test_bad_invites_exit_2(settings: Settings, clock: FixedClock, argv: list[str]) -> None:
    register(settings, clock)
    named = settings.model_copy(update={"bot_username": "PeygirBot"})
    code, out, err = peygir(named, clock, *argv)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "start=" not in out


def test_invite_without_username_or_token_exits_2(settings: Settings, clock: FixedClock) -> None:
    register(settings, clock)
    code, _, err = peygir(settings, clock, "invite", "شهرداری کمالشهر")
    assert code == 2 and "PEYGIR_BOT_USERNAME" in err


def test_run_without_a_token_exits_2(settings: Settings, clock: FixedClock) -> None:
    code, _, err = peygir(settings, clock, "run")
    assert code == 2 and "PEYGIR_BOT_TOKEN" in err


def test_reminders_preview_and_sweep(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    """`peygir reminders preview --at` shows what a sweep would queue, without queuing; `sweep` queues it."""

    async def prepare() -> None:
        await upgrade(settings.database_url)
        db = create_database(settings.database_url)
        created = datetime(2026, 11, 20, 6, 0, tzinfo=UTC)
        async with db.transaction() as conn:
            await bulk_seed.seed(
                conn,
                bulk_seed.SeedPlan(
                    3, 5, 50, jalali_date(1405, 8, 26), jalali_date(1405, 9, 10), created, created
                ),
            )
        await db.dispose()

    asyncio.run(prepare())
    code, out, err = peygir(settings, clock, "reminders", "preview", "--at", "۱۴۰۵/۰۹/۱۰ ۰۹:۳۰", "--json")
    assert code == 0, err
    assert [entry["kind"] for entry in json.loads(out)] == ["due_today"] * 5
    code, out, _ = peygir(settings, clock, "reminders", "preview", "--at", "1405/09/10 09:30")
    assert "پیش‌نمایش یادآوری‌ها در ۱۴۰۵/۰۹/۱۰" in out and "۵ پیام" in out and "روز مهلت — جلسه ۵۰" in out
    code, out, _ = peygir(settings, clock, "reminders", "sweep", "--at", "1405/09/10 09:30", "--json")
    assert code == 0 and len(json.loads(out)) == 5
    code, out, _ = peygir(settings, clock, "reminders", "sweep", "--at", "1405/09/10 10:30", "--json")
    assert json.loads(out) == []  # nothing twice
    code, out, _ = peygir(settings, clock, "reminders", "preview", "--at", "1405/09/13 10:00")  # a Friday
    assert "پیامی نیست" in out
    code, _, err = peygir(settings, clock, "reminders", "preview", "--at", "فردا")
    assert code != 0 and "خوانده نشد" in err


def test_export_writes_rows_that_hold_control_characters(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    """Rows stored before anything cleaned them (a NUL, a bell) do not break either report."""
    import sqlite3

    minutes_32_stored(settings, clock)
    with sqlite3.connect(db_file(settings)) as connection:
        connection.execute("UPDATE resolutions SET text = ? WHERE number = 1", ("مقرر\x00 گردید\x07 طرح",))
        connection.execute("UPDATE agencies SET name = name || ?", ("\x1b",))
    xlsx, docx = tmp_path / "r.xlsx", tmp_path / "r.docx"
    code, _, err = peygir(settings, clock, "export", "--xlsx", str(xlsx), "--docx", str(docx))
    assert code == 0, err
    texts = [cell.value for row in load_workbook(xlsx)["تکالیف"].iter_rows() for cell in row]
    assert "مقرر گردید طرح" in texts
    assert "مقرر گردید طرح" in [p.text for t in Document(str(docx)).tables for r in t.rows for p in r.cells]


def test_export_that_cannot_be_written_ends_with_one_persian_line(
    settings: Settings, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.utils.exceptions import IllegalCharacterError

    from bot.reports.cells import ReportData
    from bot.services import exports

    def refuse(data: ReportData) -> bytes:
        raise IllegalCharacterError("\x00 cannot be used in worksheets.")

    register(settings, clock)
    peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    monkeypatch.setitem(exports.WRITERS, "xlsx", refuse)
    code, _, err = peygir(settings, clock, "export", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 2
    assert err.count("\n") == 1 and "فایل اکسل" in err and "ساخته نشد" in err and "Traceback" not in err
    assert not (tmp_path / "r.xlsx").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("since", ["²", "99999999999999999999", "0", "-1"])
def test_export_since_a_meeting_no_database_can_hold_is_bad_input(
    settings: Settings, clock: FixedClock, tmp_path: Path, since: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        peygir(settings, clock, "export", "--xlsx", str(tmp_path / "r.xlsx"), "--since-meeting", since)
    err = capsys.readouterr().err
    assert info.value.code == 2 and err.count("\n") == 1 and "--since-meeting" in err and "شماره جلسه" in err


def test_export_since_a_meeting_in_persian_digits(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    register(settings, clock)
    peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")
    code, out, err = peygir(
        settings, clock, "export", "--xlsx", str(tmp_path / "r.xlsx"), "--since-meeting", "۳۲"
    )
    assert code == 0 and "(۵ تکلیف)" in out, err


LETTERS_32 = [
    "اداره کل آموزش فنی و حرفه‌ای استان",
    "دانشگاه علوم پزشکی البرز",
    "فرمانداری شهرستان کرج",
    "کمیته امداد امام خمینی (ره) استان",
    "نیروی انتظامی استان",
]


def minutes_32_stored(settings: Settings, clock: FixedClock) -> None:
    register(settings, clock)
    assert peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")[0] == 0


def letter_text(path: Path) -> tuple[str, list[list[str]]]:
    """A letter's paragraphs, and its resolutions' table as rows of cell texts."""
    document = Document(str(path))
    table = document.tables[1]  # after the letterhead's
    return "\n".join(p.text for p in document.paragraphs), [[c.text for c in r.cells] for r in table.rows]


def test_letters_go_into_a_folder_one_per_agency(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    register(settings, clock)
    code, _, err = peygir(settings, clock, "letters", "--out", str(tmp_path / "none"))
    assert code == 2 and "هنوز جلسه‌ای ثبت نشده" in err and err.count("\n") == 1
    assert peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"), "--commit")[0] == 0
    folder = tmp_path / "ابلاغیه‌ها" / "آذر"  # made, parents too
    code, out, err = peygir(settings, clock, "letters", "--out", str(folder))
    assert code == 0, err
    assert "ابلاغیه‌های جلسه ۳۲ (۱۴۰۵/۰۸/۲۸) برای ۵ دستگاه — آخرین جلسه ثبت‌شده" in out
    files = [f"ابلاغیه جلسه ۳۲ - {agency}.docx" for agency in LETTERS_32]
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)
    assert [line.strip() for line in out.splitlines()[1:]] == files  # the agencies in Persian order
    text, rows = letter_text(folder / "ابلاغیه جلسه ۳۲ - نیروی انتظامی استان.docx")
    assert "به: نیروی انتظامی استان" in text
    assert "موضوع: ابلاغ مصوبات جلسه ۳۲ مورخ ۱۴۰۵/۰۸/۲۸" in text
    assert "«ربات پیگیر»" in text and "t.me" not in text  # no username set: no link
    # Only the police's resolution (row 2, shared with the governorate), its sub-items lettered.
    assert [row[0] for row in rows] == ["ردیف", "۲"]
    assert rows[1][1].splitlines() == [
        "مقرر گردید: نیروی انتظامی استان و فرمانداری شهرستان کرج :",
        "الف) گشت‌های انتظامی در ساعات شب در محلات هدف تقویت گردد.",
        "ب) جلسه هماهنگی با دهیاری‌ها و شوراهای محلی برگزار شود.",
        "با همکاری: فرمانداری شهرستان کرج",
    ]
    assert rows[1][2] == "۱۴۰۵/۰۹/۱۲"


def test_letters_never_replace_a_letter(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    minutes_32_stored(settings, clock)
    folder = tmp_path / "letters"
    assert peygir(settings, clock, "letters", "--meeting", "32", "--out", str(folder))[0] == 0
    written = {p.name: p.read_bytes() for p in folder.iterdir()}
    (folder / next(iter(written))).write_bytes(b"numbered and sent")
    code, out, err = peygir(settings, clock, "letters", "--meeting", "۳۲", "--out", str(folder))
    assert code == 2 and "۵ پرونده از این ابلاغیه‌ها" in err and "چیزی نوشته نشد" in err
    assert err.count("\n") == 1 and out == ""
    assert (folder / next(iter(written))).read_bytes() == b"numbered and sent"
    assert sorted(p.name for p in folder.iterdir()) == sorted(written)  # nothing new beside them
    code, _, err = peygir(settings, clock, "letters", "--meeting", "33", "--out", str(tmp_path / "33"))
    assert code == 2 and "جلسه ۳۳ ثبت نشده" in err and not (tmp_path / "33").exists()
    (tmp_path / "a-file").write_text("x")
    code, _, err = peygir(settings, clock, "letters", "--out", str(tmp_path / "a-file"))
    assert code == 2 and "پوشه نیست" in err


def test_letters_link_the_bot_on_its_platform(settings: Settings, clock: FixedClock, tmp_path: Path) -> None:
    minutes_32_stored(settings, clock)
    for platform, link in (("telegram", "t.me/PeygirBot"), ("bale", "ble.ir/PeygirBot")):
        configured = settings.model_copy(
            update={"platform": platform, "bot_username": "PeygirBot", "council_name": "قرارگاه البرز"}
        )
        code, _, err = peygir(configured, clock, "letters", "--out", str(tmp_path / platform))
        assert code == 0, err
        text, _ = letter_text(tmp_path / platform / "ابلاغیه جلسه ۳۲ - دانشگاه علوم پزشکی البرز.docx")
        assert f"ربات پیگیر به نشانی {link}" in text and "جلسه ۳۲ قرارگاه البرز مورخ" in text


@pytest.mark.parametrize(
    ("title", "header"),
    [
        ("سی و دومین صورتجلسه قرارگاه", "«سی و دومین صورتجلسه قرارگاه» — جلسه"),
        ("سی و دومین صورت‌جلسه قرارگاه", "«سی و دومین صورت‌جلسه قرارگاه» — جلسه"),
        ("جلسه قرارگاه اجتماعی", "صورتجلسه «جلسه قرارگاه اجتماعی» — جلسه"),
        ("", "صورتجلسه — جلسه"),
    ],
)
def test_the_preview_names_the_minutes_once(title: str, header: str) -> None:
    from bot.texts.cli import parsed_header

    line = parsed_header(title, number="۳۲", date="۱۴۰۵/۰۸/۲۸", count="۴")
    assert line == f"{header} ۳۲ مورخ ۱۴۰۵/۰۸/۲۸: ۴ مصوبه"
    assert line.replace("\u200c", "").replace(" ", "").count("صورتجلسه") == 1


def test_the_import_preview_says_minutes_once(settings: Settings, clock: FixedClock) -> None:
    code, out, err = peygir(settings, clock, "import-minutes", str(SAMPLES / "minutes_32.txt"))
    assert code == 0, err
    assert out.splitlines()[0].startswith("«سی و دومین صورتجلسه قرارگاه اجتماعی استان» — جلسه ۳۲")
    assert out.splitlines()[0].count("صورتجلسه") == 1


def test_import_json_of_a_pdf_reads_as_its_word_file(settings: Settings, clock: FixedClock) -> None:
    """The same minutes as Word and as the PDF LibreOffice saved from it: the same JSON."""
    results = []
    for path in (office_shapes.DOCX, office_shapes.PDF):
        code, out, err = peygir(settings, clock, "import-minutes", str(path), "--json")
        assert (code, err) == (0, "")
        results.append(json.loads(out))
    assert results[0] == results[1]
    assert [r["note"] for r in results[1]["resolutions"]][:2] == [
        "با هماهنگی دادستانی",
        "گزارش در جلسه بعد ارائه شود",
    ]
