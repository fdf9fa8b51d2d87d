"""A PDF's glyphs into lines and paragraphs: words apart, half-spaces kept, in the order they were typed.

Each line's glyphs are sorted left to right and turned back into logical order (``bidi_order``). Arabic
presentation forms become base letters (NFKC, per glyph, after the reordering, so that a lam-alef
ligature keeps its order); a space is put where two glyphs stand apart without a space glyph, and a
space glyph drawn over a letter (how LibreOffice writes the zero-width half-space) is read as the
half-space (ZWNJ). The stretching strokes of justified text (kashida) are dropped. In a table cell, a
line that was wrapped (the next line's first word would not have fitted on it) is joined to the next,
so that a cell's lines are its paragraphs, as in Word.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from bot.domain.persian import fa
from bot.minutes.bidi_order import LEFT_TO_RIGHT, bidi_kind, is_rtl_letter, visual_to_logical
from bot.minutes.blocks import clean_line
from bot.minutes.model import MinutesError
from bot.texts import minutes as texts

#: The most glyphs a line may hold (a line across an A4 page holds some 150; the ordering is quadratic).
MAX_LINE_GLYPHS = 1000

#: Glyphs further apart than this fraction of the font size, with no space glyph between, are two words.
_SPACE_GAP = 0.2


#: Width of a space, as a fraction of the font size, when judging whether a word fitted on a line.
_SPACE_WIDTH = 0.25


#: Glyphs whose vertical middles are closer than this fraction of the font size are on one line.
_LINE_GAP = 0.4


#: Lines further apart than this fraction of the font size (bottom to top) are two paragraphs.
_PARAGRAPH_GAP = 0.6


#: Slack (points) when judging whether a word fitted at the end of a line.
_FIT_SLACK = 1.0


#: Arabic presentation forms (A and B) and the Latin/Hebrew alphabetic ones (ﬁ …): normalised by NFKC.
_PRESENTATION = ((0xFB00, 0xFDFF), (0xFE70, 0xFEFE))


_BIDI_CONTROLS = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


ZWNJ = "\u200c"


#: The stretching stroke of justified Arabic text: layout, not text.
_TATWEEL = "\u0640"


#: A wrapped line ending with one of these is joined to the next without a space.
_OPENING = ("(", "[", "{", "«", ZWNJ)


#: A line that starts a sub-item or a list entry («الف -»، «ب)»، «۱-»، «•») starts a new paragraph.
_ITEM_START = re.compile(
    r"\(?(?:الف|[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc])\s?[-–—).:](?![0-9۰-۹٠-٩])"
    r"|[0-9۰-۹٠-٩]{1,2}\s?[-–—).](?![0-9۰-۹٠-٩])"
    r"|[-–—•▪●*]\s"
)


@dataclass(frozen=True)
class Glyph:
    """One glyph as pdfplumber gives it; ``text`` may be several characters (a ligature)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Line:
    """A visual line: its text in logical order and where it stands."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word: float  # width of the word the line starts with (the rightmost one when right to left)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def clean_glyph(text: str) -> str:
    """A glyph's text without bidi controls, presentation forms turned into base letters (ZWNJ kept)."""
    out: list[str] = []
    for ch in text:
        if ch in _BIDI_CONTROLS or ch == _TATWEEL:
            continue
        code = ord(ch)
        if any(low <= code <= high for low, high in _PRESENTATION):
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return "".join(out)


def is_rtl(glyphs: list[Glyph]) -> bool:
    """Text is read right to left unless it is more Latin than Persian."""
    kinds = [bidi_kind(glyph.text) for glyph in glyphs]
    return kinds.count("AL") + kinds.count("R") >= kinds.count("L")


