from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.agency_match import (
    ACCEPT,
    ASK,
    GENERIC_WORDS,
    MARGIN,
    AgencyEntry,
    AgencyMatcher,
    MatchResult,
    is_all_agencies_phrase,
    match_key,
    match_tokens,
)

NAMES = [
    "شهرداری کمالشهر",
    "فرمانداری شهرستان کرج",
    "دانشگاه علوم پزشکی البرز",
    "نیروی انتظامی استان",
    "اداره کل آموزش و پرورش استان",
    "اداره کل امور شهری و شوراهای استانداری",
    "شرکت توزیع برق استان",
    "اداره کل آموزش فنی و حرفه ای",
    "شهرداری کرج",
    "فرمانداری شهرستان فردیس",
    "اداره کل بهزیستی استان",
    "کمیته امداد امام خمینی (ره)",
]
ENTRIES = [AgencyEntry(id=i, name=name) for i, name in enumerate(NAMES, start=1)]
ID = {name: i for i, name in enumerate(NAMES, start=1)}
MATCHER = AgencyMatcher(ENTRIES)


def test_constants() -> None:
    assert (ACCEPT, MARGIN, ASK) == (85, 10, 75)


def test_match_key_drops_generic_words() -> None:
    assert match_key("اداره کل بهزیستی استان") == "بهزیستی"
    assert match_key("فرمانداری شهرستان کرج") == "فرمانداری کرج"
    assert match_key("اداره کل امور شهری و شوراهای استانداری") == "امور شهری و شوراهای"
    assert match_key("جناب آقای مدیر کل محترم") == ""
    assert match_key("کمیته امداد امام خمینی (ره)") == "کمیته امداد امام خمینی ره"
    assert match_key("اداره\u200cکل آموزش فنی و حرفه\u200cای") == "اموزش فنی و حرفهای"


def test_match_tokens_join_detached_suffixes() -> None:
    assert match_tokens("دستگاه های اجرایی") == match_tokens("دستگاههای اجرایی") == ["دستگاههای", "اجرایی"]
    assert match_tokens("دستگاه\u200cهای اجرايي") == ["دستگاههای", "اجرایی"]


def test_generic_words_are_normalised() -> None:
    assert "اداره" in GENERIC_WORDS and "استانداری" in GENERIC_WORDS and "مسئولین" in GENERIC_WORDS
    assert all(" " not in word for word in GENERIC_WORDS)


@pytest.mark.parametrize(
    ("party", "name"),
    [
        ("شهرداری کمالشهر", "شهرداری کمالشهر"),
        ("شهرداري كمالشهر", "شهرداری کمالشهر"),  # Arabic yeh and kaf
        ("  شهرداری\u00a0 کمالشهر ", "شهرداری کمالشهر"),
        ("شهرداری کمال شهر", "شهرداری کمالشهر"),  # the no-space key
        ("\u200fفرمانداری شهرستان کرج\u200f", "فرمانداری شهرستان کرج"),
        ("اداره کل آموزش فنی و حرفه\u200cای", "اداره کل آموزش فنی و حرفه ای"),  # ZWNJ
        ("اداره کل آموزش فنی و حرفه‌اي", "اداره کل آموزش فنی و حرفه ای"),
        ("اداره‌کل بهزيستي استان", "اداره کل بهزیستی استان"),
        ("کمیته امداد امام خمینی ره", "کمیته امداد امام خمینی (ره)"),
        ("دانشگاه علوم پزشكي البرز", "دانشگاه علوم پزشکی البرز"),
    ],
)
def test_exact_matches(party: str, name: str) -> None:
    result = MATCHER.match(party)
    assert result == MatchResult(party, "exact", ID[name], name, 100.0, ())
    assert result.matched


