"""The notification letters to the agencies: one letter written from plain data and read back with
python-docx, the file names and the ZIP, and the service (who gets a letter, with what, and who may ask).
`peygir letters` is in tests/test_cli.py, the chat in tests/e2e/test_export_e2e.py."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from sqlalchemy import update

from bot.domain.clock import FixedClock
from bot.domain.persian import fa, item_letter
from bot.heavy import HeavyWorkFailed
from bot.platforms import BALE, TELEGRAM
from bot.reports.documents import Letter, Letterhead, LetterResolution
from bot.reports.letters import (
    letter_file_names,
    write_letter,
    write_letters_zip,
)
from bot.services.access import AccessDenied, Actor
from bot.services.errors import ServiceError
from bot.services.letters import LetterService, MeetingLetters, bot_address
from bot.texts import letters as t
from storage.engine import Database
from storage.tables import assignments
from tests.people_helpers import AGENCY_A, AGENCY_B
from tests.status_helpers import TEHRAN, council
from tests.test_reports import assert_page_numbers_in, assert_right_to_left_in

ITEMS = ("شناسایی مکان", "تجهیز پایگاه", "جذب داوطلب", "آموزش", "گزارش")


def a_letter(**changes: object) -> Letter:
    """Meeting 32 (1405/09/05) to the municipality, written 1405/09/08: three resolutions, one shared."""
    fields: dict[str, object] = {
        "agency": AGENCY_A,
        "meeting": 32,
        "held_on": date(2026, 11, 26),
        "written_on": date(2026, 11, 29),
        "resolutions": (
            LetterResolution(1, "مقرر گردید روشنایی معابر تکمیل شود.", (), date(2026, 12, 10), False),
            LetterResolution(2, "مقرر گردید: پایگاه:", ITEMS, date(2026, 12, 24), False, (AGENCY_B,)),
            LetterResolution(3, "مقرر گردید گزارش در هر جلسه ارائه شود.", (), None, True),
        ),
        "letterhead": Letterhead(council="قرارگاه اجتماعی استان البرز", signatory="مریم رضایی"),
        "bot_link": "t.me/PeygirBot",
    }
    fields.update(changes)
    return Letter(**fields)  # type: ignore[arg-type]


def read(content: bytes) -> tuple[list[str], list[list[str]], list[list[str]], object]:
    """A letter's paragraphs, its letterhead's cells, its resolutions' rows (cell texts), and the document."""
    document = Document(io.BytesIO(content))
    head, table, _signature = document.tables
    cells = [[p.text for p in cell.paragraphs] for cell in head.rows[0].cells]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    return [p.text for p in document.paragraphs], cells, rows, document


def test_a_letter_written_from_plain_data() -> None:
    paragraphs, head, rows, document = read(write_letter(a_letter()))
    assert paragraphs[0] == "بسمه تعالی"
    # The letterhead on the right; the registry's number and attachment left to fill in, and the date.
    assert head == [
        ["قرارگاه اجتماعی استان البرز", "دبیرخانه قرارگاه اجتماعی استان"],
        [t.LETTER_NUMBER, "تاریخ: ۱۴۰۵/۰۹/۰۸", t.LETTER_ATTACHMENT],
    ]
    assert "به: شهرداری کمالشهر" in paragraphs
    assert "موضوع: ابلاغ مصوبات جلسه ۳۲ مورخ ۱۴۰۵/۰۹/۰۵" in paragraphs
    assert any("جلسه ۳۲ قرارگاه اجتماعی استان البرز مورخ ۱۴۰۵/۰۹/۰۵" in p for p in paragraphs)
    assert rows[0] == list(t.LETTER_HEADERS)
    assert [row[0] for row in rows[1:]] == ["۱", "۲", "۳"]
    assert [row[2] for row in rows[1:]] == ["۱۴۰۵/۰۹/۱۹", "۱۴۰۵/۱۰/۰۳", "مستمر"]
    # Sub-items in the abjad order of Iranian letters (ج third, not پ), then the other agency.
    assert rows[2][1].splitlines() == [
        "مقرر گردید: پایگاه:",
        "الف) شناسایی مکان",
        "ب) تجهیز پایگاه",
        "ج) جذب داوطلب",
        "د) آموزش",
        "ه) گزارش",
        f"با همکاری: {AGENCY_B}",
    ]
    assert "با همکاری" not in rows[1][1] + rows[3][1]
    closing = next(p for p in paragraphs if p.startswith("خواهشمند است"))
    assert "ربات پیگیر به نشانی t.me/PeygirBot" in closing
    signature = [p.text for p in document.tables[2].rows[0].cells[1].paragraphs]  # type: ignore[attr-defined]
    assert signature == ["مریم رضایی", "دبیر قرارگاه اجتماعی استان"]
    table = document.tables[1]  # type: ignore[attr-defined]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    assert_right_to_left_in(document, "Tahoma")
    assert_page_numbers_in(document)


