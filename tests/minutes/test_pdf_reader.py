"""The PDF reader: right-to-left order from glyphs, tables from ruling lines, and refusals.

Most PDFs here are written by hand (a few lines of PDF syntax, Latin text in a standard font, tables as
ruled lines), so the tests need no converter. Persian text needs an embedded font: the last test makes a
Word file, converts it with LibreOffice when it is installed, and checks that the PDF reads exactly as
the Word file does.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph as DocxParagraph
from PIL import Image

from bot.domain.jalali import jalali_str
from bot.domain.persian import fa
from bot.domain.workdays import WorkCalendar
from bot.minutes import _parse_blocks
from bot.minutes.bidi_order import visual_to_logical
from bot.minutes.blocks import Paragraph, Row
from bot.minutes.docx_reader import docx_blocks
from bot.minutes.model import MinutesError
from bot.minutes.pdf_lines import MAX_LINE_GLYPHS, ZWNJ, Glyph, clean_glyph, group_lines, visual_order
from bot.minutes.pdf_reader import MAX_PAGES, pdf_blocks
from bot.texts import minutes as texts

# --- visual to logical order ---------------------------------------------------------------------------


def _logical(visual: list[str], rtl: bool | None = None) -> str:
    return "".join(visual_to_logical(visual, rtl))


def _drawn(text: str) -> list[str]:
    """Persian text with no digits or Latin, as drawn: its characters reversed."""
    return list(reversed(text))


def test_persian_line_is_reversed_by_glyph() -> None:
    assert _logical(_drawn("قرارگاه اجتماعی استان")) == "قرارگاه اجتماعی استان"


def test_lam_alef_ligature_keeps_its_order() -> None:
    # «محلات» drawn right to left: ت, the lam-alef ligature (one glyph, U+FEFC final form), ح, م.
    glyphs = [clean_glyph(glyph) for glyph in ["ت", "\ufefc", "ح", "م"]]
    assert glyphs[1] == "لا"
    assert _logical(glyphs) == "محلات"  # reversing the decoded string would give «محالت»
    assert _logical(["ل", "ا", "ل", "ق", "ت", "س", "ا"]) == "استقلال"


def test_dates_and_numbers_keep_their_digit_order() -> None:
    # «تاریخ: ۱۴۰۱/۱۰/۱۳»: the date is drawn left to right at the left end of the line.
    assert _logical([*"۱۴۰۱/۱۰/۱۳", " ", ":", *_drawn("تاریخ")]) == "تاریخ: ۱۴۰۱/۱۰/۱۳"
    assert _logical(["۱", "۲"], rtl=True) == "۱۲"
    assert _logical([*_drawn("کارگاه"), " ", "۱", "۲", " ", *_drawn("مقرر گردید")]) == "مقرر گردید ۱۲ کارگاه"
    assert _logical([*"۹:۳۰", " ", *_drawn("ساعت")]) == "ساعت ۹:۳۰"
    assert _logical([*_drawn("هفته"), " ", "۲"]) == "۲ هفته"
    # Latin digits in a Persian date, as typed: «۱۴۰۱/۱۲/09».
    assert _logical([*"۱۴۰۱/۱۲/09", " ", *_drawn("تا")]) == "تا ۱۴۰۱/۱۲/09"


def test_two_numbers_apart_stay_apart() -> None:
    # Typed «۱۲ ۱۳» in a right-to-left paragraph, drawn «۱۳ ۱۲».
    assert _logical([*"۱۳", " ", *"۱۲"], rtl=True) == "۱۲ ۱۳"


def test_percent_sign_after_persian_letters_and_alone() -> None:
    # After Arabic letters the digits are Arabic numbers and «٪» stands outside them (drawn «٪۵۰»).
    drawn = [*_drawn("تخفیف"), " ", "٪", "۵", "۰", " ", *_drawn("با")]
    assert _logical(drawn) == "با ۵۰٪ تخفیف"
    assert _logical(["۵", "۰", "٪"], rtl=True) == "۵۰٪"


def test_latin_runs_inside_persian_text() -> None:
    drawn = [*_drawn("موارد"), " ", "،", *"Windows 10", " ", *_drawn("سامانه")]
    assert _logical(drawn) == "سامانه Windows 10، موارد"
    assert _logical(["و", " ", *"COVID-19", " ", *_drawn("گزارش")]) == "گزارش COVID-19 و"
    assert _logical([".", ")", *"Zoom", "(", " ", *_drawn("شود")]) == "شود (Zoom)."


def test_brackets_come_as_typed() -> None:
    # LibreOffice maps a mirrored bracket glyph to the bracket that was typed: no mirroring back.
    assert _logical([")", "ه", "ر", "(", " ", *_drawn("خمینی")]) == "خمینی (ره)"


def test_latin_line_is_left_as_drawn() -> None:
    assert _logical(list("Zoom meeting 10:30")) == "Zoom meeting 10:30"


def test_presentation_forms_and_controls() -> None:
    assert clean_glyph("\ufbfc") == "ی"  # Farsi yeh, isolated form → U+06CC, not the Arabic yeh
    assert clean_glyph("\ufbfd") == "\u06cc"
    assert clean_glyph("\ufb8e") == "ک"  # keheh
    assert clean_glyph("\ufef5") == "لآ"
    assert clean_glyph("\u200f\u202bب\u202c") == "ب"
    assert clean_glyph(ZWNJ) == ZWNJ  # the half-space is text
    assert clean_glyph("\u0640") == ""  # a kashida stretches a line; it is no letter
    assert clean_glyph("ی") == "ی" and clean_glyph("ک") == "ک"


def _glyph(text: str, x0: float, x1: float) -> Glyph:
    return Glyph(text, x0, x1, top=100.0, bottom=112.0, size=11.0)


def _line(glyphs: list[Glyph]) -> str:
    return "".join(visual_to_logical([glyph.text for glyph in visual_order(glyphs)]))


def test_half_space_drawn_as_a_space_over_a_letter() -> None:
    # «اطلاع‌رسانی» as LibreOffice draws it (positions from a real file): the ZWNJ is a space glyph
    # drawn over «ع», at the pen's position between «ر» and «ع».
    glyphs = [
        _glyph("ی", 365.8, 374.9),
        _glyph("ن", 374.9, 377.9),
        _glyph("ا", 378.0, 381.3),
        _glyph("س", 385.5 - 4.1, 385.5 + 9.2),
        _glyph("ر", 394.7, 400.0),
        _glyph("ع", 399.9, 406.5),
        _glyph(" ", 400.0, 403.5),
        _glyph("لا", 406.5, 413.0),
        _glyph("ط", 413.1, 421.8),
        _glyph("ا", 421.8, 424.8),
    ]
    assert _line(glyphs) == "اطلاع\u200cرسانی"


def test_word_gap_without_space_glyph_is_a_space() -> None:
    glyphs = [_glyph("ه", 349.3, 355.2), _glyph("ب", 355.2, 358.4), _glyph("ا", 362.0, 365.0)]
    assert _line(glyphs) == "ا به"


def test_kashida_strokes_mapped_to_latin_are_dropped() -> None:
    # Justified text: LibreOffice's stretching strokes come out as «1», overlapping, inside a word.
    glyphs = [
        _glyph("ه", 349.3, 355.2),
        _glyph("1", 355.2, 358.4),
        _glyph("1", 356.0, 359.2),
        _glyph("ب", 359.2, 362.3),
        _glyph(" ", 362.3, 365.8),
        _glyph("1", 366.0, 372.0),
        _glyph("ا", 372.1, 375.0),
    ]
    assert _line(glyphs) == "ا1 به"  # a real «1», with a space on one side, is kept


# --- hand-written PDFs ---------------------------------------------------------------------------------


def _pdf(pages: list[str]) -> bytes:
    """A PDF whose pages draw the given content streams, with Helvetica as /F1."""
    count = len(pages)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids ["
        + " ".join(f"{4 + 2 * i} 0 R" for i in range(count))
        + f"] /Count {count} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index, content in enumerate(pages):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * index} 0 R >>"
        )
        stream = content.encode("latin-1")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{content}\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _text(x: float, y: float, text: str) -> str:
    return f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET"


def _rule(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0} {y0} m {x1} {y1} l S"


#: Columns at x 100|150|300|450, rows at y 700|680|660|640|620 (PDF's y grows upwards). Rows 1 and 2
#: share their first two cells (no rule between them there); the last row is one cell across the table.
_GRID = [
    "0.5 w",
    _rule(100, 700, 450, 700),
    _rule(100, 680, 450, 680),
    _rule(300, 660, 450, 660),
    _rule(100, 640, 450, 640),
    _rule(100, 620, 450, 620),
    _rule(100, 700, 100, 620),
    _rule(150, 700, 150, 640),
    _rule(300, 700, 300, 640),
    _rule(450, 700, 450, 620),
]


def test_table_with_merged_cells() -> None:
    content = [
        _text(100, 740, "Minutes of the meeting"),
        *_GRID,
        _text(105, 686, "No"),
        _text(155, 686, "Text"),
        _text(305, 686, "Party"),
        _text(105, 666, "1"),
        _text(155, 666, "Build the park"),
        _text(305, 666, "City hall"),
        _text(305, 646, "Water board"),
        _text(105, 626, "Signed by all"),
        _text(100, 600, "End"),
    ]
    blocks = pdf_blocks(_pdf(["\n".join(content)]))
    assert blocks == [
        Paragraph("Minutes of the meeting"),
        Row((("No",), ("Text",), ("Party",)), starts_table=True),
        Row((("1",), ("Build the park",), ("City hall",))),
        # The merged cells are repeated below and marked; the spanning row is one cell.
        Row((("1",), ("Build the park",), ("Water board",)), merged=frozenset({0, 1})),
        Row((("Signed by all",),)),
        Paragraph("End"),
    ]


def test_table_without_letters_reads_right_to_left() -> None:
    content = [*_GRID[:2], _rule(100, 680, 450, 680), *(_rule(x, 700, x, 680) for x in (100, 150, 300, 450))]
    content += [_text(105, 686, "3"), _text(155, 686, "2"), _text(305, 686, "1")]
    [row] = pdf_blocks(_pdf(["\n".join(content)]))
    assert row == Row((("1",), ("2",), ("3",)), starts_table=True)


def test_page_numbers_dropped_and_a_table_continued_on_the_next_page() -> None:
    header = [_text(105, 686, "No"), _text(155, 686, "Text"), _text(305, 686, "Party")]
    grid = [*_GRID[:3], _rule(100, 660, 450, 660), *(_rule(x, 700, x, 660) for x in (100, 150, 300, 450))]
    first = [
        *grid,
        *header,
        _text(105, 666, "1"),
        _text(155, 666, "Build"),
        _text(305, 666, "City hall"),
        _text(300, 40, "- 1 -"),
    ]
    second = [
        *grid,
        *header,  # Word's «repeat header row»
        _text(105, 666, "2"),
        _text(155, 666, "Clean"),
        _text(305, 666, "Water board"),
        _text(300, 40, "Page 2 of 2"),
    ]
    blocks = pdf_blocks(_pdf(["\n".join(first), "\n".join(second)]))
    assert blocks == [
        Row((("No",), ("Text",), ("Party",)), starts_table=True),
        Row((("1",), ("Build",), ("City hall",))),
        Row((("2",), ("Clean",), ("Water board",))),
    ]


def test_scanned_pdf_is_refused() -> None:
    buffer = io.BytesIO()
    Image.new("L", (200, 280), color=255).save(buffer, "PDF")
    with pytest.raises(MinutesError) as error:
        pdf_blocks(buffer.getvalue())
    assert error.value.reason == texts.PDF_NO_TEXT


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
        _pdf([_text(100, 700, "Hello")])[:150],  # cut short
        b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    ],
    ids=["noise", "truncated", "dangling"],
)
def test_broken_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(MinutesError) as error:
        pdf_blocks(data)
    assert error.value.reason == texts.PDF_UNREADABLE


def test_encrypted_pdf_is_refused() -> None:
    # The standard security handler with keys that the empty password does not open.
    data = _pdf([_text(100, 700, "Secret")]).replace(
        b"/Root 1 0 R >>",
        b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>",
    )
    with pytest.raises(MinutesError) as error:
        pdf_blocks(data)
    assert error.value.reason == texts.PDF_UNREADABLE


def test_too_many_pages_is_refused() -> None:
    with pytest.raises(MinutesError) as error:
        pdf_blocks(_pdf([_text(100, 700, "x")] * (MAX_PAGES + 1)))
    assert error.value.reason == texts.PDF_TOO_MANY_PAGES.format(limit=fa(MAX_PAGES))
    assert len(pdf_blocks(_pdf([_text(100, 700, "x")] * MAX_PAGES))) == MAX_PAGES


def test_empty_file() -> None:
    with pytest.raises(MinutesError) as error:
        pdf_blocks(b"  ")
    assert error.value.reason == texts.EMPTY_FILE


# --- a Word file converted by LibreOffice --------------------------------------------------------------

_FONT = "DejaVu Sans"


def _rtl(paragraph: DocxParagraph) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))
    for run in paragraph.runs:
        properties = run._r.get_or_add_rPr()
        properties.insert(
            0, parse_xml(f'<w:rFonts {nsdecls("w")} w:ascii="{_FONT}" w:hAnsi="{_FONT}" w:cs="{_FONT}"/>')
        )
        properties.append(parse_xml(f"<w:rtl {nsdecls('w')}/>"))


def _minutes_docx(path: Path) -> None:
    document = docx.Document()
    for line in [
        "بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان",
        "تاریخ: ۱۴۰۱/۱۰/۱۳     ساعت: ۱۰     محل: سالن جلسات استانداری",
        "موارد زیر مصوب گردید:",
    ]:
        _rtl(document.add_paragraph(line))
    rows: list[list[list[str]]] = [
        [["ردیف"], ["شرح مصوبه"], ["مسئول اجرا"], ["مهلت اجرا"]],
        [
            ["۱"],
            [
                "مقرر گردید ساماندهی محلات حاشیه‌نشین پیگیری شود:",
                "الف - اطلاع‌رسانی به ساکنان محلات انجام می‌شود.",
                "ب - گزارش تا ۱۴۰۱/۱۰/۲۵ ارائه شود.",
            ],
            ["شهرداری مرکز استان"],
            ["۲ هفته"],
        ],
        [
            ["۲"],
            ["مقرر گردید ۱۲ کارگاه آموزشی برگزار شود."],
            ["اداره کل ورزش و جوانان", "باشگاه استقلال"],
            ["یک ماه"],
        ],
        [["۳"], ["مقرر گردید دستگاه‌ها گزارش عملکرد خود را ارائه کنند."], ["استانداری"], ["مستمر"]],
        [[""], [""], ["اداره کل بهزیستی"], ["۱۴۰۱/۱۱/۳۰"]],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    table._tbl.tblPr.append(parse_xml(f"<w:bidiVisual {nsdecls('w')}/>"))
    for index, row in enumerate(rows):
        for column, lines in enumerate(row):
            cell = table.cell(index, column)
            for number, line in enumerate(lines):
                paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
                paragraph.add_run(line)
                _rtl(paragraph)
    for column in (0, 1):  # resolution 3: one number and text for two agencies
        table.cell(3, column).merge(table.cell(4, column))
    document.save(str(path))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no PDF with Persian text can be made")
    folder = tmp_path_factory.mktemp("pdf")
    source = folder / "minutes.docx"
    _minutes_docx(source)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    return source.read_bytes(), (folder / "minutes.pdf").read_bytes()


def test_libreoffice_pdf_reads_as_the_word_file(converted: tuple[bytes, bytes]) -> None:
    word, pdf = converted
    blocks = pdf_blocks(pdf)
    assert blocks == docx_blocks(word)
    parsed = _parse_blocks(blocks, WorkCalendar(weekend=(4,)), "minutes.pdf", "0" * 64)
    assert parsed.meeting.number == 27
    assert parsed.meeting.held_on is not None and jalali_str(parsed.meeting.held_on) == "1401/10/13"
    one, two, three = parsed.resolutions
    assert one.text == "مقرر گردید ساماندهی محلات حاشیه‌نشین پیگیری شود:"
    assert one.items == ["اطلاع‌رسانی به ساکنان محلات انجام می‌شود.", "گزارش تا ۱۴۰۱/۱۰/۲۵ ارائه شود."]
    assert one.parties == ["شهرداری مرکز استان"]
    assert one.deadline.kind == "relative" and one.deadline.amount == 2
    assert two.text == "مقرر گردید ۱۲ کارگاه آموزشی برگزار شود."
    assert two.parties == ["اداره کل ورزش و جوانان", "باشگاه استقلال"]
    assert three.parties == ["استانداری", "اداره کل بهزیستی"]


def test_a_line_too_long_for_minutes_is_refused_before_it_is_ordered() -> None:
    glyphs = [Glyph("۱", x, x + 5, 100, 110, 10) for x in range(0, 5 * (MAX_LINE_GLYPHS + 1), 5)]
    with pytest.raises(MinutesError) as error:
        group_lines(glyphs)
    assert error.value.reason == texts.PDF_LINE_TOO_LONG.format(limit=fa(MAX_LINE_GLYPHS))
    assert len(group_lines(glyphs[:MAX_LINE_GLYPHS])) == 1