def test_alias_matches() -> None:
    matcher = AgencyMatcher(
        [*ENTRIES, AgencyEntry(99, "سازمان بهزیستی", aliases=("بهزيستي كل", "ستاد مبارزه"))]
    )
    assert matcher.match("ستاد مبارزه").status == "alias"
    assert matcher.match("ستاد مبارزه").agency_id == 99
    assert matcher.match("بهزیستی کل").agency_id == 99
    # A name beats an alias.
    alias_clash = AgencyMatcher(
        [AgencyEntry(1, "شهرداری کرج"), AgencyEntry(2, "شهرداری مرکز", aliases=("شهرداری کرج",))]
    )
    assert alias_clash.match("شهرداری کرج").agency_id == 1
    assert alias_clash.match("شهرداری کرج").status == "exact"


def test_an_alias_can_make_a_one_word_party_certain() -> None:
    # «کمالشهر» alone is only part of «شهرداری کمالشهر»; registered as its alias key it is a whole match.
    matcher = AgencyMatcher([AgencyEntry(1, "شهرداری کمالشهر", aliases=("شهرداری شهر کمالشهر",))])
    assert matcher.match("کمالشهر").status == "ambiguous"
    matcher = AgencyMatcher([AgencyEntry(1, "شهرداری کمالشهر", aliases=("استانداری کمالشهر",))])
    result = matcher.match("کمالشهر")
    assert (result.status, result.agency_id) == ("fuzzy", 1)


def test_duplicate_names_are_ambiguous() -> None:
    matcher = AgencyMatcher([AgencyEntry(1, "شهرداری کرج"), AgencyEntry(2, "شهرداري كرج")])
    result = matcher.match("شهرداری کرج")
    assert result.status == "ambiguous"
    assert [agency_id for agency_id, _, _ in result.suggestions] == [1, 2]


@pytest.mark.parametrize(
    ("party", "name"),
    [
        ("فرمانداری کرج", "فرمانداری شهرستان کرج"),  # seed 002 row 2
        ("فرمانداری فردیس", "فرمانداری شهرستان فردیس"),
        ("دانشگاه علوم پزشکی", "دانشگاه علوم پزشکی البرز"),  # seed 002 row 7
        ("آموزش و پرورش", "اداره کل آموزش و پرورش استان"),
        ("آموزش و پرورش استان البرز", "اداره کل آموزش و پرورش استان"),
        ("بهزیستی استان", "اداره کل بهزیستی استان"),
        ("فنی و حرفه ای", "اداره کل آموزش فنی و حرفه ای"),
        ("آموزش فنی و حرفه‌ای استان", "اداره کل آموزش فنی و حرفه ای"),
        ("کمیته امداد", "کمیته امداد امام خمینی (ره)"),
        ("نیروی انتظامی", "نیروی انتظامی استان"),
        ("شرکت توزیع نیروی برق استان", "شرکت توزیع برق استان"),
        ("اداره کل امور شهری و شوراها", "اداره کل امور شهری و شوراهای استانداری"),
    ],
)
def test_fuzzy_accepts(party: str, name: str) -> None:
    result = MATCHER.match(party)
    assert result.status == "fuzzy", result
    assert (result.agency_id, result.agency_name) == (ID[name], name)
    assert result.score >= ACCEPT
    assert result.matched
    assert result.suggestions[0][:2] == (ID[name], name)


def test_kamalshahr_and_karaj_municipalities_are_not_confused() -> None:
    only_karaj = AgencyMatcher([AgencyEntry(1, "شهرداری کرج")])
    only_kamalshahr = AgencyMatcher([AgencyEntry(2, "شهرداری کمالشهر")])
    for matcher, party in ((only_karaj, "شهرداری کمالشهر"), (only_kamalshahr, "شهرداری کرج")):
        result = matcher.match(party)
        assert not result.matched, result
        assert result.agency_id is None
        assert result.score < ACCEPT
    # With both registered, each finds itself.
    assert MATCHER.match("شهرداری کرج").agency_id == ID["شهرداری کرج"]
    assert MATCHER.match("شهرداری کمالشهر").agency_id == ID["شهرداری کمالشهر"]


