"""A resolution named in one line (bot.domain.resolution_text), with the shapes real minutes have."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.persian import utf16_len
from bot.domain.resolution_text import is_lead_in, resolution_line

# Seed 002, row 2: a lead-in, then five sub-items (as the importer keeps them, without their letters).
LEAD_IN = "مقرر گردید: شهرداری کمالشهر :"
ITEMS_002 = [
    "مسائل مطرح شده توسط مدیر محله شهرک امیرالمومنین (ع) در دستور کار قرار گیرد.",
    "در خصوص تامین مکان برای مرکز جامع سلامت در شهرک امیرالمومنین اقدام گردد.",
    "در خصوص مبلمان شهری کمالشهر ، پاکداشت محیط شهری و رفع خاموشی اقدام شود.",
    "از گسترش ساخت و ساز های غیر مجاز جلوگیری گردد.",
    "جلسه ای با محوریت کمیته خدمات شهری و با حضور شهرداری برگزار شود.",
]
# Minutes 31, row 3: a text that says everything itself.
PLAIN = (
    "مقرر گردید: شهرداری کمالشهر و فرمانداری کرج نسبت به روشنایی معابر شهرک امیرالمومنین (ع) اقدام نمایند."
)


def test_a_lead_in_is_named_with_its_first_item_and_the_count_of_the_others() -> None:
    line = resolution_line(LEAD_IN, ITEMS_002, 300)
    assert line == f"مقرر گردید: شهرداری کمالشهر: {ITEMS_002[0]} (و ۴ بند دیگر)"
    # One sub-item: nothing more to count.
    assert resolution_line(LEAD_IN, ITEMS_002[:1], 300) == f"مقرر گردید: شهرداری کمالشهر: {ITEMS_002[0]}"


def test_a_long_first_item_is_cut_and_the_count_stays_whole() -> None:
    long_item = "کلاس های جبرانی در مدارس محلات هدف برگزار گردد و " * 6
    line = resolution_line("مقرر گردید: برای کاهش ترک تحصیل در محلات هدف:", [long_item, "دوم"], 120)
    assert utf16_len(line) == 120
    assert line.startswith("مقرر گردید: برای کاهش ترک تحصیل در محلات هدف: کلاس های جبرانی")
    assert line.endswith("… (و ۱ بند دیگر)")
    assert ":: " not in line and " :" not in line  # the lead-in's own colon is not repeated


def test_a_plain_text_is_shown_as_written_and_cut() -> None:
    assert resolution_line(PLAIN, [], 300) == PLAIN
    assert resolution_line(PLAIN, [], 40) == PLAIN[:39] + "…"
    # Kept as written: «مقرر گردید:» stays; new lines and runs of spaces become one space.
    written = "مقرر گردید:\n  شهرداری   اقدام نماید."
    assert resolution_line(written, [], 300) == "مقرر گردید: شهرداری اقدام نماید."


def test_a_text_with_items_that_is_not_a_lead_in_says_how_many_items_it_has() -> None:
    text = "مقرر گردید دستگاه های زیر در محلات هدف نسبت به موارد ذیل اقدام و نتیجه را گزارش نمایند"
    assert not is_lead_in(text, ["یک", "دو", "سه"])
    assert resolution_line(text, ["یک", "دو", "سه"], 300) == text + " (۳ بند)"
    line = resolution_line(text, ["یک", "دو", "سه"], 50)
    assert utf16_len(line) == 50 and line.endswith("… (۳ بند)")


def test_what_counts_as_a_lead_in() -> None:
    assert is_lead_in(LEAD_IN, ITEMS_002)
    assert is_lead_in("مقرر گردید", ["یک"])  # short, without a colon
    assert is_lead_in("", ["یک"])
    assert not is_lead_in(LEAD_IN, [])  # no sub-items: nothing to lead in to
    assert not is_lead_in(LEAD_IN, ["  "])
    assert not is_lead_in(PLAIN, ["یک"])
    # Only the lead-in's trailing colon and spaces go; an empty lead-in leaves the first item alone.
    assert resolution_line("", ["یک", "دو"], 100) == "یک (و ۱ بند دیگر)"
    assert resolution_line("مقرر گردید :", [], 100) == "مقرر گردید"


def test_emoji_count_two_units_and_are_never_cut_in_half() -> None:
    item = "🎉" * 30  # 60 UTF-16 units
    line = resolution_line("مقرر گردید:", [item, "دوم"], 40)
    assert utf16_len(line) <= 40 and line.endswith("… (و ۱ بند دیگر)")
    line.encode("utf-16-le")  # no lone surrogate (would raise)
    assert resolution_line("🎉🎉🎉", [], 4) == "🎉…"


def test_a_limit_too_small_for_the_count_keeps_the_text_first() -> None:
    line = resolution_line(PLAIN, ["یک", "دو"], 12)
    assert utf16_len(line) <= 12 and line.startswith("مقرر گردید")


@given(
    st.text(max_size=200),
    st.lists(st.text(max_size=120), max_size=6),
    st.integers(min_value=1, max_value=400),
)
def test_the_line_always_fits_on_one_line(text: str, items: list[str], limit: int) -> None:
    line = resolution_line(text, items, limit)
    assert utf16_len(line) <= limit
    assert "\n" not in line
    line.encode("utf-16-le")
