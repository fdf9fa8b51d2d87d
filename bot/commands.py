"""Every chat command, who may use it, and how it is described: /help and the command menu read this.

Who may use a command follows the services' permission matrix (``bot.services.access.PERMISSIONS``), so
help never offers what the services would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.access import PERMISSIONS, Permission, Role
from bot.texts import bot as t
from bot.texts import history as history_texts
from bot.texts import new_resolution as new_resolution_texts
from bot.texts import reminders as reminder_texts
from bot.texts import status as status_texts


@dataclass(frozen=True)
class CommandInfo:
    name: str
    description: str
    # None: every member may use it.
    permission: Permission | None = None
    # Shown to people the bot does not know (only what registration needs).
    for_strangers: bool = False
    # Listed for members (/start works for them too, but they have nothing to start).
    for_members: bool = True

    def allowed(self, role: Role | None) -> bool:
        """Whether /help and the menu offer this command to `role` (None: a stranger)."""
        if role is None:
            return self.for_strangers
        return self.for_members and (self.permission is None or role in PERMISSIONS[self.permission])


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", t.CMD_START, for_strangers=True, for_members=False),
    CommandInfo("help", t.CMD_HELP),
    CommandInfo("whoami", t.CMD_WHOAMI),
    CommandInfo("invite", t.CMD_INVITE, Permission.INVITE),
    CommandInfo("agencies", t.CMD_AGENCIES, Permission.MANAGE_AGENCIES),
    CommandInfo("members", t.CMD_MEMBERS, Permission.MANAGE_MEMBERS),
    CommandInfo("my", t.CMD_MY, Permission.REPORT_PROGRESS),
    CommandInfo("report", t.CMD_REPORT, Permission.REPORT_PROGRESS),
    CommandInfo("pause", reminder_texts.CMD_PAUSE, Permission.REPORT_PROGRESS),
    CommandInfo("resume", reminder_texts.CMD_RESUME, Permission.REPORT_PROGRESS),
    CommandInfo("new_resolution", new_resolution_texts.CMD_NEW_RESOLUTION, Permission.IMPORT_MINUTES),
    CommandInfo("status", status_texts.CMD_STATUS, Permission.READ_STATUS),
    CommandInfo("overdue", status_texts.CMD_OVERDUE, Permission.READ_STATUS),
    CommandInfo("ranking", status_texts.CMD_RANKING, Permission.READ_TRACKER),
    CommandInfo("export", status_texts.CMD_EXPORT, Permission.READ_TRACKER),
    CommandInfo("history", history_texts.CMD_HISTORY, Permission.READ_TRACKER),
    CommandInfo("cancel", t.CMD_CANCEL),
)


def commands_for(role: Role | None) -> list[CommandInfo]:
    """The commands this role may use, in help order."""
    return [command for command in COMMANDS if command.allowed(role)]
