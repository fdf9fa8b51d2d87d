"""The application factory: everything the running bot needs is built here, nothing at import time.

The services a handler reaches live in :mod:`bot.runtime`; this module wires them, registers the handlers
and runs the recurring jobs (outbox, reminders, digest)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any, cast

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import ApplicationBuilder, ContextTypes, Defaults

from bot.config import ConfigError, Settings
from bot.dispatcher import Dispatcher
from bot.domain.clock import Clock, SystemClock
from bot.heavy import ProcessRunner
from bot.inbox_worker import GRACE, InboxWorker
from bot.markup import Markup
from bot.metrics import Metrics
from bot.platforms import profile_for
from bot.receiver import Receiver
from bot.runtime import DISPATCH_INTERVAL, RUNTIME_KEY, PeygirApp, PeygirContext, Runtime, runtime_of
from bot.services.access import Role
from bot.services.agencies import AgencyService
from bot.services.assignments import AssignmentService
from bot.services.conversations import ConversationService
from bot.services.error_notices import ErrorNoticeService
from bot.services.exports import ExportService
from bot.services.extensions import ExtensionService
from bot.services.health import HealthService
from bot.services.history import HistoryService
from bot.services.inbox import InboxService
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
from bot.transport import PlatformBot, PlatformRateLimiter, PlatformRequest, sending_request
from bot.webhook_server import WebhookServer
from handlers.menu import set_default_commands, set_member_commands
from handlers.registry import register_all
from storage.engine import Database, create_database
from storage.process_locks import ProcessLocks

logger = logging.getLogger(__name__)

# Seconds between two prunings of the inbox.
PRUNE_EVERY = 3600.0
# Seconds a sender trusts that it still holds the sending lock before it asks its connection again.
STILL_SENDER_EVERY = 0.5
# Seconds between looks for inbox leases of dead processes (several processes on PostgreSQL).
DEAD_LEASES_EVERY = 3.0
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
    # Replies and outbox sends wait as long as the platform's answers may take (bot/platforms.py).
    request = sending_request(profile, proxy=settings.proxy_url)
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
    # Reading minutes, writing reports and drawing charts: in worker processes with a memory limit.
    heavy = ProcessRunner(memory_mb=settings.worker_memory_mb)
    locks = ProcessLocks(db, profile.name)
    metrics = Metrics()
    app = cast(
        PeygirApp,
        ApplicationBuilder()
        .bot(bot)
        # Updates are received by bot.receiver (into the inbox) and handled by bot.inbox_worker.
        .updater(None)
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
        status=StatusService(db, clock, settings.tz, heavy=heavy),
        exports=ExportService(db, clock, settings.tz, heavy=heavy),
        minutes=MinutesImportService(db, clock),
        uploads=MinutesUploadService(db, clock, settings.work_calendar(), heavy=heavy),
        dispatcher=Dispatcher(bot, OutboxService(db, clock, profile.name), metrics=metrics),
        heavy=heavy,
        inbox=InboxService(db, clock, profile.name, locks),
        error_notices=ErrorNoticeService(db, clock, settings.bot_token.get_secret_value()),
        locks=locks,
        metrics=metrics,
        health=HealthService(db, clock, profile.name, timedelta(seconds=settings.reminder_sweep_seconds)),
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
    # Handled updates are kept a week, then forgotten (an hour apart, a bounded batch each time).
    app.job_queue.run_repeating(_prune_inbox, interval=PRUNE_EVERY, first=5, name="inbox-prune")
    if runtime.locks.shared:
        # Several processes on PostgreSQL: what a dead one held is handled now, not when its lease ends.
        app.job_queue.run_repeating(_release_dead_leases, interval=DEAD_LEASES_EVERY, name="dead-leases")
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
    """The recurring job: send what the outbox holds (the database says what is due), if this process
    is the one that sends (one at a time: the platform's limits are the token's)."""
    runtime = context.runtime
    sending, fresh = await runtime.locks.sender()
    if not sending:
        return
    if fresh:  # the sender before this one is gone: its claims are free now
        await runtime.dispatcher.take_over()

    # Asked before each batch and each send; the lock's connection is asked at most every half second.
    checked = [0.0, True]

    async def still_sender() -> bool:
        if time.monotonic() - checked[0] >= STILL_SENDER_EVERY:
            checked[:] = [time.monotonic(), (await runtime.locks.sender())[0]]
        return bool(checked[1])

    await runtime.dispatcher.drain(still_sender if runtime.locks.shared else None)


async def _release_dead_leases(context: PeygirContext) -> None:
    await context.runtime.inbox.release_dead()


async def _prune_inbox(context: PeygirContext) -> None:
    await context.runtime.inbox.prune()


async def _sweep_reminders(context: PeygirContext) -> None:
    runtime = context.runtime
    started = time.monotonic()
    await runtime.reminders.sweep()
    runtime.metrics.sweep.observe(time.monotonic() - started)
    runtime.metrics.last_sweep.set(time.time())
    runtime.health.last_sweep = runtime.clock.now()


async def _report_digest(context: PeygirContext) -> None:
    await context.runtime.report_digest.send_due()


async def _post_shutdown(app: PeygirApp) -> None:
    runtime = runtime_of(app)
    await runtime.locks.close()  # another process may send at once
    await runtime.heavy.shutdown()
    if runtime.owns_db:
        await runtime.db.dispose()


def _kind(payload: dict[str, Any]) -> str:
    """An update's kind for the metrics: message, callback_query or other."""
    return next((kind for kind in ALLOWED_UPDATES if kind in payload), "other")


