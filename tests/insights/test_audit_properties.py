"""Whatever the referrals, the equity audit never shows a small count or anything derived
from one (pure: no graph)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.insights.equity import Cell, dimension

GROUPS = ["a", "b", "c", None]
T = 10


@st.composite
def cells(draw: st.DrawFn) -> list[Cell]:
    out = []
    for group in GROUPS:
        people = draw(st.integers(0, 40))
        decided = draw(st.integers(0, people * 2))
        accepted = draw(st.integers(0, decided))
        out.append(Cell(keys={"x": group}, people=people, decided=decided, accepted=accepted,
                        completed=draw(st.integers(0, accepted)),
                        contacted=draw(st.integers(0, accepted)),
                        days_waiting=draw(st.floats(1.0, 500.0)),
                        contact_days=[1.0] * draw(st.integers(0, accepted))))  # fmt: skip
    return out


@given(cells(), st.booleans())
def test_nothing_small_or_derived_from_small_is_shown(
    found: list[Cell], denominators: bool
) -> None:
    population = {"a": 500.0, "b": 300.0, "c": 200.0} if denominators else None
    result = dimension("x", found, population, Suppression(T))
    by_group = {c.keys["x"]: c for c in found}
    hidden = [g for g in result.groups if g.people is None]
    for g in result.groups:
        cell = by_group[g.group]
        if cell.people < T:
            assert g.people is None
        if g.people is None:
            assert g.share is None
            assert g.referral is None
        if len(cell.contact_days) < T:
            assert g.median_days_to_contact is None
        if g.acceptance is not None:
            assert min(cell.accepted, cell.decided - cell.accepted) >= T
    if result.not_recorded is None or result.recorded is None:
        return
    assert len(hidden) != 1  # one hidden group would be recorded minus the others
