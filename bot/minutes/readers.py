"""Choose a reader by the file's extension: .docx, .pdf, .html/.htm, or text (.txt, .md)."""

from __future__ import annotations

import re
from pathlib import PurePath

from bot.domain.persian import fa
from bot.minutes.blocks import Block
from bot.minutes.decoding import decode_text, normalize_newlines
from bot.minutes.html_reader import html_blocks
from bot.minutes.locate import locate_table
from bot.minutes.model import MinutesError
from bot.minutes.text_reader import text_blocks
from bot.texts import minutes as texts

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
DOCX_SUFFIXES = frozenset({".docx"})

#: Larger uploads are refused before any parsing (Telegram bots cannot download more than 20 MB anyway).
MAX_BYTES = 20 * 1024 * 1024

_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"

#: An HTML table anywhere in a text file: perhaps an HTML document with the wrong name.
_HTML_TABLE = re.compile(r"<\s*table[\s>]", re.IGNORECASE)


def read_bytes(data: bytes, file_name: str) -> list[Block]:
    """The blocks of a file's content; ``MinutesError`` when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise MinutesError(
            texts.FILE_TOO_LARGE.format(
                size=fa(len(data) // (1024 * 1024)),
                limit=fa(MAX_BYTES // (1024 * 1024)),
            )
        )
    if not data.strip():
        raise MinutesError(texts.EMPTY_FILE)
    suffix = PurePath(file_name).suffix.lower()
    if not suffix:  # an upload without a name: tell Word and PDF from text by the content
        suffix = ".docx" if data.startswith(_ZIP_MAGIC) else ".pdf" if data.startswith(_PDF_MAGIC) else ".txt"
    # python-docx (with lxml) and pdfplumber (with pdfminer, Pillow, cryptography) are imported only where
    # such a file is read: in the heavy worker, whose fork server loads them once; never in the bot's own
    # process.
    if suffix in DOCX_SUFFIXES:
        from bot.minutes.docx_reader import docx_blocks

        return docx_blocks(data)
    if suffix == ".pdf":
        from bot.minutes.pdf_reader import pdf_blocks

        return pdf_blocks(data)
    if suffix in HTML_SUFFIXES:
        return html_blocks(decode_text(data))
    if suffix in TEXT_SUFFIXES:
        return read_text(decode_text(data))
    if suffix == ".doc":
        raise MinutesError(texts.UNSUPPORTED_DOC)
    raise MinutesError(texts.UNSUPPORTED_EXTENSION.format(ext=suffix))


def read_text(text: str) -> list[Block]:
    """Text already decoded (markdown, tab-separated, or HTML pasted as text).

    Text holding an HTML ``<table>`` is read as HTML when that finds the resolutions table; otherwise
    (a markdown file that merely quotes some HTML) line by line.
    """
    if not text.strip():
        raise MinutesError(texts.EMPTY_FILE)
    text = normalize_newlines(text)
    if _HTML_TABLE.search(text):
        blocks = html_blocks(text)
        if locate_table(blocks) is not None:
            return blocks
    return text_blocks(text)
