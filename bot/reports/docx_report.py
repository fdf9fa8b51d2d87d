"""«گزارش پیگیری مصوبات» for the next meeting, as DOCX: a title block (the council, the meetings it
covers, the day it was made), the totals, then for each meeting a table of its resolutions with each
agency's status, due date and latest report; open resolutions first (they carry forward), then the done
ones.

A resolution is one block of its table: its number and text (with the sub-items «الف)»، «ب)» … on their
own lines) stand once, in cells merged down over one row per agency, and Word keeps the block on one
page when it fits. The header row repeats on every page and no row breaks across pages. Right to left,
the font and the page numbers: bot/reports/word.py."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from docx.shared import Cm, Pt

from bot.domain.assignment_rules import delay_days, is_decided, is_open, is_overdue, on_time
from bot.domain.jalali import format_jalali
from bot.domain.persian import fa
from bot.reports.cells import ReportData, due_text, latest_line, status_text, text_lines
from bot.reports.word import SMALL, Align, RtlDocument, merge_down
from bot.texts import status as t
from storage.rows import StatusItemRow

# Row, text, agency, status, due, latest report: 18 cm, an A4 page inside 1.5 cm side margins; the
# number and the due date centred. The tables are dense: a point smaller than the body.
WIDTHS = (Cm(1.3), Cm(5.3), Cm(2.8), Cm(2.3), Cm(2.2), Cm(4.1))
ALIGN: tuple[Align | None, ...] = ("center", None, None, None, "center", None)


def write_docx(data: ReportData) -> bytes:
    document = RtlDocument(data.letterhead.font)
    document.paragraph(t.DOCX_TITLE, bold=True, size=Pt(16), align="center")
    document.paragraph(data.letterhead.council, bold=True, size=Pt(12), align="center")
    meetings = sorted({row.meeting_number for row in data.rows})
    if meetings:
        document.paragraph(_meetings(meetings), align="center")
    document.paragraph(t.DOCX_PREPARED.format(today=format_jalali(data.today)), align="center", after=Pt(12))
    decided = [r for r in data.rows if is_decided(r, data.today)]
    rate = f"{fa(round(100 * sum(on_time(r) for r in decided) / len(decided)))}٪" if decided else "—"
    summary = t.DOCX_SUMMARY.format(
        resolutions=fa(data.resolutions),
        assignments=fa(len(data.rows)),
        open=fa(sum(is_open(r) for r in data.rows)),
        overdue=fa(sum(is_overdue(r, data.today) for r in data.rows)),
        rate=rate,
    )
    document.paragraph(summary, bold=True)
    by_resolution = [list(rows) for _, rows in groupby(data.rows, key=lambda r: r.resolution_id)]
    still_open = [rows for rows in by_resolution if any(is_open(r) for r in rows)]
    done = [rows for rows in by_resolution if not any(is_open(r) for r in rows)]
    for title, part in ((t.DOCX_OPEN_PART, still_open), (t.DOCX_CLOSED_PART, done)):
        document.paragraph(title, bold=True, size=Pt(13), keep_with_next=True, after=Pt(6))
        if not part:
            document.paragraph(t.DOCX_NONE)
        for meeting_rows in _by_meeting(part):
            first = meeting_rows[0][0]
            heading = t.DOCX_MEETING.format(
                meeting=fa(first.meeting_number), held_on=format_jalali(first.meeting_held_on)
            )
            document.paragraph(heading, bold=True, size=Pt(11), keep_with_next=True)
            _table(document, meeting_rows, data)
            document.paragraph("")
    return document.to_bytes()


def _meetings(numbers: list[int]) -> str:
    """«جلسه ۳۲», or «جلسات ۳۰ تا ۳۲»."""
    if len(numbers) == 1:
        return t.DOCX_MEETING_ONE.format(meeting=fa(numbers[0]))
    return t.DOCX_MEETINGS.format(first=fa(numbers[0]), last=fa(numbers[-1]))


def _by_meeting(resolutions: list[list[StatusItemRow]]) -> Iterable[list[list[StatusItemRow]]]:
    for _, group in groupby(resolutions, key=lambda rows: rows[0].meeting_number):
        yield list(group)


def _table(document: RtlDocument, resolutions: list[list[StatusItemRow]], data: ReportData) -> None:
    table = document.table(WIDTHS, t.DOCX_HEADERS, size=SMALL)
    for rows in resolutions:
        number_cells, text_cells = [], []
        for index, row in enumerate(rows):
            status = t.DOCX_STATUS.format(status=status_text(row), percent=fa(row.percent))
            late = delay_days(row, data.today)
            if late:
                status += t.DOCX_LATE.format(days=fa(late))
            latest = latest_line(row, data.latest.get(row.assignment_id), data.tz)
            number: list[str] = []
            text: list[str] = []
            if index == 0:  # the rows below are merged into this one
                number = [fa(row.resolution_number)]
                text = text_lines(row.resolution_text, row.resolution_items)
            cells = document.row(
                table,
                [number, text, [row.agency_name], [status], [due_text(row)], [latest]],
                WIDTHS,
                keep_with_next=index < len(rows) - 1,  # the block stays on one page when it fits
                size=SMALL,
                align=ALIGN,
            )
            number_cells.append(cells[0])
            text_cells.append(cells[1])
        merge_down(number_cells)
        merge_down(text_cells)
