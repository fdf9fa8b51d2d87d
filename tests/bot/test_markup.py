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


def test_split_text_counts_utf16_units_and_never_splits_an_emoji() -> None:
    from bot.domain.persian import utf16_len

    text = "🎉" * 5000  # 10,000 units on one line
    pieces = split_text(text, 4096)
    assert [utf16_len(p) for p in pieces] == [4096, 4096, 1808]
    assert "".join(pieces) == text
    assert all("\ud83c" not in p for p in pieces)  # no half of a pair on either side


def test_split_text_counts_emoji_lines_in_utf16_units() -> None:
    from bot.domain.persian import utf16_len

    lines = ["🎉" * 30 for _ in range(100)]  # 60 units a line, 30 characters
    pieces = split_text("\n".join(lines), 1000)
    assert all(utf16_len(p) <= 1000 for p in pieces)
    assert "\n".join(pieces) == "\n".join(lines)
    assert len(pieces) == 7  # 16 lines (975 units) a piece; counting characters would make 4


def test_split_text_does_not_cut_inside_an_entity_or_a_tag() -> None:
    text = "ab&amp;" * 400 + "<b>x</b>" * 300
    pieces = split_text(text, 100)
    assert "".join(pieces) == text
    for piece in pieces:
        assert len(piece) <= 100
        last_amp, last_lt = piece.rfind("&"), piece.rfind("<")
        assert last_amp == -1 or piece.find(";", last_amp) != -1
        assert last_lt == -1 or piece.find(">", last_lt) != -1


def test_fit_quote_cuts_what_a_person_wrote_so_the_whole_text_fits() -> None:
    from bot.domain.persian import utf16_len
    from bot.markup import fit_quote

    template = "📝 <b>گزارش {who}</b>:\n{text}"
    values = fit_quote(template, {"who": "علی", "text": "🎉" * 4000}, "text", 4096)
    for html_mode in (True, False):
        filled = Markup(html_mode).fill(template, **values)
        visible = filled.replace("<b>", "").replace("</b>", "")
        assert 4000 < utf16_len(visible) <= 4096
    assert str(values["text"]).endswith("…")
    short = {"who": "علی", "text": "۵۰٪ انجام شد"}
    assert fit_quote(template, short, "text", 4096) == short
