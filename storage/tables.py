"""The schema (docs/domain.md, «Data model»): one MetaData, every table, named constraints.

The migrations in ``storage/migrations/versions`` (0001 onwards) create exactly this;
``tests/storage/test_migrations.py`` checks that they agree.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)

from bot.domain.statuses import ASSIGNMENT_STATUSES
from storage.types import JSONType, UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

PLATFORMS = ("telegram", "bale")
ROLES = ("secretariat", "governor", "agency")
MEMBER_STATES = ("active", "paused", "unreachable", "inactive")
DEADLINE_KINDS = ("relative", "date", "ongoing", "unknown")
DEADLINE_UNITS = ("day", "week", "month")
DECISIONS = ("pending", "approved", "denied")
OUTBOX_STATES = ("pending", "sending", "sent", "failed")
INBOX_STATES = ("pending", "done", "failed")


def one_of(column: str, values: Iterable[str]) -> str:
    """SQL text of a CHECK that a column holds one of the given words."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


agencies = Table(
    "agencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
    UniqueConstraint("name"),
)

agency_aliases = Table(
    "agency_aliases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("alias", Text, nullable=False),
    Column("key", Text, nullable=False),
    UniqueConstraint("key"),
)

meetings = Table(
    "meetings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Integer, nullable=False),
    Column("held_on", Date, nullable=False),
    Column("title", Text, nullable=False),
    Column("source_name", Text),
    Column("source_sha256", String(64)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", Text, nullable=False),
    UniqueConstraint("number"),
)

resolutions = Table(
    "resolutions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer, ForeignKey("meetings.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("items", JSONType, nullable=False),
    Column("deadline_raw", Text, nullable=False),
    Column("deadline_kind", String(16), nullable=False),
    Column("deadline_amount", Integer),
    Column("deadline_unit", String(16)),
    Column("created_at", UTCDateTime, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("note", Text, nullable=False, server_default=text("''")),  # the minutes' remarks column
    UniqueConstraint("meeting_id", "number"),
    CheckConstraint(one_of("deadline_kind", DEADLINE_KINDS), name="deadline_kind"),
    CheckConstraint(
        f"deadline_unit IS NULL OR {one_of('deadline_unit', DEADLINE_UNITS)}", name="deadline_unit"
    ),
)

members = Table(
    "members",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("display_name", Text, nullable=False),
    Column("username", Text),
    Column("role", String(16), nullable=False),
    Column("agency_id", Integer, ForeignKey("agencies.id"), index=True),
    Column("state", String(16), nullable=False, server_default=text("'active'")),
    Column("paused_until", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    UniqueConstraint("platform", "user_id"),
    CheckConstraint(one_of("platform", PLATFORMS), name="platform"),
    CheckConstraint(one_of("role", ROLES), name="role"),
    CheckConstraint(one_of("state", MEMBER_STATES), name="state"),
    CheckConstraint("role <> 'agency' OR agency_id IS NOT NULL", name="agency_role_has_agency"),
)

assignments = Table(
    "assignments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("resolution_id", Integer, ForeignKey("resolutions.id", ondelete="CASCADE"), nullable=False),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False, index=True),
    Column("status", String(16), nullable=False, server_default=text("'new'")),
    Column("percent", Integer, nullable=False, server_default=text("0")),
    Column("due_on", Date),
    Column("ongoing", Boolean, nullable=False, server_default=false()),
    Column("next_reminder_at", UTCDateTime),
    # Reminder slots at or before this time are settled (sent, skipped, or not owed).
    Column("last_reminded_at", UTCDateTime),
    Column("last_report_at", UTCDateTime),
    Column("escalated_at", UTCDateTime),
    Column("escalation_count", Integer, nullable=False, server_default=text("0")),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    # The council-local day the agency reported it done (cleared when sent back); on time: done_on <= due_on.
    Column("done_on", Date),
    UniqueConstraint("resolution_id", "agency_id"),
    CheckConstraint(one_of("status", ASSIGNMENT_STATUSES), name="status"),
    CheckConstraint("percent BETWEEN 0 AND 100", name="percent"),
    CheckConstraint("escalation_count >= 0", name="escalation_count"),
    Index(None, "status", "next_reminder_at"),
    # The status overview's aggregates read this index, not the table.
    Index(None, "agency_id", "status", "due_on", "done_on"),
)

progress_reports = Table(
    "progress_reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "assignment_id",
        Integer,
        ForeignKey("assignments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL")),
    Column("text", Text, nullable=False),
    Column("percent", Integer),
    Column("attachments", JSONType, nullable=False),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    CheckConstraint("percent IS NULL OR percent BETWEEN 0 AND 100", name="percent"),
)

extension_requests = Table(
    "extension_requests",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "assignment_id",
        Integer,
        ForeignKey("assignments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("member_id", Integer, ForeignKey("members.id", ondelete="SET NULL")),
    Column("requested_due", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("decision", String(16), nullable=False, server_default=text("'pending'")),
    Column("decided_by", Integer, ForeignKey("members.id", ondelete="SET NULL")),
    Column("decided_at", UTCDateTime),
    Column("decision_reason", Text),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint(one_of("decision", DECISIONS), name="decision"),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("payload", JSONType, nullable=False),
    Column("state", String(16), nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("dedupe_key", Text),
    Column("assignment_id", Integer, ForeignKey("assignments.id", ondelete="SET NULL")),
    Column("platform_message_id", BigInteger),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    UniqueConstraint("dedupe_key"),
    CheckConstraint(one_of("platform", PLATFORMS), name="platform"),
    CheckConstraint(one_of("state", OUTBOX_STATES), name="state"),
    CheckConstraint("attempts >= 0", name="attempts"),
    Index(None, "state", "next_attempt_at"),
    # The MessageLink: which chat + platform message is about which assignment.
    Index(None, "chat_id", "platform_message_id"),
)

invites = Table(
    "invites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id")),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(128), nullable=False),
    Column("uses_left", Integer, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("revoked_at", UTCDateTime),
    UniqueConstraint("token_hash"),
    CheckConstraint(one_of("role", ROLES), name="role"),
    CheckConstraint("uses_left >= 0", name="uses_left"),
    CheckConstraint("role <> 'agency' OR agency_id IS NOT NULL", name="agency_role_has_agency"),
)

# Failed invite tokens, per person: repeated bad tokens are refused for a while (survives a restart).
invite_attempts = Table(
    "invite_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Index(None, "platform", "user_id", "at"),
)

conversation_states = Table(
    "conversation_states",
    metadata,
    Column("platform", String(16), nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("name", String(64), nullable=False),
    Column("step", String(64), nullable=False),
    Column("data", JSONType, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("platform", "chat_id", "user_id"),
    CheckConstraint(one_of("platform", PLATFORMS), name="platform"),
)

# The file a minutes upload's preview waits on (size bounded by the upload service): a button pressed later
# reads it here instead of downloading it again. It goes with its conversation.
minutes_uploads = Table(
    "minutes_uploads",
    metadata,
    Column("platform", String(16), nullable=False),
    Column("chat_id", BigInteger, nullable=False),
    Column("user_id", BigInteger, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("platform", "chat_id", "user_id"),
    ForeignKeyConstraint(
        ["platform", "chat_id", "user_id"],
        [conversation_states.c.platform, conversation_states.c.chat_id, conversation_states.c.user_id],
        ondelete="CASCADE",
    ),
)

# Every update the platform delivered, written before the platform is told it was received. It is handled
# from here (a chat's updates in order) and marked done in the transaction of its first write, so a crash
# loses nothing and a redelivered update (the same update_id) is stored and handled once.
inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("update_id", BigInteger, nullable=False),
    # SHA-256 of the update's JSON: a redelivery is the same update; the same id with other content is a
    # new update (the platform may start its ids afresh after a quiet week, a new simulator at 1).
    Column("digest", String(64), nullable=False),
    # The chat whose updates are handled in order (the user's id when the update has no chat).
    Column("chat_id", BigInteger, nullable=False),
    Column("payload", JSONType, nullable=False),
    Column("state", String(16), nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    # A claim is a lease: the handling process holds the row until then (a dead process's lease expires).
    Column("claimed_until", UTCDateTime),
    # The instance id of the process holding the lease (storage.process_locks; None on SQLite).
    Column("claimed_by", Integer),
    # The person was told once that their message is delayed (a transient fault): not again.
    Column("delay_told", Boolean, nullable=False, server_default=false()),
    Column("last_error", Text),
    Column("received_at", UTCDateTime, nullable=False),
    Column("done_at", UTCDateTime),
    UniqueConstraint("platform", "update_id", "digest"),
    CheckConstraint(one_of("platform", PLATFORMS), name="platform"),
    CheckConstraint(one_of("state", INBOX_STATES), name="state"),
    CheckConstraint("attempts >= 0", name="attempts"),
    Index(None, "state", "chat_id", "id"),
    Index(None, "received_at"),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),
    Column("actor_member_id", Integer, ForeignKey("members.id", ondelete="SET NULL")),
    Column("action", String(64), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", Integer),
    Column("before", JSONType),
    Column("after", JSONType),
    Index(None, "entity", "entity_id"),
)
