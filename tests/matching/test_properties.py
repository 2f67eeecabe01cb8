"""Properties of the matching domain (hypothesis): the same inputs give the same order, a
service that is unrelated or unacceptable never reorders the others, and tightening any
constraint never adds a suggestion."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain import Candidate, Home, Place, Session, match
from kith_gateway.people.domain import DAYS, Profile, Window

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
HOME = Home("E01010841", "E02002216", "E08000032")
NEEDS = ("pain", "sleep", "loneliness", "debt", "food")
LANGS = ("en", "ur", "pa", "pl")
CONFIG = MatchingConfig()

windows = st.builds(
    lambda d, h, span: Window(d, h * 60, h * 60 + span * 30),
    st.sampled_from(DAYS),
    st.integers(7, 19),
    st.integers(1, 8),
)
places = st.one_of(
    st.builds(
        Place,
        st.uuids().map(str),
        st.just(False),
        st.floats(0, 12_000),
        st.one_of(
            st.none(), st.frozensets(st.sampled_from(("step-free", "wheelchair", "hearing-loop")))
        ),
    ),
    st.builds(Place, st.uuids().map(str), st.just(True), st.none(), st.none()),
)
sessions = st.builds(
    lambda days, h, span: Session(days, h * 60, h * 60 + span * 30),
    st.lists(st.sampled_from(DAYS), min_size=1, max_size=3, unique=True).map(tuple),
    st.integers(8, 19),
    st.integers(2, 6),
)
candidates = st.builds(
    Candidate,
    id=st.uuids().map(str),
    name=st.sampled_from(("Cafe", "Group", "Advice", "Walk", "Shed")),
    organisation_id=st.sampled_from(("o1", "o2", "o3", "o4")),
    organisation_name=st.just("Org"),
    needs=st.frozensets(st.sampled_from(NEEDS), min_size=1, max_size=3),
    places=st.lists(places, min_size=1, max_size=2).map(tuple),
    status=st.sampled_from(("active", "active", "active", "inactive")),
    kind=st.sampled_from(("community-centre", "faith-group", "gp-practice", "peer-support")),
    capacity_status=st.sampled_from(("open", "open", "waitlist", "closed", None)),
    capacity_available=st.integers(0, 20),
    capacity_maximum=st.integers(1, 20),
    min_age=st.sampled_from((None, None, 16, 18, 60)),
    max_age=st.sampled_from((None, None, 25)),
    gender=st.sampled_from((None, None, None, "female", "male")),
    languages=st.frozensets(st.sampled_from(LANGS), min_size=1),
    covers=st.sampled_from((frozenset(), frozenset({"E08000032"}), frozenset({"E07000163"}))),
    sessions=st.lists(sessions, max_size=2).map(tuple),
    last_modified=st.integers(0, 900).map(lambda d: NOW - timedelta(days=d)),
    semantic=st.one_of(st.none(), st.floats(0.70, 0.95)),
    referrals=st.integers(0, 5),
    completed=st.just(0),
)
profiles = st.builds(
    Profile,
    home_area=st.just(HOME.lsoa),
    needs=st.frozensets(st.sampled_from(NEEDS), min_size=1, max_size=3),
    max_travel_km=st.floats(0.5, 10),
    age_band=st.sampled_from((None, "18-24", "35-44", "65-74")),
    gender=st.sampled_from((None, "female", "male")),
    languages=st.frozensets(st.sampled_from(LANGS), min_size=1),
    preferred_language=st.just("en"),
    interpreter_needed=st.booleans(),
    preferences=st.frozensets(st.sampled_from(("women-only", "faith-based", "not-faith-based"))),
    access_needs=st.frozensets(st.sampled_from(("wheelchair", "step-free", "bsl")), max_size=1),
    availability=st.lists(windows, max_size=4).map(lambda ws: tuple(sorted(set(ws)))),
    online_ok=st.booleans(),
    what_matters=st.just(""),
).map(lambda p: dataclasses.replace(p, preferred_language=sorted(p.languages)[0]))


def order(profile: Profile, cands: list[Candidate]) -> list[str]:
    return [r.scored.candidate.id for r in match(profile, HOME, cands, CONFIG, NOW).ranked]


@settings(max_examples=150, deadline=None)
@given(profiles, st.lists(candidates, max_size=25), st.randoms())
def test_same_inputs_same_order_whatever_the_row_order(
    profile: Profile, cands: list[Candidate], rnd: random.Random
) -> None:
    shuffled = list(cands)
    rnd.shuffle(shuffled)
    assert order(profile, cands) == order(profile, shuffled)


@settings(max_examples=150, deadline=None)
@given(profiles, st.lists(candidates, max_size=25), candidates, st.booleans())
def test_an_unrelated_or_unacceptable_service_never_reorders_the_others(
    profile: Profile, cands: list[Candidate], extra: Candidate, unrelated: bool
) -> None:
    if unrelated:  # meets none of their needs and says nothing of what matters to them
        others = frozenset(NEEDS) - profile.needs or frozenset({"housing"})
        extra = dataclasses.replace(extra, needs=others, semantic=None)
    else:  # related, but fails a hard constraint
        extra = dataclasses.replace(extra, status="inactive")
    before = order(profile, cands)
    after = [i for i in order(profile, [*cands, extra]) if i != extra.id]
    assert after == before


def _tighten(profile: Profile, how: int, data: st.DataObject) -> Profile:
    if how == 0:
        return dataclasses.replace(
            profile, max_travel_km=profile.max_travel_km * data.draw(st.floats(0, 1))
        )
    if how == 1:
        return dataclasses.replace(profile, online_ok=False)
    if how == 2:
        return dataclasses.replace(profile, interpreter_needed=True)
    if how == 3:
        extra = data.draw(st.sampled_from(("wheelchair", "step-free", "hearing-loop", "bsl")))
        return dataclasses.replace(profile, access_needs=profile.access_needs | {extra})
    if how == 4:
        band = data.draw(st.sampled_from(("16-17", "18-24", "65-74")))
        return dataclasses.replace(profile, age_band=profile.age_band or band)
    kept = data.draw(st.lists(windows, min_size=1, max_size=2))
    narrower = tuple(sorted(set(profile.availability[:1] or kept)))
    return dataclasses.replace(profile, availability=narrower)


@settings(max_examples=200, deadline=None)
@given(profiles, st.lists(candidates, max_size=25), st.integers(0, 5), st.data())
def test_tightening_a_constraint_never_adds_a_suggestion(
    profile: Profile, cands: list[Candidate], how: int, data: st.DataObject
) -> None:
    tighter = _tighten(profile, how, data)
    assert set(order(tighter, cands)) <= set(order(profile, cands))
