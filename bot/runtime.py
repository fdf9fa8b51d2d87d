"""What every handler reaches through its context: the services and settings of the running bot.

It imports no handler, so handlers, the application factory (:mod:`bot.app`) and the tools can all
import it without a cycle.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, cast

from telegram import Update
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.dispatcher import Dispatcher
from bot.domain.clock import Clock
from bot.heavy import HeavyRunner
from bot.markup import Markup
from bot.metrics import Metrics
from bot.observability import Observability
from bot.platforms import PlatformProfile
from bot.reports.documents import Letterhead
from bot.services.access import Actor
from bot.services.agencies import AgencyService
from bot.services.assignments import AssignmentService
from bot.services.conversations import ChatKey, ConversationService
from bot.services.error_notices import ErrorNoticeService
from bot.services.exports import ExportService
from bot.services.extensions import ExtensionService
from bot.services.health import HealthService
from bot.services.history import HistoryService
from bot.services.inbox import InboxService
from bot.services.invites import InviteService
from bot.services.letters import LetterService, bot_address
from bot.services.members import MemberService
from bot.services.minutes_import import MinutesImportService
from bot.services.minutes_upload import MinutesUploadService
from bot.services.new_resolution import NewResolutionService
from bot.services.pauses import PauseService
from bot.services.registration import MemberInfo, RegistrationService
from bot.services.reminders import ReminderService
from bot.services.report_digest import ReportDigestService
from bot.services.status import StatusService
from storage.engine import Database
from storage.process_locks import ProcessLocks

RUNTIME_KEY = "peygir"
# Seconds between two drains of the outbox.
DISPATCH_INTERVAL = 1.0


@dataclass
class Runtime:
    """The services and settings every handler reaches through its context."""

    settings: Settings
    profile: PlatformProfile
    db: Database
    clock: Clock
    markup: Markup
    registration: RegistrationService
    invites: InviteService
    members: MemberService
    agencies: AgencyService
    conversations: ConversationService
    assignments: AssignmentService
    extensions: ExtensionService
    history: HistoryService
    new_resolutions: NewResolutionService
    report_digest: ReportDigestService
    reminders: ReminderService
    pauses: PauseService
    status: StatusService
    exports: ExportService
    minutes: MinutesImportService
    uploads: MinutesUploadService
    dispatcher: Dispatcher
    heavy: HeavyRunner
    inbox: InboxService
    error_notices: ErrorNoticeService
    # This process among several on PostgreSQL: alive, and whether it sends the outbox.
    locks: ProcessLocks
    # What an operator watches: the counters, and /healthz's checks.
    metrics: Metrics
    health: HealthService
    owns_db: bool
    dispatch_interval: float = DISPATCH_INTERVAL
    # While the bot runs: the receiving task; done (with the reason) only if receiving ended for good.
    failure: asyncio.Task[None] | None = None
    # The notification letters to the agencies (made here from the services above, in their runner).
    letters: LetterService = field(init=False)

    def __post_init__(self) -> None:
        self.letters = LetterService(self.db, self.clock, self.settings.tz, heavy=self.heavy)

    def observability(self) -> Observability:
        return Observability(self.health, self.metrics, self.locks)

    @property
    def letterhead(self) -> Letterhead:
        """The documents' council, secretariat, signatory and font (the settings)."""
        return Letterhead.from_settings(self.settings)

    def bot_link(self, username: str | None) -> str | None:
        """«t.me/…» or «ble.ir/…»: the configured username, else the running bot's own."""
        return bot_address(self.profile, self.settings.bot_username or username)


class PeygirContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The handler context, with the member behind the update (set by the gate, handler group -1)."""

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application, chat_id=chat_id, user_id=user_id)
        self.member: MemberInfo | None = None
        # A button press is answered once (handlers.replies.answer); one context serves one update.
        self.answered = False

    @property
    def runtime(self) -> Runtime:
        return cast(Runtime, self.application.bot_data[RUNTIME_KEY])

    @property
    def actor(self) -> Actor:
        """Who is acting, for the services' access checks (a stranger has no role)."""
        if self.member is None:
            return Actor(label="stranger", role=None)
        return Actor.of_member(self.member)

    def chat_key(self, update: Update) -> ChatKey:
        chat, user = update.effective_chat, update.effective_user
        if chat is None or user is None:
            raise ValueError("an update without chat or user has no conversation")
        return ChatKey(self.runtime.profile.name, chat.id, user.id)


PeygirApp = Application[Any, PeygirContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], Any]


def runtime_of(app: PeygirApp) -> Runtime:
    return cast(Runtime, app.bot_data[RUNTIME_KEY])
