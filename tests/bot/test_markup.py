from __future__ import annotations

import pytest

from bot.markup import Markup, Raw, split_text


def test_html_mode_escapes_values_but_keeps_template_tags() -> None:
    markup = Markup(html_mode=True)
    text = markup.fill("<b>{name}</b> گفت: {text}", name="<i>علی</i>", text="a < b & c")
    assert text == "<b>&lt;i&gt;علی&lt;/i&gt;</b> گفت: a &lt; b &amp; c"


def test_plain_mode_drops_template_tags_and_keeps_values_as_written() -> None:
    markup = Markup(html_mode=False)
    assert markup.fill("<b>{name}</b> — <code>{x}</code>", name="<b>x</b>", x="&") == "<b>x</b> — &"


@pytest.mark.parametrize("html_mode", [True, False])
def test_a_filled_piece_is_not_escaped_twice(html_mode: bool) -> None:
    markup = Markup(html_mode)
    inner = markup.fill(" «{value}»", value="R&D")
    outer = markup.fill("{name}{agency}", name="<x>", agency=inner)
    assert isinstance(inner, Raw)
    assert outer == ("&lt;x&gt; «R&amp;D»" if html_mode else "<x> «R&D»")


def test_optional_is_empty_without_a_value() -> None:
    markup = Markup(html_mode=True)
    assert markup.optional(" ({value})", None) == ""
    assert markup.optional(" ({value})", "") == ""
    assert markup.optional(" ({value})", "<a>") == " (&lt;a&gt;)"


def test_split_text_cuts_at_line_ends_and_never_over_the_limit() -> None:
    lines = [f"سطر {i} " + "ا" * 30 for i in range(300)]
    text = "\n".join(lines)
    pieces = split_text(text, 1000)
    assert all(len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces) == text
    assert all(not p.startswith("\n") for p in pieces)


def test_split_text_cuts_a_single_overlong_line() -> None:
    pieces = split_text("x" * 2500, 1000)
    assert [len(p) for p in pieces] == [1000, 1000, 500]
    assert split_text("") == [""]


def test_shorten_keeps_short_text_and_cuts_long_text_to_the_limit() -> None:
    from bot.domain.persian import shorten

    assert shorten("کوتاه", 5) == "کوتاه"
    assert shorten("بلندتر از حد", 5) == "بلند…" and len(shorten("x" * 50, 10)) == 10