def group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines, top to bottom (each line's glyphs in no particular order). A line of
    more than ``MAX_LINE_GLYPHS`` is no minutes' line (a page across holds some 150): ``MinutesError``,
    before the ordering, whose work grows faster than the line, is tried on it."""
    lines: list[list[Glyph]] = []
    anchor = 0.0
    for glyph in sorted(glyphs, key=lambda g: (g.middle, g.x0)):
        if lines and abs(glyph.middle - anchor) <= _LINE_GAP * glyph.size:
            lines[-1].append(glyph)
            if len(lines[-1]) > MAX_LINE_GLYPHS:
                raise MinutesError(texts.PDF_LINE_TOO_LONG.format(limit=fa(MAX_LINE_GLYPHS)))
        else:
            lines.append([glyph])
            anchor = glyph.middle
    return lines


def make_line(glyphs: list[Glyph], rtl: bool) -> Line:
    """A line's text in logical order, with the geometry needed to join wrapped lines."""
    visual = visual_order(glyphs)
    texts_ = [glyph.text for glyph in visual]
    rtl = rtl or any(is_rtl_letter(text) for text in texts_)
    words = visual[::-1] if rtl else visual
    first = list(itertools.takewhile(lambda glyph: not glyph.text.isspace(), words))
    first_word = max(g.x1 for g in first) - min(g.x0 for g in first) if first else 0.0
    return Line(
        text=clean_line("".join(visual_to_logical(texts_, rtl))),
        x0=min(g.x0 for g in glyphs),
        x1=max(g.x1 for g in glyphs),
        top=min(g.top for g in glyphs),
        bottom=max(g.bottom for g in glyphs),
        size=max(g.size for g in glyphs),
        first_word=first_word,
    )


def visual_order(line: list[Glyph]) -> list[Glyph]:
    """The line's glyphs left to right, with spaces where glyphs stand a word apart.

    A space glyph drawn over a letter is a zero-width half-space (ZWNJ): it is placed at its left edge,
    where the pen stood. An Arabic mark (a vowel sign drawn over its letter) is put just left of its
    letter, so that once the line is reversed it follows the letter, as in the text that was typed.
    """
    keyed: list[tuple[float, Glyph]] = []
    for glyph in line:
        if glyph.text.isspace() and _covered(glyph, line):
            keyed.append((glyph.x0, Glyph(ZWNJ, glyph.x0, glyph.x0, glyph.top, glyph.bottom, glyph.size)))
        else:
            keyed.append((glyph.centre, glyph))
    ordered = [glyph for _, glyph in sorted(keyed, key=lambda pair: pair[0])]
    for index in range(1, len(ordered)):
        mark, base = ordered[index], ordered[index - 1]
        if _is_mark(mark.text) and base.x0 <= mark.centre <= base.x1 and is_rtl_letter(base.text):
            ordered[index - 1], ordered[index] = mark, base
    out: list[Glyph] = []
    previous: Glyph | None = None
    for glyph in _without_kashidas(ordered):
        if (
            previous is not None
            and not previous.text.isspace()
            and not glyph.text.isspace()
            and glyph.x0 - previous.x1 > _SPACE_GAP * min(glyph.size, previous.size)
        ):
            out.append(Glyph(" ", previous.x1, glyph.x0, glyph.top, glyph.bottom, glyph.size))
        out.append(glyph)
        if not _is_mark(glyph.text) and glyph.text != ZWNJ:
            previous = glyph
    return out


def _without_kashidas(ordered: list[Glyph]) -> list[Glyph]:
    """The glyphs without the stretching strokes (kashida) of justified Arabic text.

    LibreOffice writes them without a text mapping, so they come out as whatever character their code
    is («1»): a run of Latin letters or digits between two Arabic letters, with no space anywhere from
    one letter to the other, is such strokes. The letter left of them is widened over them, so that no
    space is seen where they were.
    """
    out: list[Glyph] = []
    index = 0
    while index < len(ordered):
        glyph = ordered[index]
        end = index + 1
        while end < len(ordered) and bidi_kind(ordered[end].text) in LEFT_TO_RIGHT:
            end += 1
        if (
            end > index + 1
            and end < len(ordered)
            and is_rtl_letter(glyph.text)
            and is_rtl_letter(ordered[end].text)
            and _glued(ordered[index : end + 1])
        ):
            out.append(Glyph(glyph.text, glyph.x0, ordered[end - 1].x1, glyph.top, glyph.bottom, glyph.size))
            index = end
        else:
            out.append(glyph)
            index += 1
    return out


def _glued(glyphs: list[Glyph]) -> bool:
    """Whether no gap between the glyphs is as wide as a space."""
    reach = glyphs[0].x1
    for glyph in glyphs[1:]:
        if glyph.x0 - reach > _SPACE_GAP * glyph.size:
            return False
        reach = max(reach, glyph.x1)
    return True


def _covered(space: Glyph, line: list[Glyph]) -> bool:
    """Whether more than half of a space glyph lies over another glyph."""
    width = space.x1 - space.x0
    return width > 0 and any(
        min(space.x1, other.x1) - max(space.x0, other.x0) > width / 2
        for other in line
        if not other.text.isspace()
    )


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.category(ch) == "Mn" for ch in text)


def paragraphs(lines: list[Line], width: float) -> list[tuple[Line, str]]:
    """Lines (top to bottom) joined where one was wrapped: the next line's first word would not have
    fitted on it in ``width``. A line that starts a sub-item, or stands apart, starts a new paragraph.
    Each paragraph comes with its first line (where it stands)."""
    found: list[tuple[Line, str]] = []
    previous: Line | None = None
    for line in lines:
        if (
            previous is not None
            and found
            and line.top - previous.bottom <= _PARAGRAPH_GAP * line.size
            and not _ITEM_START.match(line.text)
            and previous.width + _SPACE_WIDTH * line.size + line.first_word > width - _FIT_SLACK
        ):
            first, text = found[-1]
            found[-1] = (first, text + ("" if text.endswith(_OPENING) else " ") + line.text)
        else:
            found.append((line, line.text))
        previous = line
    return found