def test_without_a_username_the_bot_is_named_without_a_link() -> None:
    no_name = Letterhead(signatory="", font="B Nazanin")
    paragraphs, _, _, document = read(write_letter(a_letter(bot_link=None, letterhead=no_name)))
    closing = next(p for p in paragraphs if p.startswith("خواهشمند است"))
    assert "«ربات پیگیر»" in closing and "t.me" not in closing and "ble.ir" not in closing
    signature = [p.text for p in document.tables[2].rows[0].cells[1].paragraphs]  # type: ignore[attr-defined]
    assert signature == ["دبیر قرارگاه اجتماعی استان"]  # no name: the position alone
    assert_right_to_left_in(document, "B Nazanin")


def test_the_bots_address_on_each_platform() -> None:
    assert bot_address(TELEGRAM, "PeygirBot") == "t.me/PeygirBot"
    assert bot_address(BALE, "PeygirBot") == "ble.ir/PeygirBot"
    assert bot_address(TELEGRAM, None) is None


def test_sub_items_are_lettered_in_the_abjad_order() -> None:
    assert [item_letter(i) for i in range(12)] == [
        "الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی", "ک", "ل"
    ]  # fmt: skip
    assert item_letter(27) == "غ" and item_letter(28) == "۲۹"  # past the letters, the number


def test_a_resolution_for_every_agency_counts_the_others() -> None:
    many = tuple(f"دستگاه شماره {fa(n)}" for n in range(1, 10))
    shared = LetterResolution(4, "مقرر گردید همه گزارش دهند.", (), None, True, many)
    _, _, rows, _ = read(write_letter(a_letter(resolutions=(shared,))))
    partners = rows[1][1].splitlines()[-1]
    assert (
        partners
        == "با همکاری: دستگاه شماره ۱، دستگاه شماره ۲، دستگاه شماره ۳، دستگاه شماره ۴ و ۵ دستگاه دیگر"
    )


def test_file_names_are_safe_and_distinct() -> None:
    letters = [
        a_letter(agency="آموزش و پرورش / ناحیه ۱"),
        a_letter(agency="آموزش و پرورش : ناحیه ۱"),
        a_letter(agency="\u200fشهرداری\u200f کمالشهر."),
        a_letter(agency="<>|?*"),
        a_letter(agency="ا" * 300),
    ]
    names = letter_file_names(letters)
    assert names[:4] == [
        "ابلاغیه جلسه ۳۲ - آموزش و پرورش ناحیه ۱.docx",
        "ابلاغیه جلسه ۳۲ - آموزش و پرورش ناحیه ۱ (۲).docx",
        "ابلاغیه جلسه ۳۲ - شهرداری کمالشهر.docx",
        "ابلاغیه جلسه ۳۲ - دستگاه.docx",
    ]
    assert len(names[4].encode()) < 255  # within every file system's limit
    content = write_letters_zip(letters[:2])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == names[:2]
        assert all(info.flag_bits & 0x800 for info in archive.infolist())  # names stored as UTF-8
        assert archive.read(names[0]).startswith(b"PK")  # each entry a Word file


