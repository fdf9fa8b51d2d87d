"""Table rows to resolutions: columns found by content, page-break pieces joined, nothing dropped.

Each row is split by content (``split_row``): the row number is a cell holding only a short number; the
deadline is a cell that is wholly a deadline; the text is the cell with a decision phrase («مقرر
گردید») or sub-item markers, else the one the header's (or the row above's) layout names, else the
longest; the party is what remains. A text chosen by length alone (or by a layout that was) may have
swapped places with the party, so the resolution says so. A cell with several lines may
hold two columns at once (seed 002: «<p>فرمانداری شهرستان کرج</p> <p>۱ هفته</p>»): when no cell is a
deadline, a line that is one is taken out of the other cells.

A row without a number continues the row above (a page break cut it): its text and party join the
previous ones with a space at the cut (or on a new line when the piece starts with a sub-item marker),
and its deadline fills the previous row's only if that has none.

A row whose number cell (or, with no number of its own, whose text cell) is merged down from the row
above (``Row.merged``: one resolution, a row per responsible agency) is another agency's row of the same
resolution: its own party cell adds its agencies, its own text cell adds lines, and its deadline is that
agency's. A resolution has one deadline: the first row's; when the agencies' deadlines differ, a problem
lists them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from bot.domain.deadlines import Deadline, parse_deadline
from bot.domain.persian import fa, no_space_key, persian_list, to_persian_digits
from bot.domain.workdays import WorkCalendar
from bot.minutes.blocks import Cell, Row, cell_text
from bot.minutes.cells import is_deadline, is_decision, row_number
from bot.minutes.items import split_items, starts_with_marker
from bot.minutes.model import AgencyDeadline, ParsedResolution
from bot.minutes.parties import split_parties
from bot.texts import minutes as texts

Layout = dict[int, str]


@dataclass
class RowParts:
    """One row's cells sorted into columns."""

    number: int | None = None
    text: list[str] = field(default_factory=list)
    party: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)  # the remarks column
    note_by_place: bool = False  # the remarks told by their place alone (no header named them)
    extra: list[str] = field(default_factory=list)  # cells beyond one party cell (kept as parties)
    unknown: list[int] = field(default_factory=list)  # filled cells of columns the header names unknown
    layout: Layout = field(default_factory=dict)  # cell index → column, to place continuation rows
    text_by_length: bool = False  # the text was told from the party by length alone


def _length(cell: Cell) -> int:
    return len(cell_text(cell))


def _is_strong_text(cell: Cell) -> bool:
    """Unmistakably a resolution text: a decision phrase, or a line starting with a sub-item marker."""
    return is_decision(cell_text(cell)) or any(starts_with_marker(line) for line in cell)


def _sentence_like(cell: Cell) -> bool:
    text = cell_text(cell)
    return text.endswith((".", "؛", "!", "؟")) or len(text.split()) >= 8


def _pick_number(filled: list[tuple[int, Cell]]) -> int | None:
    numbers = [index for index, cell in filled if row_number(cell) is not None]
    if not numbers:
        return None
    edges = {filled[0][0], filled[-1][0]}
    return next((index for index in numbers if index in edges), numbers[0])


def _pick_text(rest: list[tuple[int, Cell]], numbered: bool, guide: Layout | None) -> int | None:
    """The text cell among those left: unmistakable content first, then the layout, then the longest."""
    if not rest:
        return None
    strong = [(index, cell) for index, cell in rest if _is_strong_text(cell)]
    if strong:
        return max(strong, key=lambda pair: _length(pair[1]))[0]
    if guide is not None:
        # The layout knows the columns: the text is in the text column, or the row has none.
        return next((index for index, _ in rest if guide.get(index) == "text"), None)
    if len(rest) == 1 and not numbered and not _sentence_like(rest[0][1]):
        return None  # a short piece after a page break: more likely the party's tail
    return max(rest, key=lambda pair: _length(pair[1]))[0]


