"""The pathway rules as properties (pure: no graph)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.pathways.domain import (
    Basis,
    Direction,
    InvalidPathway,
    PathwayRuleRefused,
    TierDefinition,
    decide_move,
    validate_pathway,
)

ladders = st.lists(st.booleans(), min_size=1, max_size=6).map(
    lambda flags: dict(enumerate(flags, start=1))
)


@st.composite
def moves(draw: st.DrawFn) -> tuple[dict[int, bool], int | None, int, Basis]:
    ladder = draw(ladders)
    current = draw(st.none() | st.sampled_from(sorted(ladder)))
    to = draw(st.integers(min_value=0, max_value=len(ladder) + 1))
    return ladder, current, to, draw(st.sampled_from(Basis))


@given(moves())
def test_a_move_is_allowed_exactly_when_the_rules_say(
    move: tuple[dict[int, bool], int | None, int, Basis],
) -> None:
    ladder, current, to, basis = move
    upward = current is None or to > current
    allowed = (
        to in ladder
        and to != current
        and not (upward and ladder[to] and basis is Basis.PRACTITIONER)
    )
    try:
        done = decide_move(ladder, current, to, basis)
    except PathwayRuleRefused:
        assert not allowed
        return
    assert allowed
    assert (done.from_tier, done.to_tier, done.basis) == (current, to, basis)
    expected = (
        Direction.ENROL
        if current is None
        else (Direction.STEP_UP if to > current else Direction.STEP_DOWN)
    )
    assert done.direction is expected


@given(ladders, st.sampled_from([Basis.CLINICIAN, Basis.MEETING]))
def test_a_decision_reaches_every_tier_from_anywhere(ladder: dict[int, bool], basis: Basis) -> None:
    for current in [None, *ladder]:
        for to in ladder:
            if to != current:
                assert decide_move(ladder, current, to, basis).to_tier == to


@given(ladders)
def test_stepping_down_never_needs_a_decision(ladder: dict[int, bool]) -> None:
    for current in ladder:
        for to in range(1, current):
            assert (
                decide_move(ladder, current, to, Basis.PRACTITIONER).direction
                is Direction.STEP_DOWN
            )


def test_tiers_must_run_in_order_and_name_real_service_ids() -> None:
    tier = TierDefinition(2, "Coaching", False, ())
    with pytest.raises(InvalidPathway, match="levels") as exc:
        validate_pathway("Pain", "", [tier])
    assert exc.value.field == "tiers[0].level"
    with pytest.raises(InvalidPathway) as bad_id:
        validate_pathway("Pain", "", [TierDefinition(1, "Coaching", False, ("drop table",))])
    assert bad_id.value.field == "tiers[0].serviceIds"
    with pytest.raises(InvalidPathway):
        validate_pathway("Pain", "", [])


def test_definitions_are_cleaned() -> None:
    sid = "0b8f4a52-5d0e-4c5e-9f38-8f1f0d6c2b71"
    done = validate_pathway(
        "  Rethinking   Pain ", "", [TierDefinition(1, " Coaching ", False, (sid, sid))]
    )
    assert done.name == "Rethinking Pain"
    assert done.tiers == (TierDefinition(1, "Coaching", False, (sid,)),)
