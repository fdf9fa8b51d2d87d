"""The notification letter to each agency (ابلاغیه) after a meeting, as DOCX, and the ZIP of them all.

A letter, top to bottom: «بسمه تعالی»; the letterhead (the council and the secretariat) beside the
registry's «شماره» (left for the secretariat to fill in), the date and «پیوست»; «به: …» (the agency) and
«موضوع: ابلاغ مصوبات جلسه …»; the greeting and one sentence; the table of the agency's resolutions
(number; text with its sub-items «الف)»، «ب)» … and, for a shared resolution, «با همکاری: …» the other
agencies; the due date, Jalali, or «مستمر»); the request to report progress through the bot (its link
when the bot's username is known); the signatory, on the left. Right to left, the font and the page
numbers: bot/reports/word.py.

Everything a letter shows is in :class:`Letter`, plain values, so a letter is written by the heavy
runner's worker (``write_letters_zip``) and a test builds one from data alone::

    write_letter(Letter("شهرداری کمالشهر", 32, date(2026, 11, 26), date(2026, 11, 29),
                        (LetterResolution(1, "مقرر گردید …", (), date(2026, 12, 10), False, ()),)))
"""

from __future__ import annotations

import io
import re
import zipfile

from docx.shared import Cm, Pt

from bot.domain.jalali import format_jalali
from bot.domain.persian import fa, persian_list, squash_spaces
from bot.reports.cells import due_of, text_lines
from bot.reports.documents import Letter
from bot.reports.word import SMALL, Align, RtlDocument
from bot.texts import letters as t

# The letterhead's two columns (the council on the right, the registry's lines on the left), the
# resolutions' table (row, text, due) and the signature's (empty, then the signatory on the left): 18 cm.
HEAD_WIDTHS = (Cm(11), Cm(7))
WIDTHS = (Cm(1.4), Cm(13.4), Cm(3.2))
ALIGN: tuple[Align | None, ...] = ("center", None, "center")
SIGNATURE_WIDTHS = (Cm(10), Cm(8))
# Other agencies a shared resolution names in full; the rest are counted («و ۶ دستگاه دیگر»).
PARTNERS_SHOWN = 4
# Characters of an agency's name in a file name (a whole name stays inside every file system's limit).
NAME_CUT = 80
# What no file name on Windows, macOS or Linux may hold (and the bidi marks, which only confuse).
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\u200e\u200f\u202a-\u202e\u2066-\u2069]')


def write_letter(letter: Letter) -> bytes:
    head = letter.letterhead
    document = RtlDocument(head.font)
    document.paragraph(t.LETTER_INVOCATION, bold=True, align="center", after=Pt(8))
    top = document.table(HEAD_WIDTHS, None, grid=False)
    registry = [
        t.LETTER_NUMBER,
        t.LETTER_DATE.format(date=format_jalali(letter.written_on)),
        t.LETTER_ATTACHMENT,
    ]
    document.row(top, [[head.council, head.secretariat], registry], HEAD_WIDTHS, bold=True)
    document.paragraph("", after=Pt(8))
    meeting, held_on = fa(letter.meeting), format_jalali(letter.held_on)
    document.paragraph(t.LETTER_TO.format(agency=letter.agency), bold=True)
    document.paragraph(t.LETTER_SUBJECT.format(meeting=meeting, held_on=held_on), bold=True, after=Pt(10))
    document.paragraph(t.LETTER_GREETING)
    body = t.LETTER_BODY.format(meeting=meeting, council=head.council, held_on=held_on)
    document.paragraph(body, after=Pt(8))
    table = document.table(WIDTHS, t.LETTER_HEADERS)
    for resolution in letter.resolutions:
        text = text_lines(resolution.text, resolution.items)
        due = due_of(resolution.due_on, resolution.ongoing)
        cells = document.row(table, [[fa(resolution.number)], text, [due]], WIDTHS, align=ALIGN)
        if resolution.partners:
            partners = t.LETTER_PARTNERS.format(agencies=_partners(resolution.partners))
            document.write(cells[1].add_paragraph(), partners, size=SMALL)
    document.paragraph("", after=Pt(2))
    bot = t.LETTER_BOT_LINK.format(link=letter.bot_link) if letter.bot_link else t.LETTER_BOT_NO_LINK
    document.paragraph(t.LETTER_CLOSING.format(bot=bot), after=Pt(24))
    signature = document.table(SIGNATURE_WIDTHS, None, grid=False)
    signer = [line for line in (head.signatory, head.signatory_position) if line]
    # On the left, the name and the position centred under each other.
    document.row(signature, [[""], signer], SIGNATURE_WIDTHS, bold=True, align="center")
    return document.to_bytes()


def _partners(names: tuple[str, ...]) -> str:
    """«الف، ب»; past a few, «الف، ب، پ، ت و ۶ دستگاه دیگر» (a resolution for every agency)."""
    if len(names) <= PARTNERS_SHOWN + 1:
        return persian_list(names)
    shown = persian_list(names[:PARTNERS_SHOWN])
    return t.LETTER_PARTNERS_MORE.format(agencies=shown, count=fa(len(names) - PARTNERS_SHOWN))


def letter_file_names(letters: list[Letter]) -> list[str]:
    """Each letter's file name, «ابلاغیه جلسه ۳۲ - شهرداری کمالشهر.docx»: the agency's name made safe for
    any file system and cut; two names that come out the same get «(۲)», «(۳)» …"""
    names: list[str] = []
    taken: set[str] = set()
    for letter in letters:
        agency = squash_spaces(_UNSAFE.sub(" ", letter.agency))[:NAME_CUT].strip(" .") or t.AGENCY_UNNAMED
        name = t.LETTER_FILE.format(meeting=fa(letter.meeting), agency=agency)
        copy = 1
        while name.casefold() in taken:
            copy += 1
            name = t.LETTER_FILE.format(meeting=fa(letter.meeting), agency=f"{agency} ({fa(copy)})")
        taken.add(name.casefold())
        names.append(name)
    return names


def write_letters(letters: list[Letter]) -> list[tuple[str, bytes]]:
    """Every letter with its file name."""
    return list(zip(letter_file_names(letters), map(write_letter, letters), strict=True))


def write_letters_zip(letters: list[Letter]) -> bytes:
    """Every letter in one ZIP, each under its Persian name (stored as UTF-8, as the ZIP format allows)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in write_letters(letters):
            archive.writestr(name, content)
    return out.getvalue()
