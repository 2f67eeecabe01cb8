"""Properties of the matching domain (hypothesis): the same inputs give the same order, a
service that is unrelated or unacceptable never reorders the others, and tightening any
constraint never adds a suggestion."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from kith_gateway.matching.domain import Candidate, match
from kith_gateway.people.domain import Profile

from tests.helpers.matching import (
    CONFIG,
    HOME,
    NEEDS,
    NOW,
    candidates,
    profiles,
    windows,
)


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
