"""Button data: what a pressed button carries back, every kind as a small typed value in this one module.

A kind is a frozen dataclass with a ``tag`` (``"st:a"``: its namespace, then what it is) and typed fields.
``pack()`` writes ``tag:field:field`` (``StatusAgency(12, 0).pack() == "st:a:12:0"``) and refuses data over
the platforms' 64 bytes; ``unpack(data, kinds)`` reads it back into exactly one of the given kinds, or
``None`` when the text has no such shape. A field is an ``int`` (0 to 12 digits' worth), a ``Literal`` of
short words, or nothing else: the data is a hint of what was pressed and never trusted. The services
check every id in it against the database and the presser again.

Services write buttons into outbox payloads (``.pack()``) and handlers read presses (``unpack``); no
other module spells a prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints

from bot.domain.numerals import ID_MAX

# Telegram's and Bale's limit on callback_data, in bytes.
LIMIT = 64
_NUMBER = re.compile(r"[0-9]{1,10}")

K = TypeVar("K", bound="ButtonData")


class ButtonData:
    """Base of every kind of button data (subclasses are frozen dataclasses with a ``tag``)."""

    tag: ClassVar[str]

    @property
    def namespace(self) -> str:
        return self.tag.split(":", 1)[0]

    def pack(self) -> str:
        values = [getattr(self, f.name) for f in fields(self)]  # type: ignore[arg-type]
        for (name, read), value in zip(_readers(type(self)), values, strict=True):
            if read(_text(value)) is None:
                raise ValueError(f"{type(self).__name__}.{name}: {value!r} cannot travel in button data")
        data = ":".join([self.tag, *map(_text, values)])
        if len(data.encode()) > LIMIT:
            raise ValueError(f"button data over {LIMIT} bytes: {data!r}")
        return data

    @classmethod
    def read(cls: type[K], data: str) -> K | None:
        """This kind from `data`, or None when the data is not exactly of its shape."""
        tag = cls.tag.split(":")
        parts = data.split(":")
        readers = _readers(cls)
        if parts[: len(tag)] != tag or len(parts) != len(tag) + len(readers):
            return None
        values: dict[str, object] = {}
        for (name, reader), part in zip(readers, parts[len(tag) :], strict=True):
            value = reader(part)
            if value is None:
                return None
            values[name] = value
        return cls(**values)


def _text(value: object) -> str:
    return str(value)


def _read_int(part: str) -> int | None:
    if not _NUMBER.fullmatch(part):
        return None
    value = int(part)
    return value if value <= ID_MAX else None  # an id the database can hold


def _read_word(words: tuple[str, ...]) -> Callable[[str], str | None]:
    def read(part: str) -> str | None:
        return part if part in words else None

    return read


_Readers = tuple[tuple[str, Callable[[str], Any]], ...]
_READERS: dict[type[ButtonData], _Readers] = {}


def _readers(kind: type[ButtonData]) -> _Readers:
    """Each field's name and how to read it from text (None: not a value of that field)."""
    known = _READERS.get(kind)
    if known is None:
        known = _READERS[kind] = _field_readers(kind)
    return known


def _field_readers(kind: type[ButtonData]) -> _Readers:
    hints = get_type_hints(kind)
    readers: list[tuple[str, Callable[[str], Any]]] = []
    for f in fields(kind):  # type: ignore[arg-type]
        hint = hints[f.name]
        if hint is int:
            readers.append((f.name, _read_int))
        elif get_origin(hint) is Literal:
            words = get_args(hint)
            if not all(isinstance(w, str) and re.fullmatch(r"[a-z_]{1,16}", w) for w in words):
                raise TypeError(f"{kind.__name__}.{f.name}: Literal words must be short lower-case words")
            readers.append((f.name, _read_word(words)))
        else:
            raise TypeError(f"{kind.__name__}.{f.name}: button data fields are int or Literal words")
    return tuple(readers)


def unpack(data: str | None, kinds: Iterable[type[ButtonData]]) -> ButtonData | None:
    """The one kind among `kinds` that `data` is, or None (stale, forged or another feature's)."""
    if not data or len(data.encode()) > LIMIT:
        return None
    for kind in kinds:
        found = kind.read(data)
        if found is not None:
            return found
    return None


