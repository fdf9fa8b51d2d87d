"""Cell judgements: row numbers, decision phrases, header rows."""

from __future__ import annotations

import pytest

from bot.minutes.blocks import Row
from bot.minutes.cells import header_roles, is_decision, looks_like_resolution, row_number


@pytest.mark.parametrize(
    ("text", "number"),
    [("۱", 1), ("12", 12), ("٣", 3), ("۴.", 4), ("(۵)", 5), ("۶-", 6), ("۷)", 7), (" ۸ ", 8), ("۹۹۹", 999)],
)
def test_row_numbers(text: str, number: int) -> None:
    assert row_number((text,)) == number


@pytest.mark.parametrize("text", ["", "۱۰۰۰", "۱۴۰۱/۰۶/۱۰", "۲ هفته", "ردیف ۱", "۱-۲", "الف"])
def test_not_row_numbers(text: str) -> None:
    assert row_number((text,) if text else ()) is None


def test_decision_phrases() -> None:
    assert is_decision("با عنایت به … مقرر گردید: اقدام شود")
    assert is_decision("مقرر گرديد")  # Arabic yeh
    assert is_decision("مقرر‌شد")  # with a ZWNJ
    assert not is_decision("در اجرای مصوبات قبلی")


@pytest.mark.parametrize(
    "labels",
    [
        ["ردیف", "مصوبات نوزدهمین جلسه قرارگاه اجتماعی استان مورخ ۱۴۰۱/۰۶/۱۰", "اقدام کننده", "زمان اقدام"],
        ["زمان اقدام", "اقدام‌کننده", "مصوبات", "ردیف"],
        ["رديف", "شرح مصوبه", "مسئول پیگیری", "مهلت"],  # Arabic yeh
        ["ردیف:", "موضوع", "دستگاه", "تاریخ"],
        ["شرح مصوبه", "مسوول اجرا"],
    ],
)
def test_header_rows(labels: list[str]) -> None:
    assert header_roles(Row(tuple((label,) for label in labels))) is not None


@pytest.mark.parametrize(
    "labels",
    [
        ["تاریخ تشکیل:", "روز:", "ساعت:", "محل تشکیل جلسه:", "شماره دعوتنامه:", "تاریخ دعوتنامه:"],
        ["شماره:", "تاریخ:", "پیوست:"],  # a letterhead
        ["نام و نام خانوادگی", "سمت", "امضا"],
        ["۱", "مصوبات", "اقدام کننده"],  # a row number: a row, not a header
    ],
)
def test_not_header_rows(labels: list[str]) -> None:
    assert header_roles(Row(tuple((label,) for label in labels))) is None


def test_resolution_like_rows() -> None:
    assert looks_like_resolution(Row((("۱",), ("مقرر گردید: گزارش شود.",), ("شهرداری",))))
    long_text = "شهرداری نسبت به بهسازی معابر محله اقدام و نتیجه را گزارش نماید."
    assert looks_like_resolution(Row((("۲",), (long_text,), ("شهرداری",), ("۲ هفته",))))
    assert not looks_like_resolution(Row((("۲",), ("کوتاه",), ("۲ هفته",))))
    assert not looks_like_resolution(Row((("علی رضایی",), ("مدیر کل",), ("",))))