@dataclass(frozen=True)
class Columns:
    """What is known of the table's columns: the header's roles by index, and how many cells it has.
    A header cell that names no known role («کد پیگیری») is an ``unknown`` column, its label in
    ``unknown``: its cells are reported, never guessed into a field."""

    roles: Layout | None = None
    width: int = 0
    unknown: dict[int, str] = field(default_factory=dict)

    def header_index(self, index: int) -> int:
        """The header's index of an unknown column's cell, the page read either way round (a reversed
        page mirrors it)."""
        return index if index in self.unknown else self.width - 1 - index

    @classmethod
    def of_header(cls, header: Row, roles: Layout) -> Columns:
        unknown = {i: cell_text(cell) for i, cell in enumerate(header.cells) if cell and i not in roles}
        return cls({**roles, **dict.fromkeys(unknown, "unknown")}, len(header.cells), unknown)


def split_row(
    row: Row, hint: Layout | None = None, columns: Columns | None = None, hint_by_length: bool = False
) -> RowParts:
    """Sort a row's cells into number, text, party and deadline by their content.

    ``hint`` is the layout of the last numbered row with as many cells; ``columns`` the header's. They
    place what content cannot (a continuation's text against its party, a cell in the deadline column
    that is no readable deadline, an extra column, a missing text cell), and are trusted only when they
    agree with the cells content did place: a page may come reversed. ``hint_by_length`` says that the
    hint's text was itself chosen by length (then so is the text it places).
    """
    filled = [(index, cell) for index, cell in enumerate(row.cells) if cell]
    parts = RowParts()
    number_index = _pick_number(filled)
    if number_index is not None:
        parts.number = row_number(row.cells[number_index])
        parts.layout[number_index] = "number"
    for index, cell in filled:
        if index != number_index and is_deadline(cell_text(cell)):
            parts.deadlines.append(cell_text(cell))
            parts.layout[index] = "deadline"
    rest = [(index, cell) for index, cell in filled if index not in parts.layout]
    strong = [index for index, cell in rest if _is_strong_text(cell)]
    evidence = dict(parts.layout)
    if strong:
        evidence[max(strong, key=lambda index: _length(row.cells[index]))] = "text"
    guide = _guide(len(row.cells), evidence, hint, columns)
    text_index = _pick_text(rest, parts.number is not None, guide)
    if text_index is not None:
        parts.text = list(row.cells[text_index])
        parts.layout[text_index] = "text"
        if not strong and len(rest) > 1:
            parts.text_by_length = guide is None or (guide is hint and hint_by_length)
    leftovers = [(index, list(cell)) for index, cell in rest if index != text_index]
    if parts.number is None:
        _take_number_line(parts, leftovers)
    if not parts.deadlines and guide is not None:
        # A cell in the deadline column is the deadline as a whole, even when it says more than the
        # grammar reads («۲ هفته پس از ابلاغ»): it is then unknown and asked about, not cut in two.
        for index, lines in leftovers:
            if guide.get(index) == "deadline" and lines:
                parts.deadlines.append(" ".join(lines))
                parts.layout[index] = "deadline"
                lines.clear()
    if not parts.deadlines:
        _take_deadline_lines(parts, leftovers)
    _place_leftovers(parts, [(i, lines) for i, lines in leftovers if lines], guide, filled, number_index)
    return parts


def _guide(width: int, evidence: Layout, hint: Layout | None, columns: Columns | None) -> Layout | None:
    """The first known layout (the last similar row's, the header's, the header's reversed) that agrees
    with every cell content placed. With no evidence at all (a continuation piece), the last similar
    row's layout. The last similar row's layout lacks the columns its row left empty: the header's
    (when it agrees too) fills them in."""
    headers: list[Layout] = []
    if columns is not None and columns.roles and columns.width == width:
        headers.append(columns.roles)
        headers.append({width - 1 - index: role for index, role in columns.roles.items()})
    if not evidence:
        return hint
    agreeing = [o for o in [hint, *headers] if o and all(o.get(i) == role for i, role in evidence.items())]
    if not agreeing:
        return None
    if agreeing[0] is hint and len(agreeing) > 1:
        return {**agreeing[1], **agreeing[0]}
    return agreeing[0]