def namespaces(kinds: Iterable[type[ButtonData]]) -> frozenset[str]:
    return frozenset(kind.tag.split(":", 1)[0] for kind in kinds)


# --- /invite (the secretariat's invite links) ----------------------------------------------------------
@dataclass(frozen=True)
class InvitePage(ButtonData):
    tag: ClassVar[str] = "inv:p"
    page: int


@dataclass(frozen=True)
class InviteAgency(ButtonData):
    tag: ClassVar[str] = "inv:a"
    agency_id: int


@dataclass(frozen=True)
class InviteRole(ButtonData):
    tag: ClassVar[str] = "inv:r"
    role: Literal["governor", "secretariat"]


INVITE = (InvitePage, InviteAgency, InviteRole)


# --- /agencies -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgencyPage(ButtonData):
    tag: ClassVar[str] = "ag:p"
    page: int


@dataclass(frozen=True)
class AgencyAdd(ButtonData):
    tag: ClassVar[str] = "ag:new"


@dataclass(frozen=True)
class AliasPage(ButtonData):
    """The page of agencies to choose from for a new alias."""

    tag: ClassVar[str] = "ag:al"
    page: int


@dataclass(frozen=True)
class AliasFor(ButtonData):
    tag: ClassVar[str] = "ag:a"
    agency_id: int


AGENCIES = (AgencyPage, AgencyAdd, AliasPage, AliasFor)


# --- /members ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemberPage(ButtonData):
    tag: ClassVar[str] = "mem:p"
    page: int


@dataclass(frozen=True)
class MemberCard(ButtonData):
    tag: ClassVar[str] = "mem:s"
    member_id: int


@dataclass(frozen=True)
class MemberAskDeactivate(ButtonData):
    tag: ClassVar[str] = "mem:d"
    member_id: int


@dataclass(frozen=True)
class MemberDeactivate(ButtonData):
    tag: ClassVar[str] = "mem:dy"
    member_id: int


@dataclass(frozen=True)
class MemberPickAgency(ButtonData):
    tag: ClassVar[str] = "mem:m"
    member_id: int
    page: int


@dataclass(frozen=True)
class MemberMove(ButtonData):
    tag: ClassVar[str] = "mem:t"
    member_id: int
    agency_id: int


MEMBERS = (MemberPage, MemberCard, MemberAskDeactivate, MemberDeactivate, MemberPickAgency, MemberMove)


# --- Under a pushed resolution, a reminder or /my (an agency's representative) -------------------------
AssignmentAction = Literal["ack", "report", "extend", "done", "pick"]


@dataclass(frozen=True)
class AssignmentPress(ButtonData):
    """«دریافت شد» (ack), «گزارش پیشرفت» (report), «درخواست تمدید» (extend), «انجام شد» (done), or the
    item chosen for a text sent before (pick)."""

    tag: ClassVar[str] = "as"
    action: AssignmentAction
    assignment_id: int


@dataclass(frozen=True)
class ExtensionConfirm(ButtonData):
    """Under the new due date an extension asks for: «تأیید مهلت» (ok: then the reason), «تاریخ دیگر»
    (change) or «انصراف» (cancel). `due` is that date's ``date.toordinal()``: a press of an older
    confirmation (for another date) is stale; the date itself is read from the conversation."""

    tag: ClassVar[str] = "as:ex"
    action: Literal["ok", "change", "cancel"]
    assignment_id: int
    due: int


ASSIGNMENTS = (AssignmentPress, ExtensionConfirm)


# --- The secretariat's decisions -----------------------------------------------------------------------
@dataclass(frozen=True)
class Verify(ButtonData):
    """On a reported done: «تأیید انجام» (ok) or «بازگرداندن» (back, then a reason)."""

    tag: ClassVar[str] = "vf"
    action: Literal["ok", "back"]
    assignment_id: int


@dataclass(frozen=True)
class ExtensionDecision(ButtonData):
    """On an extension request: «موافقت با تمدید» (ok) or «مخالفت» (no, then a reason)."""

    tag: ClassVar[str] = "ex"
    action: Literal["ok", "no"]
    request_id: int


REVIEW = (Verify,)
EXTENSIONS = (ExtensionDecision,)


