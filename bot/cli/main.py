"""The ``peygir`` command line (also ``python -m bot``).

Exit status: 0 on success, 2 on bad input with one line on stderr. Nothing is built at import time.
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import json
import signal
import sys
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import datetime, time
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from bot.config import ConfigError, Settings, load_settings
from bot.domain.clock import Clock, SystemClock
from bot.domain.jalali import format_jalali, format_jalali_datetime, parse_jalali_date
from bot.domain.numerals import ID_MAX, parse_int
from bot.domain.persian import fa, persian_list, quote, to_latin_digits
from bot.minutes import MinutesError, ParsedMinutes, parse_minutes_file
from bot.platforms import profile_for
from bot.rendering import render_import, render_parsed, render_reminders, render_status
from bot.reports.documents import Letterhead
from bot.services.access import Actor, Role
from bot.services.agencies import AgencyService
from bot.services.errors import ServiceError
from bot.services.exports import ExportService, ReportFormat
from bot.services.invites import DEFAULT_DAYS, DEFAULT_USES, InviteService
from bot.services.letters import LetterService, bot_address
from bot.services.minutes_import import MinutesImportService
from bot.services.reminders import ReminderService
from bot.services.status import StatusService
from bot.texts import bot as chat_texts
from bot.texts import cli as t
from bot.texts import letters as letter_texts
from storage.engine import Database, backup_sqlite, create_database
from storage.migrate import upgrade

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
# Names of letters already in the folder that a refusal lists (then «…»).
LISTED = 3


class UsageError(Exception):
    """Bad input found by the command line itself; the message is the one line to print."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors with exit status 2 and one line (its default is 2 too)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="peygir", description="Peygir: follow up council resolutions until each is done.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    imp = sub.add_parser("import-minutes", help="read a minutes file (.txt, .md, .html, .docx)")
    imp.add_argument("file", type=Path, help="the minutes file")
    imp.add_argument("--json", action="store_true", help="print the parsed minutes as JSON")
    imp.add_argument("--commit", action="store_true", help="store the meeting, resolutions and assignments")
    imp.add_argument(
        "--allow-unmatched",
        action="store_true",
        help="with --commit: store even if some parties match no agency (they are listed)",
    )

    agency = sub.add_parser("agency", help="register and list agencies")
    agency_sub = agency.add_subparsers(dest="agency_command", required=True, parser_class=_Parser)
    add = agency_sub.add_parser("add", help="register an agency")
    add.add_argument("name", help="the agency's canonical name")
    add.add_argument(
        "--alias", action="append", default=[], help="another name it is written as (repeatable)"
    )
    alias = agency_sub.add_parser("alias", help="add another name to a registered agency")
    alias.add_argument("name", help="the agency's canonical name")
    alias.add_argument("alias", help="the other name")
    listing = agency_sub.add_parser("list", help="list the registered agencies")
    listing.add_argument("--json", action="store_true", help="print as JSON")

    status = sub.add_parser("status", help="the tracker's status")
    status.add_argument("--json", action="store_true", help="print as JSON (docs/interfaces.md)")

    export = sub.add_parser("export", help="the reports for the next meeting (XLSX, DOCX or both)")
    export.add_argument("--xlsx", type=Path, help="write every assignment and a summary per agency here")
    export.add_argument("--docx", type=Path, help="write «گزارش پیگیری مصوبات» here")
    export.add_argument(
        "--since-meeting", type=_meeting_number, help="only meetings with this number and later"
    )

    letters = sub.add_parser("letters", help="one notification letter (DOCX) per agency for a meeting")
    letters.add_argument(
        "--meeting",
        type=_meeting_number,
        help="the meeting whose resolutions are notified (default: the latest)",
    )
    letters.add_argument(
        "--out",
        type=Path,
        required=True,
        help="the folder for the letters (made if missing; a letter already there refuses the run)",
    )

    reminders = sub.add_parser("reminders", help="the reminder sweep")
    reminders_sub = reminders.add_subparsers(dest="reminders_command", required=True, parser_class=_Parser)
    for name, text in (
        ("preview", "what a sweep at that Tehran time would send, without sending"),
        ("sweep", "sweep now (or at --at): queue what is due; the running bot sends it"),
    ):
        command = reminders_sub.add_parser(name, help=text)
        command.add_argument("--at", help='Tehran time "YYYY/MM/DD HH:MM" (Jalali; default: now)')
        command.add_argument("--json", action="store_true", help="print as JSON (docs/interfaces.md)")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    db_sub.add_parser("upgrade", help="apply the database migrations")

    backup = sub.add_parser("backup", help="online backup of the SQLite database")
    backup.add_argument("file", type=Path, help="where to write the copy (never overwritten)")

    invite = sub.add_parser("invite", help="make an invite link (prints the deep link)")
    invite.add_argument("agency", nargs="?", help="the agency (for --role agency)")
    invite.add_argument("--role", choices=["agency", "governor", "secretariat"], default="agency")
    invite.add_argument(
        "--uses", type=int, default=DEFAULT_USES, help=f"how many people may use it ({DEFAULT_USES})"
    )
    invite.add_argument(
        "--days", type=int, default=DEFAULT_DAYS, help=f"days it stays valid ({DEFAULT_DAYS})"
    )

    run = sub.add_parser("run", help="run the bot (polling, or --webhook) until SIGINT or SIGTERM")
    receiving = run.add_mutually_exclusive_group()
    receiving.add_argument(
        "--webhook", action="store_true", help="receive by webhook (PEYGIR_WEBHOOK_*) instead of polling"
    )
    receiving.add_argument(
        "--delete-webhook", action="store_true", help="delete a webhook left set, then poll"
    )

    simulator = sub.add_parser("simulator", help="run the built-in Bot API simulator alone")
    simulator.add_argument("--port", type=int, default=8081)
    simulator.add_argument("--host", default="127.0.0.1")
    simulator.add_argument("--bale", action="store_true", help="mimic Bale's documented differences")
    simulator.add_argument("--no-limits", action="store_true", help="answer no 429 for rate limits")

    demo = sub.add_parser("demo", help="the bot on the simulator with scripted people, as a transcript")
    demo.add_argument("--platform", choices=["telegram", "bale"], default="telegram")
    demo.add_argument(
        "--no-limits",
        action="store_true",
        help="the simulator without rate limits (fast; the platform's pace is otherwise kept)",
    )
    return parser


