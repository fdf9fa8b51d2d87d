"""Minutes in other offices' habits, written once as Word, HTML and (through LibreOffice) PDF.

One set of minutes, three files in ``tests/fixtures/minutes/``:
- ``office_merged.docx``: a Word table right to left with a title row spanning every column
  (``w:gridSpan``), a fifth column «ملاحظات», and two resolutions written as a row per agency whose
  number, text and remarks are merged down (``w:vMerge``); the date after «تاریخ:» on one line with
  the hour and the place, the number only in the title's ordinal;
- ``office_merged.pdf``: that document saved as PDF by LibreOffice (a text layer, ruled table);
- ``office_rowspan.html``: the same as an HTML page with ``rowspan`` and ``colspan``.

Every file reads to the same meeting and resolutions (``tests/minutes/test_office_shapes.py`` checks
them field by field). The files are committed; run ``python -m tests.minutes.office_shapes`` to write them
again (the PDF needs LibreOffice's ``soffice``).
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Cm, Pt

from bot.reports.word import RtlDocument, merge_down

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "minutes"
DOCX = FIXTURES / "office_merged.docx"
PDF = FIXTURES / "office_merged.pdf"
HTML = FIXTURES / "office_rowspan.html"

TITLE = "بیست و هفتمین صورتجلسه قرارگاه اجتماعی استان"
DATE_LINE = "تاریخ: ۱۴۰۱/۱۰/۱۳     ساعت: ۱۰     محل: سالن جلسات استانداری"
OPENING = (
    "جلسه قرارگاه اجتماعی استان به ریاست استاندار محترم و با حضور اعضا برگزار شد و پس از بحث و بررسی"
    " موارد زیر مصوب گردید:"
)
TABLE_TITLE = "مصوبات جلسه بیست و هفتم قرارگاه اجتماعی استان"
HEADER = ("ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت اجرا", "ملاحظات")
SIGNATURE = "دبیر قرارگاه اجتماعی استان"


@dataclass(frozen=True)
class AgencyRow:
    party: str
    deadline: str


@dataclass(frozen=True)
class Resolution:
    number: str
    lines: tuple[str, ...]  # the text cell's paragraphs
    agencies: tuple[AgencyRow, ...]  # a row each; two or more: number, text and note merged down
    note: str = ""


RESOLUTIONS: tuple[Resolution, ...] = (
    Resolution(
        "۱",
        (
            "مقرر گردید شهرداری کمالشهر برای ساماندهی محلات حاشیه‌نشین:",
            "الف - فهرست ۱۲ معبر بدون روشنایی را تهیه کند.",
            "ب - نتیجه را به دبیرخانه قرارگاه اطلاع‌رسانی نماید.",
        ),
        (AgencyRow("شهرداری کمالشهر", "۲ هفته"),),
        "با هماهنگی دادستانی",
    ),
    Resolution(
        "۲",
        ("مقرر گردید برنامه جبرانی دانش‌آموزان بازمانده از تحصیل در مدارس محلات هدف اجرا شود.",),
        (
            AgencyRow("اداره کل آموزش و پرورش استان", "یک ماه"),
            AgencyRow("کمیته امداد امام خمینی (ره) استان", "۲ هفته"),
        ),
        "گزارش در جلسه بعد ارائه شود",
    ),
    Resolution(
        "۳",
        ("مقرر گردید روشنایی معابر شهرک استقلال تأمین و نگهداری شود.",),
        (AgencyRow("فرمانداری شهرستان کرج", "مستمر"), AgencyRow("شرکت توزیع برق استان", "مستمر")),
    ),
    Resolution(
        "۴",
        ("مقرر گردید اداره کل بهزیستی استان پوشش حمایتی خانوارهای محلات هدف را گزارش کند.",),
        (AgencyRow("اداره کل بهزیستی استان", "تا پایان دی"),),
        "نتیجه در جلسه ۱۴۰۱/۱۱/۱۰ بررسی شود",
    ),
)

WIDTHS = (Cm(1.5), Cm(7.7), Cm(3.6), Cm(2.2), Cm(3.0))


def docx_bytes() -> bytes:
    """The Word file: RTL paragraphs and table, a title row over every column, merged agency rows."""
    document = RtlDocument("DejaVu Sans")
    document.paragraph(TITLE, bold=True, size=Pt(14), align="center")
    document.paragraph(DATE_LINE)
    document.paragraph(OPENING)
    table = document.table(WIDTHS, None, size=Pt(10))
    title = document.row(table, [[TABLE_TITLE], [], [], [], []], WIDTHS, bold=True, align="center")
    merged = title[0].merge(title[-1])  # one cell over the five columns: w:gridSpan
    for paragraph in merged.paragraphs[1:]:  # the merged cells' own (empty) paragraphs
        paragraph._p.getparent().remove(paragraph._p)
    document.row(table, [[label] for label in HEADER], WIDTHS, bold=True, align="center", size=Pt(10))
    for resolution in RESOLUTIONS:
        rows = []
        for index, agency in enumerate(resolution.agencies):
            first = index == 0
            values = [
                [resolution.number] if first else [],
                list(resolution.lines) if first else [],
                [agency.party],
                [agency.deadline],
                [resolution.note] if first and resolution.note else [],
            ]
            rows.append(document.row(table, values, WIDTHS, size=Pt(10)))
        for column in (0, 1, 4):
            merge_down([cells[column] for cells in rows])
    document.paragraph(SIGNATURE)
    return document.to_bytes()


def html_text() -> str:
    """The HTML page: the same table with ``rowspan`` and ``colspan``."""
    e = html.escape
    lines = [
        '<!DOCTYPE html>\n<html lang="fa" dir="rtl">',
        '<head><meta charset="utf-8"><title>صورتجلسه</title></head>',
        "<body>",
        f"<h1>{e(TITLE)}</h1>",
        f"<p>{e(DATE_LINE)}</p>",
        f"<p>{e(OPENING)}</p>",
        '<table border="1">',
        f'<tr><th colspan="5">{e(TABLE_TITLE)}</th></tr>',
        "<tr>" + "".join(f"<th>{e(label)}</th>" for label in HEADER) + "</tr>",
    ]
    for resolution in RESOLUTIONS:
        span = len(resolution.agencies)
        merged = f' rowspan="{span}"' if span > 1 else ""
        text = "".join(f"<p>{e(line)}</p>" for line in resolution.lines)
        for index, agency in enumerate(resolution.agencies):
            cells = []
            if index == 0:
                cells += [f"<td{merged}>{e(resolution.number)}</td>", f"<td{merged}>{text}</td>"]
            cells += [f"<td>{e(agency.party)}</td>", f"<td>{e(agency.deadline)}</td>"]
            if index == 0:
                cells.append(f"<td{merged}>{e(resolution.note)}</td>")
            lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</table>", f"<p>{e(SIGNATURE)}</p>", "</body>\n</html>\n"]
    return "\n".join(lines)


def pdf_bytes(docx: bytes) -> bytes:
    """The Word file saved as PDF by LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice) is needed to write the PDF")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / DOCX.name
        source.write_bytes(docx)
        subprocess.run(
            [soffice, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return source.with_suffix(".pdf").read_bytes()


def main() -> None:
    docx = docx_bytes()
    DOCX.write_bytes(docx)
    HTML.write_text(html_text(), encoding="utf-8")
    PDF.write_bytes(pdf_bytes(docx))
    for path in (DOCX, HTML, PDF):
        print(f"{path.relative_to(FIXTURES.parents[1])}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
