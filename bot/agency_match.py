"""Matching the parties written in minutes to registered agencies (GUIDE §5, "Matching parties").

Order: exact name (normalised, or equal without spaces), then an alias the same way, then fuzzy:
rapidfuzz ``token_set_ratio`` on the match key (normalised, generic words such as «اداره کل» or
«استان» dropped). Accept at ≥ ACCEPT with a margin ≥ MARGIN over the runner-up agency; ASK..ACCEPT, or a
close runner-up, is "ambiguous" (the importer asks "did you mean …?"); below ASK is "unmatched".

Two guards against ``token_set_ratio`` scoring a subset as 100:
- a party whose key is empty (only generic words: «استانداری», «اداره کل») never matches fuzzily;
- a one-word party key that is only part of an agency's key («شهرداری» vs «شهرداری کرج», «برق» vs
  «توزیع برق») is at most "ambiguous": one word cannot tell which of several such agencies is meant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from bot.persian import normalize

__all__ = [
    "ACCEPT",
    "ASK",
    "GENERIC_WORDS",
    "MARGIN",
    "SUGGEST",
    "AgencyEntry",
    "AgencyMatcher",
    "MatchResult",
    "MatchStatus",
    "is_all_agencies_phrase",
    "match_key",
    "match_tokens",
]

ACCEPT = 85.0
MARGIN = 10.0
ASK = 75.0
#: Suggestions listed with an ambiguous or unmatched result score at least this.
SUGGEST = 60.0
MAX_SUGGESTIONS = 3

MatchStatus = Literal["exact", "alias", "fuzzy", "ambiguous", "unmatched"]

#: Words that say what kind of body something is, not which one (normalised).
GENERIC_WORDS: frozenset[str] = frozenset(
    normalize(word)
    for word in (
        "اداره",
        "کل",
        "مدیرکل",
        "استان",
        "استانداری",
        "شهرستان",
        "سازمان",
        "شرکت",
        "محترم",
        "جناب",
        "آقای",
        "سرکار",
        "خانم",
        "مدیر",
        "مدیران",
        "مسئول",
        "مسئولین",
        "مسئولان",
        "رئیس",
        "رییس",
        "روسای",
        "رؤسای",
    )
)

# Parts of words that Persian writes both joined and apart: «دستگاه های» / «دستگاههای», «حرفه ای».
_SUFFIXES = frozenset({"ها", "های", "هایی", "ای", "ایی", "ی", "تر", "ترین", "گاه", "گان"})
_WORD_RE = re.compile(r"[^\W_]+")


def match_tokens(name: str) -> list[str]:
    """Normalised words of ``name``, punctuation dropped, detached suffixes joined to their word."""
    words: list[str] = []
    for word in _WORD_RE.findall(normalize(name)):
        if words and word in _SUFFIXES:
            words[-1] += word
        else:
            words.append(word)
    return words


def match_key(name: str) -> str:
    """The fuzzy-matching key: normalised words minus generic ones («اداره کل بهزیستی استان» → «بهزیستی»)."""
    return " ".join(word for word in match_tokens(name) if word not in GENERIC_WORDS)


@dataclass(frozen=True)
class AgencyEntry:
    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MatchResult:
    party: str
    status: MatchStatus
    agency_id: int | None
    agency_name: str | None
    score: float
    #: (agency id, agency name, score), best first; empty for exact and alias matches.
    suggestions: tuple[tuple[int, str, float], ...]

    @property
    def matched(self) -> bool:
        return self.status in ("exact", "alias", "fuzzy")


@dataclass(frozen=True)
class _Key:
    agency: AgencyEntry
    text: str  # match_key
    words: frozenset[str]


def _exact_keys(text: str) -> tuple[str, str]:
    return normalize(text), "".join(match_tokens(text))


class AgencyMatcher:
    """Matches party names against a fixed set of agencies. Build one per import (it is cheap)."""

    def __init__(self, entries: Iterable[AgencyEntry]) -> None:
        self.entries: tuple[AgencyEntry, ...] = tuple(entries)
        self._names: dict[str, list[AgencyEntry]] = {}
        self._aliases: dict[str, list[AgencyEntry]] = {}
        self._keys: list[_Key] = []
        for entry in self.entries:
            for key in _exact_keys(entry.name):
                _add(self._names, key, entry)
            for text in (entry.name, *entry.aliases):
                key_text = match_key(text)
                if key_text:
                    self._keys.append(_Key(entry, key_text, frozenset(key_text.split())))
            for alias in entry.aliases:
                for key in _exact_keys(alias):
                    _add(self._aliases, key, entry)

    def match(self, party: str) -> MatchResult:
        keys = _exact_keys(party)
        tables: tuple[tuple[MatchStatus, dict[str, list[AgencyEntry]]], ...] = (
            ("exact", self._names),
            ("alias", self._aliases),
        )
        for status, table in tables:
            found = _unique(entry for key in keys if key for entry in table.get(key, ()))
            if len(found) == 1:
                return MatchResult(party, status, found[0].id, found[0].name, 100.0, ())
            if len(found) > 1:
                suggestions = tuple((entry.id, entry.name, 100.0) for entry in found[:MAX_SUGGESTIONS])
                return MatchResult(party, "ambiguous", None, None, 100.0, suggestions)
        return self._fuzzy(party)

    def _fuzzy(self, party: str) -> MatchResult:
        key = match_key(party)
        if not key:
            return MatchResult(party, "unmatched", None, None, 0.0, ())
        words = frozenset(key.split())
        joined = key.replace(" ", "")
        best: dict[int, tuple[float, AgencyEntry, bool]] = {}
        for candidate in self._keys:
            score = max(
                fuzz.token_set_ratio(key, candidate.text),
                fuzz.ratio(joined, candidate.text.replace(" ", "")),
            )
            partial = len(words) == 1 and words < candidate.words
            previous = best.get(candidate.agency.id)
            # An agency scores by its best name or alias; on a tie a whole-key match beats a one-word one.
            if (
                previous is None
                or score > previous[0]
                or (score == previous[0] and previous[2] and not partial)
            ):
                best[candidate.agency.id] = (score, candidate.agency, partial)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].id))
        if not ranked:
            return MatchResult(party, "unmatched", None, None, 0.0, ())
        top_score, top, top_partial = ranked[0]
        runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
        suggestions = tuple(
            (entry.id, entry.name, round(score, 1))
            for score, entry, _ in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGEST
        )
        if top_score >= ACCEPT and top_score - runner_up >= MARGIN and not top_partial:
            return MatchResult(party, "fuzzy", top.id, top.name, top_score, suggestions)
        if top_score >= ASK:
            return MatchResult(party, "ambiguous", None, None, top_score, suggestions)
        return MatchResult(party, "unmatched", None, None, top_score, suggestions)


def _add(table: dict[str, list[AgencyEntry]], key: str, entry: AgencyEntry) -> None:
    if key:
        bucket = table.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)


def _unique(entries: Iterable[AgencyEntry]) -> list[AgencyEntry]:
    seen: dict[int, AgencyEntry] = {}
    for entry in entries:
        seen.setdefault(entry.id, entry)
    return list(seen.values())


# --- "every agency" phrases ---------------------------------------------------------------------------

_ALL_WORDS = frozenset(normalize(word) for word in ("کلیه", "تمامی", "تمام", "همه", "همگی", "کل"))
_ROLE_WORDS = frozenset(
    normalize(word)
    for word in ("مدیران", "مدیرکل", "مدیرانکل", "روسای", "رؤسای", "مسئولین", "مسئولان", "محترم")
)
_AGENCIES = normalize("دستگاههای")
_AGENCIES_BARE = normalize("دستگاهها")
_KINDS = frozenset(normalize(word) for word in ("اجرایی", "اجرائی", "عضو"))
_TAIL_WORDS = frozenset(
    normalize(word) for word in ("اجرایی", "اجرائی", "عضو", "قرارگاه", "اجتماعی", "استان", "محترم")
)
_MEMBERS = frozenset(normalize(word) for word in ("اعضای", "اعضا", "اعضاء"))
_COUNCIL = normalize("قرارگاه")


def is_all_agencies_phrase(party: str) -> bool:
    """True when ``party`` addresses every agency: «کلیه مدیران دستگاه های اجرایی», «مدیران دستگاه‌های
    اجرایی», «تمامی دستگاه‌های اجرایی استان», «همه دستگاه های اجرایی عضو قرارگاه», «کلیه دستگاهها»,
    «کلیه اعضای قرارگاه».

    Deliberately False for a qualified group, which names some agencies but not which ones: «دستگاه های
    خدمات رسان» (service providers), «دستگاه های ذیربط» / «مرتبط» (the relevant ones), «دستگاه های
    نظارتی». The importer then asks the secretariat, which is right: guessing would send the item to
    every agency.
    """
    words = match_tokens(party)
    i = 0
    quantified = False
    while i < len(words) and (words[i] in _ALL_WORDS or words[i] in _ROLE_WORDS):
        quantified = quantified or words[i] in _ALL_WORDS
        i += 1
    if i == len(words):
        return False
    head, rest = words[i], words[i + 1 :]
    if head == _AGENCIES:
        # «دستگاههای» must say which: executive («اجرایی») or member («عضو») agencies.
        return bool(rest) and rest[0] in _KINDS and all(word in _TAIL_WORDS for word in rest)
    if head == _AGENCIES_BARE:
        return all(word in _TAIL_WORDS for word in rest)
    if head in _MEMBERS:
        return quantified and rest[:1] == [_COUNCIL] and all(word in _TAIL_WORDS for word in rest)
    return False
