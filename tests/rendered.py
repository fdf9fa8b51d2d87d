"""Documents as a reader sees them: converted to PDF by LibreOffice, read back per page with poppler.

    soffice_or_skip()                  skip (saying why) without soffice or pdftotext
    to_pdf(files, out) -> [pdf, ...]   every file converted in ONE soffice call (each start costs seconds)
    page_texts(pdf) -> [text, ...]     the text of each page (pdftotext)
    overprinted(pdf) -> [problem, ...] text lines printed over one another (pdftotext -bbox-layout)
    lines(pdf), words(pdf) -> [Box, ...] the lines or words of every page with their boxes

The LibreOffice profile is a fresh temporary directory per call, so parallel test processes never share
(and never lock) one."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdftotext")
# Two lines overprint when their boxes share more than this fraction of the shorter one's height (lines
# that merely touch, or whose ascenders and descenders graze, share a little) and overlap sideways.
VERTICAL_OVERLAP = 0.3
HORIZONTAL_OVERLAP_POINTS = 1.0
_XHTML = "{http://www.w3.org/1999/xhtml}"


def soffice_or_skip() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(
            f"{' and '.join(missing)} not installed here (LibreOffice and poppler-utils render the reports)"
        )


def to_pdf(files: list[Path], out: Path, timeout: float = 180) -> list[Path]:
    """Each file converted to `out/<stem>.pdf`, in the order given; the stems must differ."""
    stems = [file.stem for file in files]
    assert len(set(stems)) == len(stems), f"two documents would make the same PDF: {stems}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="peygir-lo-") as home:
        profile = Path(home, "profile").as_uri()
        command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore"]
        command += ["--convert-to", "pdf", "--outdir", str(out), *map(str, files)]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout, env={**os.environ, "HOME": home}
        )
    pdfs = [out / f"{stem}.pdf" for stem in stems]
    missing = [pdf.name for pdf in pdfs if not pdf.exists()]
    assert done.returncode == 0 and not missing, f"soffice failed ({missing}): {done.stdout}{done.stderr}"
    return pdfs


def page_texts(pdf: Path, layout: bool = False) -> list[str]:
    """One text per page (pdftotext separates pages with a form feed)."""
    command = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(pdf), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


@dataclass(frozen=True)
class Box:
    """A line or a word of text on a page (counted from 1), its box in points from the top left. The text
    is as poppler reads it: a right-to-left word has its letters in display order (reversed)."""

    page: int
    text: str
    left: float
    top: float
    right: float
    bottom: float


def lines(pdf: Path) -> list[Box]:
    """Every line of text with its box (poppler's lines: words close on one baseline)."""
    return _boxes(pdf, "line")


def words(pdf: Path) -> list[Box]:
    """Every word with its box."""
    return _boxes(pdf, "word")


def _boxes(pdf: Path, kind: str) -> list[Box]:
    command = ["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(pdf), "-"]
    xhtml = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(ET.fromstring(xhtml).iter(f"{_XHTML}page"), start=1):
        for element in page.iter(f"{_XHTML}{kind}"):
            text = " ".join(word.text or "" for word in element.iter(f"{_XHTML}word"))
            box = (float(element.get(side, 0)) for side in ("xMin", "yMin", "xMax", "yMax"))
            found.append(Box(number, text, *box))
    return found


def overprinted(pdf: Path) -> list[str]:
    """Each pair of text lines on a page whose boxes overlap: vertically by more than VERTICAL_OVERLAP of
    the shorter line's height, and horizontally at all (lines side by side in a table row do not count)."""
    problems = []
    by_page: dict[int, list[Box]] = {}
    for line in lines(pdf):
        by_page.setdefault(line.page, []).append(line)
    for page, found in by_page.items():
        found.sort(key=lambda line: line.top)
        for index, one in enumerate(found):
            for other in found[index + 1 :]:
                if other.top >= one.bottom:
                    break
                shared = min(one.bottom, other.bottom) - other.top
                shorter = min(one.bottom - one.top, other.bottom - other.top)
                across = min(one.right, other.right) - max(one.left, other.left)
                if shorter > 0 and shared > VERTICAL_OVERLAP * shorter and across > HORIZONTAL_OVERLAP_POINTS:
                    problems.append(
                        f"page {page}: «{one.text}» and «{other.text}» are printed over each other"
                    )
    return problems
