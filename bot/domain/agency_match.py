"""Matching the parties written in minutes to registered agencies (docs/domain.md, «Matching parties»).

Order: exact name (normalised, or equal without spaces), then an alias the same way, then fuzzy:
rapidfuzz ``token_set_ratio`` on the match key (normalised, generic words such as «اداره کل» or
«استان» dropped). Accept at ≥ ACCEPT with a margin ≥ MARGIN over the runner-up agency; ASK..ACCEPT, or a
close runner-up, is "ambiguous" (the importer asks "did you mean …?"); below ASK is "unmatched".

Three guards against ``token_set_ratio`` scoring a subset as 100:
- a party whose key is empty (only generic words: «استانداری», «اداره کل») never matches fuzzily;
- a one-word party key that is only part of an agency's key («شهرداری» vs «شهرداری کرج», «برق» vs
  «توزیع برق») is at most "ambiguous": one word cannot tell which of several such agencies is meant;
- a party with distinguishing words that the agency's name lacks is at most "ambiguous": it names more
  than that agency («دانشگاه علوم پزشکی و آموزش و پرورش» is two agencies joined by «و») or a different
  one («اداره آموزش و پرورش شهرستان کرج» is the county office, not the provincial «اداره کل آموزش و
  پرورش استان»). The reverse, a party that is part of an agency's name («دانشگاه علوم پزشکی» for
  «دانشگاه علوم پزشکی البرز»), is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

from bot.domain.persian import normalize

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

#: Words that do not tell one agency from another even though they are not generic: the «و» of a compound
#: name, and «نیروی» of «شرکت توزیع نیروی برق» (registered as «شرکت توزیع برق»).
_WEAK_WORDS = frozenset({"و", normalize("نیروی")})
_PROVINCE = normalize("استان")
#: ``fuzz.ratio`` at which two words are the same word spelt differently («شوراها» / «شوراهای»).
_SAME_WORD = 80.0


def match_tokens(name: str) -> list[str]:
    """Normalised words of ``name``, punctuation dropped, detached suffixes joined to their word."""
    words: list[str] = []
    for word in _WORD_RE.findall(normalize(name)):
        if words and word in _SUFFIXES:
            words[-1] += word
        else:
            words.append(word)
    return words


def _distinguishing_words(name: str) -> tuple[str, ...]:
    """The words of ``name`` that say which body it is: not generic, not weak, and not the province named
    after «استان» (every agency is in the one province: «آموزش و پرورش استان البرز» is the provincial
    office). A county named after «شهرستان» does count: «… شهرستان کرج» is the county's office."""
    tokens = match_tokens(name)
    return tuple(
        word
        for i, word in enumerate(tokens)
        if word not in GENERIC_WORDS and word not in _WEAK_WORDS and not (i and tokens[i - 1] == _PROVINCE)
    )


def _has_extra_words(words: tuple[str, ...], candidate: _Key) -> bool:
    """True when one of the party's distinguishing ``words`` is not in the candidate's key, allowing for
    spelling variants and for a word that the key writes joined to the next («کمال شهر» / «کمالشهر»)."""
    return any(
        word not in candidate.words
        and not (len(word) >= 3 and word in candidate.joined)
        and all(fuzz.ratio(word, other) < _SAME_WORD for other in candidate.words)
        for word in words
    )


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
    joined: str  # text without spaces


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
                    self._keys.append(
                        _Key(entry, key_text, frozenset(key_text.split()), key_text.replace(" ", ""))
                    )
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
        distinguishing = _distinguishing_words(party)
        # agency id → (score, agency, doubtful): doubtful = at most "ambiguous" (see the module's guards).
        best: dict[int, tuple[float, AgencyEntry, bool]] = {}
        for candidate in self._keys:
            score = max(fuzz.token_set_ratio(key, candidate.text), fuzz.ratio(joined, candidate.joined))
            doubtful = (len(words) == 1 and words < candidate.words) or _has_extra_words(
                distinguishing, candidate
            )
            previous = best.get(candidate.agency.id)
            # An agency scores by its best name or alias; on a tie a certain match beats a doubtful one.
            if (
                previous is None
                or score > previous[0]
                or (score == previous[0] and previous[2] and not doubtful)
            ):
                best[candidate.agency.id] = (score, candidate.agency, doubtful)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[2], item[1].id))
        if not ranked:
            return MatchResult(party, "unmatched", None, None, 0.0, ())
        top_score, top, top_doubtful = ranked[0]
        # A doubtful runner-up lacks a word that the top agency has, so it does not make the top less sure:
        # «آموزش و پرورش کرج» is the county office even though the provincial one also scores 100.
        runner_up = max((score for score, _, doubtful in ranked[1:] if not doubtful), default=0.0)
        suggestions = tuple(
            (entry.id, entry.name, round(score, 1))
            for score, entry, _ in ranked[:MAX_SUGGESTIONS]
            if score >= SUGGEST
        )
        if top_score >= ACCEPT and top_score - runner_up >= MARGIN and not top_doubtful:
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
