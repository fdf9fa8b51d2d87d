"""The one place that sets the handlers' order: :func:`register_all`."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, MessageHandler, TypeHandler, filters

from bot import callback_data
from bot.runtime import PeygirApp
from handlers import (
    agencies,
    assignments,
    conversation,
    errors,
    fallback,
    gate,
    history,
    info,
    invite,
    members,
    minutes_upload,
    new_resolution,
    pauses,
    registration,
    review,
    status,
)
from handlers.routing import AnyCommand, Command, on_press

# Handler groups run in ascending order; within a group only the first matching handler runs.
GATE_GROUP = -1
FEATURE_GROUP = 0


def register_all(app: PeygirApp) -> None:

    bot = app.bot
    # The gate runs first, for every update: it identifies the member and stops strangers (except an
    # invite's /start) before any feature sees them.
    app.add_handler(TypeHandler(Update, gate.identify), group=GATE_GROUP)

    app.add_handlers(
        [
            # Commands come before the plain-text router, so "/cancel" in a wizard cancels it rather than
            # being taken as the wizard's answer.
            Command("start", registration.start, bot),
            Command("help", info.show_help, bot),
            Command("whoami", info.show_whoami, bot),
            Command("cancel", conversation.cancel, bot),
            Command("invite", invite.invite, bot),
            Command("agencies", agencies.agencies, bot),
            Command("members", members.members, bot),
            Command("my", assignments.my_items, bot),
            Command("report", assignments.report_command, bot),
            Command("pause", pauses.pause, bot),
            Command("resume", pauses.resume, bot),
            Command("history", history.history, bot),
            Command("status", status.status, bot),
            Command("overdue", status.overdue, bot),
            Command("ranking", status.ranking, bot),
            Command("export", status.export, bot),
            Command("new_resolution", new_resolution.new_resolution, bot),
            # Every other command: after all known ones.
            AnyCommand(fallback.unknown_command, bot),
            on_press(callback_data.INVITE, invite.invite_button),
            on_press(callback_data.AGENCIES, agencies.agency_button),
            on_press(callback_data.MEMBERS, members.member_button),
            on_press(callback_data.ASSIGNMENTS, assignments.assignment_button),
            on_press(callback_data.REVIEW, review.review_button),
            on_press(callback_data.EXTENSIONS, review.extension_button),
            on_press(callback_data.NEW_RESOLUTION, new_resolution.new_resolution_button),
            on_press(callback_data.UPLOAD, minutes_upload.upload_button),
            on_press(callback_data.STATUS, status.status_button),
            # Buttons of no feature (an old version's, or forged): after every feature's pattern.
            CallbackQueryHandler(fallback.stale_button),
            # Other messages: a reply about an item is a report on it (before an upload: a scanned letter
            # in reply is a report); a document from the secretariat is minutes; a representative's text
            # outside a conversation asks "which item?"; otherwise plain text answers the wizard's step.
            conversation.message_router(
                {**agencies.STEPS, **assignments.STEPS, **review.STEPS, **new_resolution.STEPS},
                takers=[
                    assignments.reply_as_report,
                    minutes_upload.take_upload,
                    assignments.text_for_which_item,
                ],
            ),
            MessageHandler(filters.ALL, fallback.other_message),
        ],
        group=FEATURE_GROUP,
    )
    app.add_error_handler(errors.on_error)
