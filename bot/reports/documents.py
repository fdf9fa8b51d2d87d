"""What the documents are made of, as plain values: the letterhead the settings give, and each agency's
letter. Nothing here imports python-docx or openpyxl: the bot's own process builds these and hands them
to the heavy runner's worker, which writes the files (``bot.reports.writers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.config import DEFAULT_DOCUMENT_FONT, Settings
from bot.texts import letters as lt


@dataclass(frozen=True)
class Letterhead:
    """What the settings put on every document: the council, the secretariat and who signs the letters,
    and the font (PEYGIR_COUNCIL_NAME, PEYGIR_SECRETARIAT_TITLE, PEYGIR_LETTER_SIGNATORY[_POSITION],
    PEYGIR_DOCUMENT_FONT). Plain values: it travels to a worker process with the rows."""

    council: str = lt.DEFAULT_COUNCIL_NAME
    secretariat: str = lt.DEFAULT_SECRETARIAT_TITLE
    signatory: str = ""
    signatory_position: str = lt.DEFAULT_SIGNATORY_POSITION
    font: str = DEFAULT_DOCUMENT_FONT

    @classmethod
    def from_settings(cls, settings: Settings) -> Letterhead:
        return cls(
            council=settings.council_name,
            secretariat=settings.secretariat_title,
            signatory=settings.letter_signatory,
            signatory_position=settings.letter_signatory_position,
            font=settings.document_font,
        )


@dataclass(frozen=True)
class LetterResolution:
    """One resolution in a letter: as the agency must act on it."""

    number: int
    text: str
    items: tuple[str, ...]
    due_on: date | None
    ongoing: bool
    partners: tuple[str, ...] = ()  # the other agencies a shared resolution names


@dataclass(frozen=True)
class Letter:
    """One agency's letter about one meeting's resolutions."""

    agency: str
    meeting: int
    held_on: date
    written_on: date
    resolutions: tuple[LetterResolution, ...]
    letterhead: Letterhead = field(default_factory=Letterhead)
    bot_link: str | None = None  # «t.me/peygir_bot»; None: the bot is named without a link