async def test_each_agency_gets_only_its_own_resolutions(db: Database, clock: FixedClock) -> None:
    c = await council(db, clock)  # minutes 40: rows 1-2 the municipality, rows 2-4 the governorate
    service = LetterService(db, clock, TEHRAN)
    found = await service.prepare(c.actors["secretariat"], None, Letterhead(), "t.me/PeygirBot")
    assert (found.meeting, found.held_on, found.latest) == (40, date(2022, 12, 15), True)
    # «شهرداری فردیس» is registered but has nothing in meeting 40: no letter.
    assert [letter.agency for letter in found.letters] == [AGENCY_A, AGENCY_B]
    municipality, governorate = found.letters
    assert [r.number for r in municipality.resolutions] == [1, 2]
    assert [r.number for r in governorate.resolutions] == [2, 3, 4]
    assert municipality.resolutions[1].partners == (AGENCY_B,)
    assert governorate.resolutions[0].partners == (AGENCY_A,) and governorate.resolutions[1].partners == ()
    assert municipality.resolutions[1].items == ("شناسایی مکان", "تجهیز پایگاه")
    assert governorate.resolutions[1].ongoing and governorate.resolutions[1].due_on is None
    assert municipality.written_on == date(2022, 12, 26) and municipality.bot_link == "t.me/PeygirBot"
    # A cancelled assignment is no one's to act on: left out, and the other agency no longer names it.
    async with db.transaction(hooked=False) as conn:
        await conn.execute(
            update(assignments).where(assignments.c.id == c.ids[(2, "b")]).values(status="cancelled")
        )
    again = await service.prepare(c.actors["secretariat"], 40, Letterhead(), None)
    assert again.latest is False
    assert [r.number for r in again.letters[1].resolutions] == [3, 4]
    assert again.letters[0].resolutions[1].partners == ()
    with zipfile.ZipFile(io.BytesIO(await service.zip(again))) as archive:
        assert archive.namelist() == [
            f"ابلاغیه جلسه ۴۰ - {AGENCY_A}.docx",
            f"ابلاغیه جلسه ۴۰ - {AGENCY_B}.docx",
        ]


async def test_only_the_secretariat_makes_letters(db: Database, clock: FixedClock) -> None:
    service = LetterService(db, clock, TEHRAN)
    with pytest.raises(ServiceError, match=t.NO_MEETINGS):
        await service.prepare(Actor.system("t"), None, Letterhead(), None)
    c = await council(db, clock)
    for role in ("governor", "agency", "stranger"):
        with pytest.raises(AccessDenied):
            await service.prepare(c.actors[role], 40, Letterhead(), None)
    with pytest.raises(ServiceError, match="جلسه ۴۱ ثبت نشده"):
        await service.prepare(c.actors["secretariat"], 41, Letterhead(), None)
    async with db.transaction(hooked=False) as conn:
        await conn.execute(update(assignments).values(status="cancelled"))
    with pytest.raises(ServiceError, match="در جلسه ۴۰ مصوبه‌ای به دستگاهی ارجاع نشده"):
        await service.prepare(c.actors["secretariat"], 40, Letterhead(), None)


class FailingRunner:
    """A heavy runner whose worker always runs out of memory."""

    async def start(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def run(self, fn: object, *args: object, seconds: float | None = None) -> bytes:
        raise HeavyWorkFailed("memory", "letters")


async def test_a_failed_worker_is_a_short_answer(db: Database, clock: FixedClock) -> None:
    service = LetterService(db, clock, TEHRAN, heavy=FailingRunner())  # type: ignore[arg-type]
    letters = MeetingLetters(32, date(2026, 11, 26), False, (a_letter(),))
    with pytest.raises(ServiceError, match=t.LETTERS_FAILED):
        await service.zip(letters)