# --- /new_resolution's wizard --------------------------------------------------------------------------
WizardStep = Literal[
    "new_meeting", "no_items", "all_agencies", "agencies_done", "confirm", "edit", "cancel", "create_agency"
]


@dataclass(frozen=True)
class Wizard(ButtonData):
    tag: ClassVar[str] = "nr"
    action: WizardStep


@dataclass(frozen=True)
class WizardMeeting(ButtonData):
    tag: ClassVar[str] = "nr:m"
    meeting: int


@dataclass(frozen=True)
class WizardAgency(ButtonData):
    """An agency suggested for what was typed (added to the draft)."""

    tag: ClassVar[str] = "nr:a"
    agency_id: int


@dataclass(frozen=True)
class WizardDeadline(ButtonData):
    """The k-th of the usual deadlines (texts.new_resolution.DEADLINE_BUTTONS)."""

    tag: ClassVar[str] = "nr:d"
    index: int


@dataclass(frozen=True)
class WizardUseAgency(ButtonData):
    """The agency meant by a name the preview did not match."""

    tag: ClassVar[str] = "nr:use"
    agency_id: int


NEW_RESOLUTION = (Wizard, WizardMeeting, WizardAgency, WizardDeadline, WizardUseAgency)


# --- The minutes upload's preview ----------------------------------------------------------------------
@dataclass(frozen=True)
class Upload(ButtonData):
    """«ثبت و ارسال» (commit), «انصراف» (cancel), or register the unmatched party as a new agency."""

    tag: ClassVar[str] = "mu"
    action: Literal["commit", "cancel", "new_agency"]


@dataclass(frozen=True)
class UploadAlias(ButtonData):
    """The unmatched party is the k-th suggested agency."""

    tag: ClassVar[str] = "mu:alias"
    index: int


@dataclass(frozen=True)
class UploadDeadline(ButtonData):
    """The k-th usual deadline for the first row whose deadline was not understood."""

    tag: ClassVar[str] = "mu:due"
    index: int


UPLOAD = (Upload, UploadAlias, UploadDeadline)


# --- /status, /overdue, /ranking, /export ---------------------------------------------------------------
@dataclass(frozen=True)
class StatusOverview(ButtonData):
    tag: ClassVar[str] = "st:o"


@dataclass(frozen=True)
class StatusAgency(ButtonData):
    tag: ClassVar[str] = "st:a"
    agency_id: int
    page: int


@dataclass(frozen=True)
class StatusMeeting(ButtonData):
    tag: ClassVar[str] = "st:m"
    meeting: int
    page: int


@dataclass(frozen=True)
class StatusResolution(ButtonData):
    tag: ClassVar[str] = "st:r"
    meeting: int
    number: int


@dataclass(frozen=True)
class StatusOverdue(ButtonData):
    tag: ClassVar[str] = "st:d"
    page: int


@dataclass(frozen=True)
class StatusChart(ButtonData):
    """The chart per agency (a) or per meeting (m)."""

    tag: ClassVar[str] = "st:c"
    kind: Literal["a", "m"]


@dataclass(frozen=True)
class StatusRanking(ButtonData):
    """The ranking over this month (m, 0), all time (a, 0) or since meeting N (s, N)."""

    tag: ClassVar[str] = "st:k"
    period: Literal["m", "a", "s"]
    meeting: int


@dataclass(frozen=True)
class StatusExport(ButtonData):
    """The choice of report (c), or the XLSX (x) or DOCX (d) itself, from meeting `since` on (0: all); or
    the letters to the agencies (l) of meeting `since` (0: the latest)."""

    tag: ClassVar[str] = "st:x"
    format: Literal["c", "x", "d", "l"]
    since: int


STATUS = (
    StatusOverview,
    StatusAgency,
    StatusMeeting,
    StatusResolution,
    StatusOverdue,
    StatusChart,
    StatusRanking,
    StatusExport,
)

# Every kind (the tests check each one round-trips and that no two read the same data).
ALL_KINDS: tuple[type[ButtonData], ...] = (
    *INVITE,
    *AGENCIES,
    *MEMBERS,
    *ASSIGNMENTS,
    *REVIEW,
    *EXTENSIONS,
    *NEW_RESOLUTION,
    *UPLOAD,
    *STATUS,
)