def test_one_word_that_fits_several_agencies_is_ambiguous() -> None:
    result = MATCHER.match("شهرداری")
    assert result.status == "ambiguous"
    assert {agency_id for agency_id, _, _ in result.suggestions} == {ID["شهرداری کرج"], ID["شهرداری کمالشهر"]}
    assert MATCHER.match("فرمانداری").status == "ambiguous"


def test_one_word_part_of_a_single_agency_asks() -> None:
    # «کمالشهر» alone (a party cell split by a page break) or «برق» (seed: «اداره کل برق استان») could be
    # the registered agency, but one word is not enough to send it there unasked.
    for party, name in (("کمالشهر", "شهرداری کمالشهر"), ("اداره کل برق استان", "شرکت توزیع برق استان")):
        result = MATCHER.match(party)
        assert result.status == "ambiguous", result
        assert result.suggestions[0][:2] == (ID[name], name)


def test_two_agencies_joined_by_and_are_not_guessed_as_one() -> None:
    # Every word of «آموزش و پرورش» is in the party, so token_set_ratio says 100; but the party names a
    # second agency as well, and picking one of them would drop the other silently.
    result = MATCHER.match("دانشگاه علوم پزشکی و آموزش و پرورش")
    assert result.status == "ambiguous", result
    assert not result.matched and result.agency_id is None
    assert [agency_id for agency_id, _, _ in result.suggestions] == [
        ID["اداره کل آموزش و پرورش استان"],
        ID["دانشگاه علوم پزشکی البرز"],
    ]


def test_county_office_is_not_the_provincial_one() -> None:
    result = MATCHER.match("اداره آموزش و پرورش شهرستان کرج")
    assert result.status == "ambiguous", result
    assert result.suggestions[0][:2] == (ID["اداره کل آموزش و پرورش استان"], "اداره کل آموزش و پرورش استان")
    # The province's own name after «استان» does not make another agency.
    assert MATCHER.match("آموزش و پرورش استان البرز").agency_id == ID["اداره کل آموزش و پرورش استان"]
    # Registered, the county office is found; an alias can also say that the county party means an agency.
    county = AgencyMatcher([*ENTRIES, AgencyEntry(60, "اداره آموزش و پرورش شهرستان کرج")])
    assert county.match("اداره آموزش و پرورش شهرستان کرج").agency_id == 60
    assert county.match("آموزش و پرورش کرج").agency_id == 60
    aliased = AgencyMatcher([AgencyEntry(1, "اداره کل آموزش و پرورش استان", aliases=("آموزش و پرورش کرج",))])
    result = aliased.match("اداره آموزش و پرورش شهرستان کرج")
    assert (result.status, result.agency_id) == ("fuzzy", 1)


@pytest.mark.parametrize(
    ("party", "name"),
    [
        ("شهرداری کمال شهر", "شهرداری کمالشهر"),  # a word the agency writes joined is not an extra word
        ("امور شهری و شوراها", "اداره کل امور شهری و شوراهای استانداری"),  # nor a spelling variant
        ("توزیع نیروی برق", "شرکت توزیع برق استان"),  # nor a weak word
    ],
)
def test_words_that_are_not_extra(party: str, name: str) -> None:
    assert MATCHER.match(party).agency_id == ID[name]


@pytest.mark.parametrize(
    "party",
    [
        "مسئولین کمیته های ذیل قرارگاه",
        "مدیر محله شهرک امیرالمومنین (ع)",
        "معاون محترم هماهنگی امور عمرانی",
        "دبیرخانه قرارگاه اجتماعی استانداری",
        "کمیته خدمات شهری",
        "اداره کل اوقاف",
        "دادگستری",
    ],
)
def test_unmatched(party: str) -> None:
    result = MATCHER.match(party)
    assert result.status == "unmatched", result
    assert result.agency_id is None and result.agency_name is None
    assert result.score < ASK
    assert not result.matched
    assert all(score >= 60 for _, _, score in result.suggestions)


