"""clean_text() and clean_payload(): what XML refuses is dropped, what Persian text needs is kept."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from docx.oxml import OxmlElement
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from bot.domain.cleaning import clean_payload, clean_text

ZWNJ, ZWJ, RLM, LRM, RLE, PDF, FSI, PDI, BOM = (
    "\u200c",
    "\u200d",
    "\u200f",
    "\u200e",
    "\u202b",
    "\u202c",
    "\u2068",
    "\u2069",
    "\ufeff",
)


def test_controls_and_nul_are_dropped_tabs_and_new_lines_kept() -> None:
    assert clean_text("گزارش\x00 پیشرفت\x07\x1b[31m") == "گزارش پیشرفت[31m"
    assert clean_text("الف\tب\nپ") == "الف\tب\nپ"
    assert clean_text("\x0b\x0c\x7f\x85\x9f") == ""


def test_line_ends_become_new_lines() -> None:
    assert clean_text("یک\r\nدو\rسه\n") == "یک\nدو\nسه\n"


def test_lone_surrogates_and_the_two_non_characters_are_dropped() -> None:
    assert clean_text("a\ud83db\udc00c\ufffed\uffff") == "abcd"
    assert clean_text("🎉") == "🎉"  # a real emoji (one code point) stays


def test_what_persian_text_needs_is_kept() -> None:
    text = f"می{ZWNJ}خواهم {RLM}۵۰٪{LRM} {RLE}x{PDF} {FSI}y{PDI} {BOM}ع{ZWJ}ـ کمال‌شهر"
    assert clean_text(text) == text


def test_clean_text_is_idempotent_and_keeps_clean_text_equal() -> None:
    text = "شهرداری کمالشهر: ۵۰٪ انجام شد 🎉"
    assert clean_text(text) == text
    messy = "a\x00\r\nb\ud800"
    assert clean_text(clean_text(messy)) == clean_text(messy)


SHEET = Workbook().active


@settings(deadline=None)
@given(st.text())
def test_what_is_left_is_accepted_by_both_report_writers(text: str) -> None:
    cleaned = clean_text(text)
    assert SHEET is not None
    SHEET["A1"] = cleaned  # openpyxl raises IllegalCharacterError on controls
    OxmlElement("w:t").text = cleaned  # python-docx (lxml): "All strings must be XML compatible"


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    assert clean_text(clean_text(text)) == clean_text(text)


def test_clean_payload_cleans_every_string_of_a_copy() -> None:
    clean: dict[str, Any] = {
        "update_id": 7,
        "message": {
            "text": "/report ۵۰٪",
            "chat": {"id": 42, "first_name": "علی"},
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            "photo": [],
            "caption": None,
            "is_topic": False,
            "rate": 1.5,
        },
        "tags": ["a\nb", ["c"]],
    }
    update = copy.deepcopy(clean)
    update["message"]["text"] = "/report\x00 ۵۰٪"
    update["message"]["chat"]["first_name"] = "علی\x07"
    update["tags\x00"] = ["a\rb", ["c\x01"]]
    del update["tags"]
    cleaned = clean_payload(update)
    assert cleaned == clean
    assert update["message"]["text"] == "/report\x00 ۵۰٪", "the original is left as it was"
    assert cleaned["message"] is not update["message"]


@pytest.mark.parametrize("value", [None, True, 3, 2.5, "x\x00"])
def test_clean_payload_of_a_single_value(value: object) -> None:
    assert clean_payload(value) == (clean_text(value) if isinstance(value, str) else value)


def test_clean_payload_survives_a_deeply_nested_structure() -> None:
    deep: Any = "\x00end"
    for _ in range(20_000):
        deep = [{"k": deep}]
    cleaned = clean_payload(deep)
    for _ in range(20_000):
        cleaned = cleaned[0]["k"]
    assert cleaned == "end"