async def handle_update(app: PeygirApp, payload: dict[str, Any]) -> None:
    """One stored update through the handlers (the inbox worker calls this)."""
    await app.process_update(Update.de_json(payload, app.bot))


@asynccontextmanager
async def running(
    app: PeygirApp,
    *,
    grace: float | None = None,
    warm: bool = True,
    webhook: bool = False,
    delete_webhook: bool = False,
) -> AsyncIterator[PeygirApp]:
    """Run the bot inside a running event loop (``peygir run``, the demo, the tests): receive updates
    into the inbox and handle them from there, until the block ends. Then it takes nothing new, gives the
    updates in hand `grace` seconds, and leaves the rest in the inbox for the next start.

    Updates are received by polling (``bot.receiver``), or with `webhook` by the platform's posts
    (``bot.webhook_server``, which sets the webhook). With `delete_webhook`, a webhook left set is
    deleted before polling (else the platform refuses to poll: 409).

    If receiving ends for good (another program polls with the token, or a webhook is set:
    AnotherPoller; the token is refused; the webhook's port is taken), ``runtime.failure`` is done with
    that exception; ``peygir run`` waits on it too.
    """
    runtime = runtime_of(app)
    worker = InboxWorker(
        runtime.inbox,
        lambda payload: handle_update(app, payload),
        on_handled=lambda row, outcome: runtime.metrics.updates.labels(_kind(row.payload), outcome).inc(),
    )
    watching = runtime.observability()  # /healthz and /metrics: on the webhook's port, or alone
    receiver: Receiver | WebhookServer
    if webhook:
        receiver = WebhookServer(
            app.bot,
            runtime.inbox,
            runtime.profile,
            runtime.settings,
            ALLOWED_UPDATES,
            worker.wake,
            extra_routes=watching.routes(),
        )
    else:
        receiver = Receiver(app.bot, runtime.inbox, runtime.profile, ALLOWED_UPDATES, worker.wake)
    try:
        async with app:
            await _post_init(app)
            # On SQLite one process per database (peygir run's lock): leases left are an earlier run's, and
            # it is gone. On PostgreSQL several processes may run: each holds an instance lock, and only
            # the leases of processes that are gone are given back (storage.process_locks).
            await runtime.locks.start()
            await runtime.inbox.release_at_start()
            await app.start()
            tasks: list[asyncio.Task[Any]] = []
            try:
                # Anything that fails from here (the port taken, the platform unreachable) stops what was
                # started, so that the caller sees that error and not the application's.
                # The heavy workers warm up (a second or two) while the bot already answers. Without
                # `warm` (the end-to-end tests: most never read a file) they start at the first heavy task.
                tasks.append(
                    asyncio.create_task(
                        runtime.heavy.start() if warm else asyncio.sleep(0), name="heavy-warm-up"
                    )
                )
                settings = runtime.settings
                if settings.metrics_port is not None and not webhook:
                    # Bound before the bot counts as running: a port taken is said at once.
                    await watching.start_alone(settings.metrics_listen, settings.metrics_port)
                if delete_webhook and not webhook:
                    await app.bot.delete_webhook()
                if isinstance(receiver, WebhookServer):
                    await receiver.start()  # listening and the webhook set before the bot counts as running
                receiving = asyncio.create_task(
                    receiver.serve() if isinstance(receiver, WebhookServer) else receiver.run(),
                    name="receiver",
                )
                runtime.failure = receiving
                handling = asyncio.create_task(worker.run(), name="inbox-worker")
                tasks += [handling]
                try:
                    yield app
                finally:
                    receiving.cancel()
                    await asyncio.gather(receiving, return_exceptions=True)
                    await worker.stop(GRACE if grace is None else grace)
            finally:
                for task in tasks:
                    task.cancel()
                await asyncio.gather(*tasks, return_exceptions=True)
                if isinstance(receiver, WebhookServer):
                    await receiver.stop()
                await watching.stop_alone()
                await app.stop()
    finally:
        await _post_shutdown(app)