@pytest.mark.parametrize("party", ["", "   ", "استانداری", "اداره کل", "جناب آقای مدیر کل محترم", "-", "()"])
def test_generic_only_parties_match_nothing(party: str) -> None:
    result = MATCHER.match(party)
    assert result.status == "unmatched"
    assert result.suggestions == ()
    assert result.score == 0.0


def test_generic_named_agency_still_matches_exactly() -> None:
    matcher = AgencyMatcher([*ENTRIES, AgencyEntry(50, "استانداری")])
    assert matcher.match("استانداری").status == "exact"
    assert matcher.match("استانداری").agency_id == 50
    assert matcher.match("اداره کل").status == "unmatched"


def test_close_runner_up_is_ambiguous() -> None:
    matcher = AgencyMatcher([AgencyEntry(1, "اداره کل راه و شهرسازی"), AgencyEntry(2, "اداره کل راهداری")])
    result = matcher.match("اداره راه")
    assert result.status in ("ambiguous", "unmatched")
    assert not result.matched


def test_empty_matcher() -> None:
    assert AgencyMatcher([]).match("شهرداری کرج").status == "unmatched"


def test_suggestions_are_sorted_and_capped() -> None:
    result = MATCHER.match("شهرداری")
    scores = [score for _, _, score in result.suggestions]
    assert scores == sorted(scores, reverse=True)
    assert len(result.suggestions) <= 3


@given(st.sampled_from(NAMES), st.sampled_from(["", "\u200f", "  ", "\u00a0"]), st.booleans(), st.booleans())
def test_every_name_matches_itself_exactly_through_noise(
    name: str, noise: str, arabic: bool, zwnj: bool
) -> None:
    party = name
    if arabic:
        party = party.replace("ی", "ي").replace("ک", "ك")
    if zwnj:
        party = party.replace(" ", "\u200c")
    result = MATCHER.match(noise + party + noise)
    assert result.status == "exact"
    assert result.agency_id == ID[name]


@given(st.text(max_size=40))
def test_match_never_raises_and_is_consistent(party: str) -> None:
    result = MATCHER.match(party)
    assert result.party == party
    assert result.matched == (result.agency_id is not None)
    if result.status == "fuzzy":
        assert result.score >= ACCEPT
    if result.status == "unmatched":
        assert result.score < ASK or not match_key(party)


@pytest.mark.parametrize(
    "party",
    [
        "کلیه مدیران دستگاه های اجرایی",
        "مدیران دستگاه های اجرایی",
        "کلیه دستگاههای اجرایی",
        "تمامی دستگاه‌های اجرایی استان",
        "همه دستگاه های اجرایی عضو قرارگاه",
        "کليه مديران دستگاه هاي اجرائي",
        "مدیران کل دستگاه‌های اجرایی استان",
        "دستگاه های اجرایی",
        "دستگاههای عضو قرارگاه اجتماعی استان",
        "کلیه دستگاهها",
        "کلیه اعضای قرارگاه",
        "\u200fکلیه مدیران دستگاه های اجرایی.",
    ],
)
def test_all_agencies_phrases(party: str) -> None:
    assert is_all_agencies_phrase(party)


@pytest.mark.parametrize(
    "party",
    [
        "فرمانداری شهرستان کرج",
        "دستگاه های خدمات رسان",  # a subset of agencies, not all: ask
        "کلیه دستگاه های ذیربط",  # "the relevant ones": ask
        "دستگاههای اجرایی مرتبط",
        "دستگاه های نظارتی",
        "مسئولین کمیته های ذیل قرارگاه",
        "اعضای قرارگاه",
        "کلیه",
        "دستگاه",
        "",
        "دستگاه های اجرایی و شهرداری کرج",
    ],
)
def test_not_all_agencies_phrases(party: str) -> None:
    assert not is_all_agencies_phrase(party)