def _dump(obj: object, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _print(lines: list[str], out: TextIO) -> None:
    out.write("\n".join(lines) + "\n")


class DemoFailed(Exception):
    """The demo's scenario did not complete (the transcript says where)."""


class PlatformUnreachable(Exception):
    """The Bot API could not be reached (network, proxy); the message names the error's kind."""


class DatabaseFailure(Exception):
    """The database could not be reached or refused a request; the message names the error's kind."""


async def open_database(settings: Settings) -> Database:
    """The configured database, migrated to the latest schema (migrations run at every start)."""
    await upgrade(settings.database_url)
    return create_database(settings.database_url)


async def _with_db(settings: Settings, work: Callable[[Database], Awaitable[None]]) -> None:
    """Run `work` on the migrated database; connection and driver failures become DatabaseFailure."""
    try:
        db = await open_database(settings)
    except (OSError, SQLAlchemyError) as exc:
        raise DatabaseFailure(type(exc).__name__) from exc
    try:
        await work(db)
    except SQLAlchemyError as exc:
        raise DatabaseFailure(type(exc).__name__) from exc
    finally:
        await db.dispose()


def _read_minutes(settings: Settings, path: Path) -> ParsedMinutes:
    if not path.is_file():
        raise UsageError(t.FILE_NOT_FOUND.format(path=path))
    return parse_minutes_file(path, settings.work_calendar())


async def cmd_import(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    parsed = _read_minutes(settings, args.file)
    if not args.json:
        _print(render_parsed(parsed), out)
    if not args.commit:
        if args.json:
            _dump(parsed.to_json(), out)
        else:
            _print([t.DRY_RUN_NOTE], out)
        return

    async def commit(db: Database) -> None:
        service = MinutesImportService(db, clock)
        report = await service.commit(parsed, actor=settings.cli_actor, allow_unmatched=args.allow_unmatched)
        if args.json:
            _dump({**parsed.to_json(), "stored": report.to_json()}, out)
        else:
            _print(render_import(report), out)

    await _with_db(settings, commit)


async def cmd_agency(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    async def work(db: Database) -> None:
        service = AgencyService(db, clock)
        if args.agency_command == "add":
            agency = await service.add(args.name, args.alias, actor=Actor.system(settings.cli_actor))
            _print([t.AGENCY_ADDED.format(name=agency.name)], out)
        elif args.agency_command == "alias":
            agency = await service.add_alias(args.name, args.alias, actor=Actor.system(settings.cli_actor))
            _print([t.AGENCY_ALIAS_ADDED.format(alias=args.alias, name=agency.name)], out)
        else:
            agencies = await service.list()
            if args.json:
                _dump(
                    [{"name": a.name, "aliases": list(a.aliases), "active": a.active} for a in agencies], out
                )
            elif not agencies:
                _print([t.AGENCY_LIST_EMPTY], out)
            else:
                _print(
                    [
                        t.AGENCY_LINE.format(
                            index=fa(i),
                            name=a.name,
                            aliases=t.AGENCY_ALIASES.format(aliases=persian_list(a.aliases))
                            if a.aliases
                            else "",
                            inactive="" if a.active else t.AGENCY_INACTIVE,
                        )
                        for i, a in enumerate(agencies, start=1)
                    ],
                    out,
                )

    await _with_db(settings, work)


async def cmd_status(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    async def work(db: Database) -> None:
        report = await StatusService(db, clock, settings.tz).report()
        if args.json:
            _dump(report.to_json(), out)
        else:
            _print(render_status(report), out)

    await _with_db(settings, work)


async def cmd_export(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    given: tuple[tuple[ReportFormat, Path | None], ...] = (("xlsx", args.xlsx), ("docx", args.docx))
    targets = [(kind, path) for kind, path in given if path is not None]
    if not targets:
        raise UsageError(t.EXPORT_NEEDS_FILE)
    for _, path in targets:
        if not path.parent.is_dir():
            raise UsageError(t.FOLDER_NOT_FOUND.format(path=path.parent))

    async def work(db: Database) -> None:
        service = ExportService(db, clock, settings.tz)
        actor = Actor.system(settings.cli_actor)
        data = await service.data(actor, args.since_meeting, Letterhead.from_settings(settings))
        for kind, path in targets:
            try:
                content = await service.render(data, kind)
            except Exception as exc:  # a writer refused what the rows hold: one line, not a traceback
                raise UsageError(
                    t.EXPORT_FAILED.format(kind=t.EXPORT_KINDS[kind], detail=type(exc).__name__)
                ) from exc
            write_atomically(path, content)
            _print([t.EXPORT_WRITTEN.format(path=path, rows=fa(len(data.rows)))], out)

    await _with_db(settings, work)


async def cmd_letters(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    """One letter per agency with the meeting's resolutions, into `--out` (made if missing)."""
    _check_letters_folder(args.out, [])

    async def work(db: Database) -> None:
        service = LetterService(db, clock, settings.tz)
        link = bot_address(profile_for(settings), settings.bot_username)
        found = await service.prepare(
            Actor.system(settings.cli_actor), args.meeting, Letterhead.from_settings(settings), link
        )
        files = await service.files(found)
        _check_letters_folder(args.out, [name for name, _ in files])
        write_files(args.out, files)
        header = letter_texts.LETTERS_WRITTEN.format(
            meeting=fa(found.meeting),
            held_on=format_jalali(found.held_on),
            count=fa(len(files)),
            latest=letter_texts.LETTERS_LATEST if found.latest else "",
            folder=args.out,
        )
        _print([header, *(letter_texts.LETTERS_FILE_LINE.format(name=name) for name, _ in files)], out)

    await _with_db(settings, work)


def _check_letters_folder(folder: Path, names: list[str]) -> None:
    """`folder` is a folder or nothing yet; none of `names` is in it. A letter already there refuses the
    whole run before anything is written: a letter the secretariat may have numbered and sent is never
    replaced, and a second run never leaves a mix of old and new letters."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(letter_texts.LETTERS_NOT_A_FOLDER.format(path=folder))
    there = [name for name in names if (folder / name).exists()]
    if there:
        shown = persian_list(there[:LISTED]) + ("، …" if len(there) > LISTED else "")
        raise UsageError(letter_texts.LETTERS_EXIST.format(count=fa(len(there)), folder=folder, names=shown))


def write_files(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Each file into `folder` (made if missing), whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files:
        write_atomically(folder / name, content)


def _meeting_number(text: str) -> int:
    """`--since-meeting`: a meeting's number (Persian digits too), within what the database stores."""
    number = parse_int(text, low=1, high=ID_MAX)
    if number is None:
        raise argparse.ArgumentTypeError(t.BAD_MEETING_NUMBER.format(value=quote(text)))
    return number


def write_atomically(path: Path, content: bytes) -> None:
    """The whole file or nothing: written beside `path`, then moved over it."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(content)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def parse_tehran_time(text: str, tz: ZoneInfo) -> datetime:
    """«1401/10/14 09:30» (Persian digits too) in the council's zone → an aware datetime."""
    parts = to_latin_digits(text).split()
    try:
        day = parse_jalali_date(parts[0])
        hour, minute = (int(p) for p in parts[1].split(":")) if len(parts) == 2 else (9, 0)
        return datetime.combine(day, time(hour, minute), tz)
    except (ValueError, IndexError):
        raise UsageError(t.BAD_AT.format(value=text)) from None


async def cmd_reminders(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    at = parse_tehran_time(args.at, settings.tz) if args.at else clock.now()

    async def work(db: Database) -> None:
        service = ReminderService.from_settings(db, clock, settings)
        planned = await service.sweep(at, dry_run=args.reminders_command == "preview")
        if args.json:
            _dump([p.to_json() for p in planned], out)
        else:
            _print(
                render_reminders(planned, at, settings.tz, dry_run=args.reminders_command == "preview"), out
            )

    await _with_db(settings, work)


async def cmd_db(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    async def nothing_more(db: Database) -> None:
        _print([t.DB_UPGRADED], out)

    await _with_db(settings, nothing_more)


async def cmd_backup(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    if not args.file.parent.is_dir():
        raise UsageError(t.BACKUP_NO_FOLDER.format(path=args.file.parent))
    try:
        await backup_sqlite(settings.database_url, args.file)
    except FileExistsError:
        raise UsageError(t.BACKUP_EXISTS.format(path=args.file)) from None
    except ValueError:
        raise UsageError(t.BACKUP_NOT_SQLITE) from None
    except FileNotFoundError:
        raise UsageError(t.BACKUP_NO_DATABASE) from None
    _print([t.BACKUP_DONE.format(path=args.file)], out)


async def cmd_demo(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    from bot.cli.demo import run_demo

    if not await run_demo(settings, clock, out, platform=args.platform, limits=not args.no_limits):
        raise DemoFailed


async def cmd_invite(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    if args.role == "agency" and not args.agency:
        raise UsageError(t.INVITE_NEEDS_AGENCY)

    async def work(db: Database) -> None:
        created = await InviteService(db, clock).create(
            Actor.system(settings.cli_actor),
            role=Role(args.role),
            agency=args.agency,
            uses=args.uses,
            days=args.days,
        )
        username = settings.bot_username or await _bot_username(settings)
        _print(
            [
                profile_for(settings).deep_link(username, created.token),
                t.INVITE_MADE.format(
                    whom=created.agency_name or chat_texts.ROLE_NAMES[args.role],
                    uses=fa(created.uses),
                    expires=format_jalali_datetime(created.expires_at, settings.tz),
                ),
            ],
            out,
        )

    await _with_db(settings, work)


async def _bot_username(settings: Settings) -> str:
    """Ask the platform for the bot's username (getMe), when PEYGIR_BOT_USERNAME is not set."""
    from telegram import Bot
    from telegram.error import TelegramError
    from telegram.request import HTTPXRequest

    if settings.bot_token is None:
        raise UsageError(t.INVITE_NEEDS_USERNAME)
    profile = profile_for(settings)
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=profile.api_base_url,
        base_file_url=profile.file_base_url,
        request=HTTPXRequest(proxy=settings.proxy_url),
    )
    try:
        async with bot:
            return bot.username
    except TelegramError as exc:
        raise UsageError(t.INVITE_GETME_FAILED.format(error=type(exc).__name__)) from None


async def cmd_run(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    """The bot, polling until SIGINT or SIGTERM; then it finishes the update in hand and stops."""
    from telegram.error import InvalidToken, NetworkError

    from bot.app import build_application, running
    from bot.receiver import AnotherPoller
    from bot.runtime import runtime_of
    from bot.texts import inbox as inbox_texts
    from bot.transport import configure_logging
    from storage.instance_lock import InstanceLocked, acquire_instance_lock

    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    webhook_secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    configure_logging(
        settings.log_level, token, None, webhook_secret, json_lines=settings.log_format == "json"
    )

    async def work(db: Database) -> None:
        app = build_application(settings, database=db, clock=clock, rate_limits=settings.rate_limits)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
        try:
            async with running(app, webhook=args.webhook, delete_webhook=args.delete_webhook):
                running_line = t.BOT_RUNNING_WEBHOOK if args.webhook else t.BOT_RUNNING
                _print([running_line.format(username=app.bot.username, platform=settings.platform)], out)
                await _until_stopped(stop, runtime_of(app).failure)
        except AnotherPoller as exc:
            webhook_set = "webhook" in str(exc).lower()
            raise UsageError(inbox_texts.WEBHOOK_SET if webhook_set else inbox_texts.CONFLICT) from None
        except (
            OSError
        ) as exc:  # the webhook's or the metrics' address: in use, not this machine's, not allowed
            if exc.errno not in (errno.EADDRINUSE, errno.EADDRNOTAVAIL, errno.EACCES):
                raise
            if args.webhook:
                address = f"{settings.webhook_listen}:{settings.webhook_port}"
            else:
                address = f"{settings.metrics_listen}:{settings.metrics_port}"
            raise UsageError(
                t.WEBHOOK_LISTEN_FAILED.format(address=address, detail=exc.strerror or exc)
            ) from None
        except InvalidToken:
            raise UsageError(t.BOT_TOKEN_REJECTED) from None
        except NetworkError as exc:
            raise PlatformUnreachable(type(exc).__name__) from None
        finally:
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)
        _print([t.BOT_STOPPED], out)

    if settings.bot_token is None:
        raise UsageError(t.BOT_NEEDS_TOKEN)
    if args.webhook and (settings.webhook_url is None or settings.webhook_secret is None):
        raise UsageError(t.WEBHOOK_NEEDS_SETTINGS)
    # One bot per SQLite database (its lock file says which process holds it); PostgreSQL's own guard is
    # the platform's 409 for a second poller.
    try:
        lock = acquire_instance_lock(settings.database_url)
    except InstanceLocked as exc:
        raise UsageError(str(exc)) from None
    try:
        await _with_db(settings, work)
    finally:
        if lock is not None:
            lock.release()


async def _until_stopped(stop: asyncio.Event, failure: asyncio.Task[None] | None) -> None:
    """Until a signal sets `stop`; if receiving updates ends for good first, its error is raised."""
    stopping = asyncio.create_task(stop.wait())
    waiting: set[asyncio.Future[Any]] = {stopping, *([failure] if failure is not None else [])}
    done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if failure is not None and failure in done:
        failure.result()  # raises what ended receiving


async def cmd_simulator(args: argparse.Namespace, settings: Settings, clock: Clock, out: TextIO) -> None:
    from simulator import serve_simulator

    await serve_simulator(
        args.host, args.port, mode="bale" if args.bale else "telegram", limits=not args.no_limits, out=out
    )


Command = Callable[[argparse.Namespace, Settings, Clock, TextIO], Coroutine[Any, Any, None]]
COMMANDS: dict[str, Command] = {
    "import-minutes": cmd_import,
    "agency": cmd_agency,
    "status": cmd_status,
    "export": cmd_export,
    "letters": cmd_letters,
    "reminders": cmd_reminders,
    "db": cmd_db,
    "backup": cmd_backup,
    "demo": cmd_demo,
    "invite": cmd_invite,
    "run": cmd_run,
    "simulator": cmd_simulator,
}


def run(
    argv: Sequence[str] | None = None,
    *,
    clock: Clock | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    settings: Settings | None = None,
) -> int:
    """Run one command; returns the exit status (tests call this directly)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    # A refusal is one line on stderr; its details (which parties, which rows) go to stdout.
    try:
        settings = settings or load_settings()
        asyncio.run(COMMANDS[args.command](args, settings, clock or SystemClock(), out))
    except ConfigError as exc:
        err.write(t.ERROR_PREFIX + t.CONFIG_ERROR.format(detail=exc) + "\n")
        return EXIT_BAD_INPUT
    except ServiceError as exc:
        if getattr(args, "json", False):
            _dump({"error": exc.message, "details": exc.details}, out)
        elif exc.details:
            _print(["  " + detail for detail in exc.details], out)
        err.write(t.ERROR_PREFIX + exc.message + "\n")
        return EXIT_BAD_INPUT
    except (MinutesError, UsageError) as exc:
        err.write(t.ERROR_PREFIX + str(exc) + "\n")
        return EXIT_BAD_INPUT
    except DemoFailed:
        return EXIT_FAILURE
    except PlatformUnreachable as exc:
        err.write(t.ERROR_PREFIX + t.PLATFORM_UNREACHABLE.format(kind=exc) + "\n")
        return EXIT_FAILURE
    except DatabaseFailure as exc:
        # The database is unreachable or refused: not the user's input, so exit 1, still one line.
        err.write(t.ERROR_PREFIX + t.DATABASE_FAILED.format(kind=exc) + "\n")
        return EXIT_FAILURE
    except OSError as exc:
        err.write(t.ERROR_PREFIX + t.OS_FAILED.format(detail=exc.strerror or type(exc).__name__) + "\n")
        return EXIT_BAD_INPUT
    return EXIT_OK


def main() -> None:
    sys.exit(run())
