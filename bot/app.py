"""The application factory: everything the running bot needs is built here, nothing at import time.

The services a handler reaches live in :mod:`bot.runtime`; this module wires them, registers the handlers
and runs the recurring jobs (outbox, reminders, digest)."""

from __future__ import annotations

import logging
import signal
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import cast

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.config import ConfigError, Settings
from bot.dispatcher import Dispatcher
from bot.domain.clock import Clock, SystemClock
from bot.markup import Markup
from bot.platforms import profile_for
from bot.runtime import DISPATCH_INTERVAL, RUNTIME_KEY, PeygirApp, PeygirContext, Runtime, runtime_of
from bot.services.access import Role
from bot.services.agencies import AgencyService
from bot.services.assignments import AssignmentService
from bot.services.conversations import ConversationService
from bot.services.exports import ExportService
from bot.services.extensions import ExtensionService
from bot.services.history import HistoryService
from bot.services.invites import InviteService
from bot.services.members import MemberService
from bot.services.minutes_import import MinutesImportService
from bot.services.minutes_upload import MinutesUploadService
from bot.services.new_resolution import NewResolutionService
from bot.services.outbox import OutboxService
from bot.services.pauses import PauseService
from bot.services.registration import RegistrationService
from bot.services.reminders import ReminderService
from bot.services.report_digest import ReportDigestService
from bot.services.status import StatusService
from bot.transport import PlatformBot, PlatformRateLimiter, PlatformRequest
from handlers.menu import set_default_commands, set_member_commands
from handlers.registry import register_all
from storage.engine import Database, create_database

logger = logging.getLogger(__name__)

# Seconds between checks for a due digest of progress reports (digest mode only).
DIGEST_CHECK = 60.0
# The updates the bot handles; anything else is not even fetched.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


def build_application(
    settings: Settings,
    *,
    database: Database | None = None,
    clock: Clock | None = None,
    rate_limits: bool = True,
    dispatch_interval: float = DISPATCH_INTERVAL,
) -> PeygirApp:
    """The bot for the configured platform, with its handlers registered; not started."""
    if settings.bot_token is None:
        raise ConfigError("PEYGIR_BOT_TOKEN: required to run the bot (or use `peygir demo`)")
    profile = profile_for(settings)
    clock = clock or SystemClock()
    db = database or create_database(settings.database_url)
    request = PlatformRequest(
        profile,
        connection_pool_size=32,
        proxy=settings.proxy_url,
        read_timeout=10,
        write_timeout=20,
        connect_timeout=10,
        pool_timeout=5,
    )
    updates_request = PlatformRequest(
        profile, connection_pool_size=1, proxy=settings.proxy_url, read_timeout=profile.poll_timeout + 10
    )
    bot = PlatformBot(
        profile,
        settings.bot_token.get_secret_value(),
        request=request,
        get_updates_request=updates_request,
        defaults=Defaults(tzinfo=settings.tz, parse_mode=ParseMode.HTML if profile.html else None),
        rate_limiter=PlatformRateLimiter(profile) if rate_limits else None,
    )
    app = cast(
        PeygirApp,
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=PeygirContext))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build(),
    )
    app.bot_data[RUNTIME_KEY] = Runtime(
        settings=settings,
        profile=profile,
        db=db,
        clock=clock,
        markup=Markup(profile.html),
        registration=RegistrationService(db, clock, settings.admin_ids),
        invites=InviteService(db, clock),
        members=MemberService(db, clock),
        agencies=AgencyService(db, clock),
        conversations=ConversationService(db, clock),
        assignments=AssignmentService(
            db, clock, digest=settings.secretariat_reports == "digest", tz=settings.tz
        ),
        extensions=ExtensionService(db, clock, settings.work_calendar(), settings.tz),
        history=HistoryService(db),
        new_resolutions=NewResolutionService(db, clock, settings.work_calendar(), settings.tz),
        report_digest=ReportDigestService(
            db, clock, settings.work_calendar(), settings.tz, settings.report_digest_at
        ),
        reminders=ReminderService.from_settings(db, clock, settings),
        pauses=PauseService(db, clock, settings.tz),
        status=StatusService(db, clock, settings.tz),
        exports=ExportService(db, clock, settings.tz),
        minutes=MinutesImportService(db, clock),
        uploads=MinutesUploadService(db, clock, settings.work_calendar()),
        dispatcher=Dispatcher(bot, OutboxService(db, clock, profile.name)),
        owns_db=database is None,
        dispatch_interval=dispatch_interval,
    )
    register_all(app)
    return app


async def _post_init(app: PeygirApp) -> None:
    runtime = runtime_of(app)
    await runtime.dispatcher.release_stale()
    assert app.job_queue is not None
    app.job_queue.run_repeating(
        _drain_outbox,
        interval=runtime.dispatch_interval,
        first=0,
        name="outbox",
        # A long drain (paced sends) overlaps the next tick; the dispatcher's own lock keeps it single.
        job_kwargs={"max_instances": 2, "coalesce": True},
    )
    # The reminder sweep: the database says what is due; running it twice sends nothing twice.
    app.job_queue.run_repeating(
        _sweep_reminders, interval=runtime.settings.reminder_sweep_seconds, name="reminders"
    )
    if runtime.settings.secretariat_reports == "digest":
        # Every minute: the digest of the latest slot, if it is due and not sent (the outbox remembers).
        app.job_queue.run_repeating(_report_digest, interval=DIGEST_CHECK, first=1, name="report_digest")
    await set_default_commands(app.bot, runtime)
    # The configured admins are secretariat from their first message: their menu is ready before it.
    for admin_id in runtime.settings.admin_ids:
        await set_member_commands(app.bot, runtime, admin_id, Role.SECRETARIAT)
    logger.info("bot @%s ready on %s", app.bot.username, runtime_of(app).profile.name)


async def _drain_outbox(context: PeygirContext) -> None:
    """The recurring job: send what the outbox holds (the database says what is due)."""
    await context.runtime.dispatcher.drain()


async def _sweep_reminders(context: PeygirContext) -> None:
    await context.runtime.reminders.sweep()


async def _report_digest(context: PeygirContext) -> None:
    await context.runtime.report_digest.send_due()


async def _post_shutdown(app: PeygirApp) -> None:
    runtime = runtime_of(app)
    if runtime.owns_db:
        await runtime.db.dispose()


@asynccontextmanager
async def running(app: PeygirApp) -> AsyncIterator[PeygirApp]:
    """Run the bot (polling) inside an event loop that is already running: the demo and the tests."""
    # run_polling() calls post_init and post_shutdown itself; started by hand, we do.
    profile = runtime_of(app).profile
    try:
        async with app:
            await _post_init(app)
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=profile.poll_interval,
                timeout=profile.poll_timeout,
                allowed_updates=ALLOWED_UPDATES,
            )
            try:
                yield app
            finally:
                await app.updater.stop()
                await app.stop()
    finally:
        await _post_shutdown(app)


def run_polling(app: PeygirApp) -> None:
    """Poll until SIGINT or SIGTERM, then shut down cleanly (the loop is PTB's own)."""
    profile = runtime_of(app).profile
    app.run_polling(
        poll_interval=profile.poll_interval,
        timeout=profile.poll_timeout,
        allowed_updates=ALLOWED_UPDATES,
        stop_signals=(signal.SIGINT, signal.SIGTERM),
    )