def _place_leftovers(
    parts: RowParts,
    leftovers: list[tuple[int, list[str]]],
    guide: Layout | None,
    filled: list[tuple[int, Cell]],
    number_index: int | None,
) -> None:
    """Cells that are neither number, deadline nor text: the party, unless a layout says otherwise.

    Without a layout, when no deadline was read and several cells remain, the one at the far edge from
    the number stands in the deadline column (both orientations put it there); when the deadline was
    read, a cell beyond it, with another cell left nearer the number, is the remarks column (they come
    after the deadline: «ردیف | مصوبه | اقدام کننده | زمان اقدام | ملاحظات»).
    """
    roles: Layout = {}
    if guide is not None:
        roles = {index: guide.get(index, "other") for index, _ in leftovers}
    elif len(leftovers) >= 2 and number_index is not None:
        far = max(leftovers, key=lambda pair: abs(pair[0] - number_index))[0]
        if not parts.deadlines:
            if far in {filled[0][0], filled[-1][0]} - {number_index}:
                roles[far] = "deadline"
        elif _beyond_deadline(far, number_index, parts.layout):
            roles[far] = "note"
            parts.note_by_place = True
    for index, lines in leftovers:
        role = roles.get(index)
        if role == "note":
            parts.note += lines
            parts.layout[index] = "note"
            continue
        if role == "unknown":
            parts.unknown.append(index)
            parts.layout[index] = "unknown"
            continue
        if role == "deadline" and not parts.deadlines:
            parts.deadlines.append(" ".join(lines))
            parts.layout[index] = "deadline"
            continue
        if role == "text" and not parts.text:
            parts.text = lines
            parts.layout[index] = "text"
            continue
        expected = role == "party" or (role is None and not parts.party)
        parts.party += lines
        parts.layout[index] = "party"
        if not expected:
            parts.extra.append(" ".join(lines))


def _beyond_deadline(index: int, number_index: int, layout: Layout) -> bool:
    """Whether a cell lies further from the number than the row's deadline cell."""
    deadline = [i for i, role in layout.items() if role == "deadline"]
    return bool(deadline) and all(abs(index - number_index) > abs(i - number_index) for i in deadline)


def _take_number_line(parts: RowParts, leftovers: list[tuple[int, list[str]]]) -> None:
    """A row number on a line of its own inside another short cell (a merged cell)."""
    for _, lines in leftovers:
        for line in lines:
            number = row_number((line,))
            if number is not None:
                parts.number = number
                lines.remove(line)
                return


def _take_deadline_lines(parts: RowParts, leftovers: list[tuple[int, list[str]]]) -> None:
    """Deadline lines merged into another cell: any line of a party cell, or the text's last line."""
    for _, lines in leftovers:
        for line in [line for line in lines if is_deadline(line)]:
            parts.deadlines.append(line)
            lines.remove(line)
    if not parts.deadlines and len(parts.text) > 1 and is_deadline(parts.text[-1]):
        parts.deadlines.append(parts.text.pop())


def _join_cut(previous: list[str], piece: list[str], markers_start_lines: bool) -> list[str]:
    """Join a page-break piece to what came before: a space at the cut, unless the piece starts an item."""
    if not piece:
        return previous
    if not previous or (markers_start_lines and starts_with_marker(piece[0])):
        return [*previous, *piece]
    return [*previous[:-1], f"{previous[-1]} {piece[0]}", *piece[1:]]


