"""Files the importer refuses, each with a clear one-line Persian reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot.domain.workdays import WorkCalendar
from bot.minutes import MinutesError, parse_minutes_bytes, parse_minutes_file, parse_minutes_text
from bot.texts import minutes as texts


def _reason(data: bytes, name: str, calendar: WorkCalendar) -> str:
    with pytest.raises(MinutesError) as caught:
        parse_minutes_bytes(data, name, calendar)
    reason = str(caught.value)
    assert reason and "\n" not in reason
    return reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.docx", "empty"])
@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_empty_file(data: bytes, name: str, calendar: WorkCalendar) -> None:
    assert _reason(data, name, calendar) == texts.EMPTY_FILE


@pytest.mark.parametrize("data", [b"\xef\xbb\xbf\n", b"\xff\xfe\n\x00 \x00"])
def test_only_a_bom(data: bytes, calendar: WorkCalendar) -> None:
    assert _reason(data, "empty.txt", calendar) == texts.EMPTY_FILE
    assert _reason(data, "empty.docx", calendar) == texts.DOCX_NOT_ZIP


def test_text_without_a_table(calendar: WorkCalendar) -> None:
    text = "موضوع: نوزدهمین صورتجلسه قرارگاه اجتماعی استان\n\nجلسه برگزار شد و مصوبه ای نداشت.\n"
    assert _reason(text.encode(), "minutes.txt", calendar) == texts.NO_TABLE
    with pytest.raises(MinutesError, match="جدول مصوبات"):
        parse_minutes_text(text, calendar)


def test_header_without_rows(calendar: WorkCalendar) -> None:
    text = "| ردیف | مصوبات | اقدام کننده | زمان اقدام |\n|---|---|---|---|\n"
    assert _reason(text.encode(), "minutes.md", calendar) == texts.NO_TABLE


def test_binary_content(calendar: WorkCalendar) -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert _reason(data, "minutes.txt", calendar) == texts.BINARY_FILE
    assert _reason(b"ab\x00cd" * 10, "minutes.md", calendar) == texts.BINARY_FILE


def test_control_characters_without_nul(calendar: WorkCalendar) -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 20 + "ردیف".encode()
    assert _reason(data, "minutes.txt", calendar) == texts.BINARY_FILE


def test_docx_that_is_not_a_zip(calendar: WorkCalendar) -> None:
    assert _reason("این یک فایل متنی است".encode(), "minutes.docx", calendar) == texts.DOCX_NOT_ZIP
    assert _reason(b"PK\x03\x04 truncated", "minutes.docx", calendar) == texts.DOCX_NOT_ZIP


def test_zip_that_is_not_a_word_document(calendar: WorkCalendar) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "سلام")
    assert _reason(buffer.getvalue(), "minutes.docx", calendar) == texts.DOCX_NOT_WORD
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "not xml")
    assert _reason(broken.getvalue(), "minutes.docx", calendar) == texts.DOCX_NOT_WORD


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("minutes.pdf", texts.PDF_UNREADABLE),  # a PDF header and nothing else
        ("minutes.doc", texts.UNSUPPORTED_DOC),
        ("minutes.xlsx", texts.UNSUPPORTED_EXTENSION.format(ext=".xlsx")),
        ("minutes.JPG", texts.UNSUPPORTED_EXTENSION.format(ext=".jpg")),
    ],
)
def test_unsupported_extension(name: str, reason: str, calendar: WorkCalendar) -> None:
    assert _reason(b"%PDF-1.4 some content", name, calendar) == reason


def test_too_large(calendar: WorkCalendar) -> None:
    reason = _reason(b"a" * (20 * 1024 * 1024 + 1), "big.txt", calendar)
    assert "بزرگ" in reason


def test_file_path_errors(tmp_path: Path, calendar: WorkCalendar) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(MinutesError):
        parse_minutes_file(empty, calendar)
    with pytest.raises(OSError):
        parse_minutes_file(tmp_path / "missing.txt", calendar)


def test_undecodable_after_a_bom(calendar: WorkCalendar) -> None:
    assert _reason(b"\xef\xbb\xbf\xff\xfe\xfd", "minutes.txt", calendar) == texts.UNDECODABLE
