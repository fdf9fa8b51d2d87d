"""Plain-text renderings of the tracker's results for people: Jalali dates, Persian digits."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain.deadlines import Deadline
from bot.domain.jalali import format_jalali, format_jalali_datetime
from bot.domain.persian import fa, persian_list
from bot.minutes import ParsedMinutes
from bot.services.minutes_import import ImportReport
from bot.services.reminders import Planned
from bot.services.status import StatusReport
from bot.texts import cli as t


def deadline_text(deadline: Deadline) -> str:
    if deadline.kind == "ongoing":
        return t.DEADLINE_ONGOING
    if deadline.kind == "unknown":
        return t.DEADLINE_UNKNOWN.format(raw=deadline.raw)
    if deadline.due is None:
        return deadline.raw
    return f"{deadline.raw} ({format_jalali(deadline.due)})"


def render_parsed(parsed: ParsedMinutes) -> list[str]:
    meeting = parsed.meeting
    lines = [
        t.parsed_header(
            meeting.title or "",
            number=fa(meeting.number) if meeting.number is not None else t.UNKNOWN_NUMBER,
            date=format_jalali(meeting.held_on) if meeting.held_on else t.UNKNOWN_DATE,
            count=fa(len(parsed.resolutions)),
        )
    ]
    lines += [t.PROBLEM_LINE.format(problem=p) for p in parsed.problems]
    for r in parsed.resolutions:
        lines.append(
            t.RESOLUTION_LINE.format(
                number=fa(r.number) if r.number is not None else t.UNKNOWN_NUMBER,
                parties=persian_list(r.parties) or "—",
                deadline=deadline_text(r.deadline),
            )
        )
        lines += [
            t.AGENCY_DEADLINE_LINE.format(
                parties=persian_list(share.parties), deadline=deadline_text(share.deadline)
            )
            for share in r.agency_deadlines
        ]
        if r.items:
            lines.append(t.ITEMS_COUNT.format(count=fa(len(r.items))))
        if r.note:
            lines.append(t.NOTE_LINE.format(note=r.note))
        lines += [t.PROBLEM_LINE.format(problem=p) for p in r.problems]
    return lines


def _numbers(values: list[int]) -> str:
    return t.fa_list(values) or fa(0)


def render_import(report: ImportReport) -> list[str]:
    number = fa(report.meeting_number)
    lines = [
        (t.COMMIT_MEETING_CREATED if report.meeting_created else t.COMMIT_MEETING_EXISTS).format(
            number=number
        )
    ]
    if not report.changed:
        lines.append(t.COMMIT_NOTHING_NEW)
    lines.append(
        t.COMMIT_RESOLUTIONS.format(
            created=_numbers(report.resolutions_created),
            existing=_numbers(report.resolutions_existing),
        )
    )
    lines.append(
        t.COMMIT_ASSIGNMENTS.format(
            created=fa(report.assignments_created), existing=fa(report.assignments_existing)
        )
    )
    if report.unmatched:
        lines.append(t.COMMIT_UNMATCHED_HEADER)
        lines += [
            "  " + t.render_party_problem(p.resolution, p.party, p.suggestions) for p in report.unmatched
        ]
    if report.unknown_deadlines:
        lines.append(t.COMMIT_UNKNOWN_DEADLINES.format(rows=_numbers(report.unknown_deadlines)))
    if report.pushes_queued:
        lines.append(t.COMMIT_PUSHES.format(count=fa(report.pushes_queued)))
    if report.agencies_without_representative:
        lines.append(
            t.COMMIT_NO_REPRESENTATIVE.format(agencies=persian_list(report.agencies_without_representative))
        )
    return lines


def render_status(report: StatusReport) -> list[str]:
    if not report.assignments:
        return [t.STATUS_HEADER.format(today=format_jalali(report.today)), t.STATUS_EMPTY]
    parts = persian_list(
        f"{t.STATUS_NAMES[name]} {fa(count)}" for name, count in report.by_status.items() if count
    )
    lines = [
        t.STATUS_HEADER.format(today=format_jalali(report.today)),
        t.STATUS_TOTALS.format(
            resolutions=fa(report.resolutions),
            assignments=fa(len(report.assignments)),
            overdue=fa(report.overdue),
        ),
        t.STATUS_BY_STATUS.format(parts=parts),
        t.STATUS_AGENCIES,
    ]
    lines += [
        t.STATUS_AGENCY_LINE.format(name=a.name, open=fa(a.open), overdue=fa(a.overdue), done=fa(a.done))
        for a in report.agencies
    ]
    lines.append(t.STATUS_ASSIGNMENTS)
    for a in report.assignments:
        due = t.DEADLINE_ONGOING if a.ongoing else (format_jalali(a.due) if a.due else t.UNKNOWN_DATE)
        tail = t.STATUS_OVERDUE.format(days=fa(a.overdue_days)) if a.overdue_days else ""
        if a.last_report:
            tail += t.STATUS_LAST_REPORT.format(date=format_jalali(a.last_report))
        lines.append(
            t.STATUS_ASSIGNMENT_LINE.format(
                meeting=fa(a.meeting),
                resolution=fa(a.resolution),
                agency=a.agency,
                status=t.STATUS_NAMES.get(a.status, a.status),
                percent=fa(a.percent),
                due=due,
                overdue=tail,
            )
        )
    return lines


def render_reminders(planned: list[Planned], at: datetime, tz: ZoneInfo, *, dry_run: bool) -> list[str]:
    """What a sweep at `at` sends (or, in a preview, would send): a line per message."""
    header = (t.REMINDERS_PREVIEW if dry_run else t.REMINDERS_SWEPT).format(
        at=format_jalali_datetime(at, tz), count=fa(len(planned))
    )
    lines = [
        t.REMINDER_LINE.format(
            kind=t.REMINDER_KINDS.get(p.kind, p.kind),
            meeting=fa(p.meeting or 0),
            number=fa(p.resolution or 0),
            agency=p.agency,
            member=p.member,
        )
        for p in planned
    ]
    return [header, *lines] if planned else [header, t.REMINDERS_NONE]
