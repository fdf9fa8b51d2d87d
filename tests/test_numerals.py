"""The one reading of a number a person wrote: ASCII, Persian and Arabic-Indic digits only, bounded."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.numerals import DIGIT, ID_MAX, INT32_MAX, is_digits, number_parts, parse_int, parse_ints
from bot.domain.persian import to_persian_digits


@pytest.mark.parametrize(
    ("text", "value"),
    [("19", 19), ("۱۹", 19), ("١٩", 19), (" ۱۹ ", 19), ("۰۰۷", 7), ("1۹", 19), ("0", 0)],
)
def test_the_three_scripts_of_digits_are_read(text: str, value: int) -> None:
    assert parse_int(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "²",  # superscript two: str.isdigit() says yes, int() raises
        "۱²",
        "１２",  # fullwidth
        "१२",  # Devanagari: int() would take it
        "-3",
        "+3",
        "3.5",
        "۳ ۴",
        "",
        "   ",
        "x",
        "½",
    ],
)
def test_anything_else_is_not_a_number(text: str) -> None:
    assert parse_int(text) is None
    assert not is_digits(text.strip()) or text.strip() == ""


def test_bounds_refuse_what_storage_cannot_hold() -> None:
    assert ID_MAX == INT32_MAX == 2_147_483_647
    assert parse_int("2147483647") == ID_MAX
    assert parse_int("2147483648") is None
    assert parse_int("99999999999999999999") is None
    assert parse_int("9223372036854775807") is None
    assert parse_int("000000000000000000000000042") == 42  # leading zeros are not size
    assert parse_int("0", low=1) is None
    assert parse_int("61", low=1, high=60) is None
    assert parse_int("۶۰", low=1, high=60) == 60


def test_a_huge_run_of_digits_costs_nothing() -> None:
    # int() refuses more than 4,300 digits with a ValueError; the parser never gets there.
    assert parse_int("9" * 100_000) is None
    assert parse_int("۹" * 100_000, high=10**9) is None


def test_number_parts_and_parse_ints_read_a_meeting_and_row() -> None:
    assert number_parts("۳۱/۳") == ["۳۱", "۳"]
    assert parse_ints("۳۱/۳") == [31, 3]
    assert parse_ints("31-3") == [31, 3]
    assert parse_ints(" ۳۱  ۳ ") == [31, 3]
    assert parse_ints("31/3/") == [31, 3]
    assert parse_ints("²/³") is None and number_parts("²/³") is None
    assert parse_ints("31/x") is None
    assert parse_ints("") is None and parse_ints("/") is None
    assert number_parts("9223372036854775807/1") == ["9223372036854775807", "1"]
    assert parse_ints("9223372036854775807/1") is None
    assert parse_ints("0/1", low=1) is None


def test_the_digit_class_matches_the_three_scripts_only() -> None:
    pattern = re.compile(f"{DIGIT}+")
    assert pattern.fullmatch("0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")
    for other in ("²", "１", "१", "½"):
        assert pattern.fullmatch(other) is None


@given(st.text())
def test_parse_int_never_raises(text: str) -> None:
    value = parse_int(text)
    assert value is None or 0 <= value <= INT32_MAX


@given(st.integers(min_value=0, max_value=INT32_MAX))
def test_every_storable_number_reads_back_in_persian_digits(number: int) -> None:
    assert parse_int(to_persian_digits(str(number))) == number
    assert parse_ints(f"{to_persian_digits(str(number))}/{number}") == [number, number]