@dataclass
class _Draft:
    number: int | None
    label: str
    text: list[str] = field(default_factory=list)
    party: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    note: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    text_by_length: bool = False  # the row that opened it told its text from its party by length alone
    #: The agencies' rows of a merged block (number and text merged down): each row's party lines and
    #: deadline, the opening row first. Empty when the resolution is not such a block.
    shares: list[tuple[list[str], str]] = field(default_factory=list)

    def add(self, parts: RowParts) -> None:
        self.text = _join_cut(self.text, parts.text, markers_start_lines=True)
        self.party = _join_cut(self.party, parts.party, markers_start_lines=False)
        self.note = _join_cut(self.note, parts.note, markers_start_lines=False)
        self.deadlines += [d for d in parts.deadlines if d not in self.deadlines]  # a repeated cell is one
        self._extra_cells(parts)

    def add_agency_row(self, parts: RowParts, merged: frozenset[int]) -> None:
        """Another row of a merged block: the cells merged from above are already read."""
        if not self.shares:
            self.shares.append((list(self.party), self.deadlines[0] if self.deadlines else ""))
        own = {role for index, role in parts.layout.items() if index not in merged}
        if "text" in own:
            self.text = [*self.text, *parts.text]
        if "party" in own:
            self.party = [*self.party, *parts.party]
        if "note" in own:
            self.note = [*self.note, *parts.note]
        self.shares.append((parts.party, parts.deadlines[0] if parts.deadlines else ""))
        self._extra_cells(parts)

    def _extra_cells(self, parts: RowParts) -> None:
        found = [texts.ROW_EXTRA_CELL.format(row=self.label, text=texts.quote(text)) for text in parts.extra]
        if parts.note_by_place and parts.note:
            found.append(
                texts.ROW_NOTE_BY_PLACE.format(row=self.label, text=texts.quote(" ".join(parts.note)))
            )
        for problem in found:
            if problem not in self.problems:  # a merged extra cell repeated in the rows below
                self.problems.append(problem)


def _starts_new_resolution(parts: RowParts) -> bool:
    """An unnumbered row that is a whole resolution of its own (its number was lost), not a piece."""
    if not parts.text or not parts.party or not parts.deadlines:
        return False
    opening = no_space_key(parts.text[0])[:20]
    return is_decision(opening)


def _joins_block(row: Row, parts: RowParts) -> bool:
    """Whether the row's number cell, or the text cell of a row without its own number, is merged down
    from the row above: the row is another agency's row of the same resolution."""
    merged = {parts.layout.get(index) for index in row.merged}
    return "number" in merged or (parts.number is None and "text" in merged)


def build_resolutions(
    rows: list[Row], held_on: date | None, calendar: WorkCalendar, columns: Columns | None = None
) -> tuple[list[ParsedResolution], list[str]]:
    """Resolutions in table order, and the problems of the table as a whole (numbering)."""
    drafts: list[_Draft] = []
    unknown: Counter[int] = Counter()  # column index → its filled cells, for columns the header names unknown
    layouts: dict[int, Layout] = {}  # cell count → layout of the last numbered row with that many cells
    by_length: dict[int, bool] = {}  # cell count → whether that layout's text was chosen by length
    for row in rows:
        filled = row.filled
        if not filled or (len(filled) > 1 and all(row_number(cell) is not None for cell in filled)):
            continue  # an empty row, or a row numbering the columns («۱ | ۲ | ۳ | ۴»)
        width = len(row.cells)
        parts = split_row(row, layouts.get(width), columns, hint_by_length=by_length.get(width, False))
        if columns is not None:
            unknown.update(columns.header_index(i) for i in parts.unknown if i not in row.merged)
        if drafts and _joins_block(row, parts):
            drafts[-1].add_agency_row(parts, row.merged)
            continue
        if parts.number is not None:
            layouts[width] = parts.layout
            by_length[width] = parts.text_by_length
            label = texts.row_label(parts.number, len(drafts) + 1)
            drafts.append(_Draft(parts.number, label, text_by_length=parts.text_by_length))
        elif not drafts or _starts_new_resolution(parts):
            draft = _Draft(None, texts.row_label(None, len(drafts) + 1), text_by_length=parts.text_by_length)
            template = texts.ROW_STARTS_WITHOUT_NUMBER if not drafts else texts.ROW_NUMBER_UNREAD
            draft.problems.append(template.format(row=draft.label))
            drafts.append(draft)
        drafts[-1].add(parts)
    resolutions = [_finish(draft, held_on, calendar) for draft in drafts]
    problems = numbering_problems([r.number for r in resolutions])
    if columns is not None:
        problems += [
            texts.UNKNOWN_COLUMN.format(column=texts.quote(columns.unknown.get(index, "")), count=fa(count))
            for index, count in sorted(unknown.items())
        ]
    return resolutions, problems


