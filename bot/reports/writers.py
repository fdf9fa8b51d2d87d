"""The files the heavy runner writes, by name: each function imports its writer (python-docx, openpyxl)
when it runs, in the worker, whose fork server has them loaded already. The bot's own process names
these functions and never imports the writers (start-up time and memory: ``benchmarks/startup.py``).
"""

from __future__ import annotations

from bot.reports.cells import ReportData
from bot.reports.documents import Letter


def xlsx(data: ReportData) -> bytes:
    from bot.reports.xlsx import write_xlsx

    return write_xlsx(data)


def docx(data: ReportData) -> bytes:
    from bot.reports.docx_report import write_docx

    return write_docx(data)


def letters(letters: list[Letter]) -> list[tuple[str, bytes]]:
    from bot.reports.letters import write_letters

    return write_letters(letters)


def letters_zip(letters: list[Letter]) -> bytes:
    from bot.reports.letters import write_letters_zip

    return write_letters_zip(letters)
