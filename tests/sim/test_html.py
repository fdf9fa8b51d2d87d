from __future__ import annotations

import pytest

from simulator.html import ParseError, strip_html


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<b>سلام</b> &lt;x&gt; &amp; &quot;", 'سلام <x> & "'),
        ('<a href="https://t.me/x">link</a> <code>c</code> <pre>p</pre>', "link c p"),
        ("<b><i>nested</i></b>", "nested"),
        ('<span class="tg-spoiler">s</span><tg-spoiler>t</tg-spoiler>', "st"),
        ("&#1587;&#x633;", "سس"),
        ("a > b", "a > b"),
    ],
)
def test_valid_html_becomes_plain_text(text: str, plain: str) -> None:
    assert strip_html(text) == plain


@pytest.mark.parametrize(
    "text",
    [
        "a < b",
        "<script>x</script>",
        "<b>open",
        "<b><i>x</b></i>",
        "</b>",
        "&nbsp;",
        "<a>no href</a>",
        "<span>x</span>",
    ],
)
def test_what_telegram_refuses(text: str) -> None:
    with pytest.raises(ParseError):
        strip_html(text)