def _finish(draft: _Draft, held_on: date | None, calendar: WorkCalendar) -> ParsedResolution:
    split = split_items(draft.text)
    parties = split_parties(draft.party)
    raw = draft.deadlines[0] if draft.deadlines else next((d for _, d in draft.shares if d), "")
    deadline = parse_deadline(raw, held_on, calendar)
    problems = list(draft.problems)
    if not split.text and not split.items:
        problems.append(texts.ROW_NO_TEXT.format(row=draft.label))
    elif draft.text_by_length:
        problems.append(texts.ROW_TEXT_BY_LENGTH.format(row=draft.label))
    if not parties:
        problems.append(texts.ROW_NO_PARTY.format(row=draft.label))
    shares = _agency_deadlines(draft, deadline, held_on, calendar)
    if not raw:
        problems.append(texts.ROW_NO_DEADLINE.format(row=draft.label))
    elif not shares:
        problems += deadline_problems(draft.label, deadline)
    for share in shares:
        problems += deadline_problems(share_label(draft.label, share.parties), share.deadline)
    for other in draft.deadlines[1:]:
        problems.append(texts.ROW_EXTRA_DEADLINE.format(row=draft.label, kept=raw, other=texts.quote(other)))
    return ParsedResolution(
        number=draft.number,
        text=split.text,
        items=split.items,
        parties=parties,
        deadline=deadline,
        problems=problems,
        note=" ".join(draft.note),
        agency_deadlines=shares,
    )


def _agency_deadlines(
    draft: _Draft, common: Deadline, held_on: date | None, calendar: WorkCalendar
) -> list[AgencyDeadline]:
    """A merged block whose agencies' rows name different deadlines: each row's agencies with their own
    (a row that names none has the resolution's), every row kept (the k-th is the table's k-th row of the
    block, the first the resolution's own). Empty when they are all one."""
    shares = [
        AgencyDeadline(split_parties(lines), parse_deadline(raw, held_on, calendar) if raw else common)
        for lines, raw in draft.shares
    ]
    if len({_deadline_key(share.deadline) for share in shares}) <= 1:
        return []
    return shares


def share_label(label: str, parties: list[str]) -> str:
    """One agency row of a resolution, in a problem about its own deadline: «ردیف ۳ (فرمانداری)» (the
    row alone when it names no agency)."""
    return texts.ROW_AGENCIES.format(row=label, parties=persian_list(parties)) if parties else label


def deadline_problems(label: str, deadline: Deadline) -> list[str]:
    """What is doubtful in a deadline as written: not understood, or a date before the meeting."""
    raw = texts.quote(deadline.raw)
    if deadline.kind == "unknown":
        return [texts.ROW_DEADLINE_UNKNOWN.format(row=label, raw=raw)]
    if deadline.before_meeting:
        return [texts.ROW_DEADLINE_BEFORE_MEETING.format(row=label, raw=raw)]
    return []


def _deadline_key(deadline: Deadline) -> Deadline:
    """What two deadlines share when they are one («۲ هفته», «دو هفته»): all but the writing, unless
    neither can be read."""
    return deadline if deadline.kind == "unknown" else replace(deadline, raw="")


def numbering_problems(numbers: list[int | None]) -> list[str]:
    """Repeated numbers, numbers out of order, and numbers missing between 1 and the largest."""
    fa = to_persian_digits
    known = [n for n in numbers if n is not None]
    problems = [
        texts.NUMBERING_DUPLICATE.format(number=fa(str(n)))
        for n, count in Counter(known).items()
        if count > 1
    ]
    for previous, current in pairwise(known):
        if current < previous:
            problems.append(texts.NUMBERING_ORDER.format(number=fa(str(current)), previous=fa(str(previous))))
    missing = sorted(set(range(1, max(known, default=0) + 1)) - set(known))
    if missing:
        problems.append(texts.NUMBERING_MISSING.format(numbers=_ranges(missing)))
    return problems


def _ranges(numbers: list[int]) -> str:
    """«۲، ۵ تا ۹»: sorted numbers with consecutive runs of three or more shortened."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(texts.NUMBER_RANGE.format(first=fa(run[0]), last=fa(run[-1])))
        else:
            parts += [fa(n) for n in run]
    return persian_list(parts)
