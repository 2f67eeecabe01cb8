"""The gap map's order (property-tested over random districts): areas with some service in
reach are ranked, deprived areas with low provision first; areas with no service in reach
come after all of them, most deprived first, however affluent or needy they are."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from kith_gateway.insights import gaps
from kith_gateway.insights.domain import median
from kith_gateway.insights.reach import Reach, Site

SITE = Site("svc", 53.8, -1.75)


@st.composite
def districts(draw: st.DrawFn) -> tuple[list[gaps.AreaFacts], Reach]:
    n = draw(st.integers(min_value=1, max_value=30))
    areas, per_resident, services = [], [], []
    for i in range(n):
        population = draw(st.integers(min_value=100, max_value=4000))
        adults = draw(st.integers(min_value=0, max_value=population))
        decile = draw(st.integers(min_value=1, max_value=10))
        areas.append(gaps.AreaFacts(f"E{i:08d}", f"Area {i}", "M", decile, population, adults,
                                    53.8, -1.75))  # fmt: skip
        reached = draw(st.booleans())
        per_resident.append(draw(st.floats(1e-6, 1e-3)) if reached else 0.0)
        services.append(frozenset({0}) if reached else frozenset())
    return areas, Reach(services=services, per_resident=per_resident)


def _ranked(areas: list[gaps.AreaFacts], reach: Reach) -> list[gaps.LsoaGap]:
    shown = {a.code: gaps.Shown() for a in areas}
    return gaps.rank(areas, reach, [SITE], shown, prevalence=0.435)


@settings(max_examples=200, deadline=None)
@given(districts())
def test_unreached_areas_follow_every_ranked_area(
    district: tuple[list[gaps.AreaFacts], Reach],
) -> None:
    rows = _ranked(*district)
    assert [r.rank for r in rows] == list(range(1, len(rows) + 1))
    unreached = [r.gap is None for r in rows]
    assert unreached == sorted(unreached), "an area with no service in reach led the ranking"
    tail = [r.area.imd_decile for r in rows if r.gap is None]
    assert tail == sorted(tail), "areas with no service in reach: most deprived first"


@settings(max_examples=200, deadline=None)
@given(districts())
def test_priorities_lead_then_the_biggest_gap(district: tuple[list[gaps.AreaFacts], Reach]) -> None:
    rows = _ranked(*district)
    cut = median([r.per_10k for r in rows]) or 0.0
    ranked = [r for r in rows if r.gap is not None]
    flags = [not r.priority for r in ranked]
    assert flags == sorted(flags), "a priority area ranked below one that is not"
    for before, after in itertools.pairwise(ranked):
        if before.priority == after.priority:
            assert (before.gap or 0) >= (after.gap or 0)
    for r in ranked:
        assert r.priority == (r.area.imd_decile <= 2 and r.per_10k < cut)


def test_an_affluent_area_with_no_service_does_not_lead() -> None:
    rich = gaps.AreaFacts("E1", "Rich fringe", "M", 10, 1500, 1200, 53.9, -2.0)
    poor = gaps.AreaFacts("E2", "Poor centre", "M", 1, 1500, 1200, 53.8, -1.75)
    middling = gaps.AreaFacts("E3", "Middling", "M", 5, 1500, 1200, 53.8, -1.76)
    better = gaps.AreaFacts("E4", "Better served", "M", 3, 1500, 1200, 53.8, -1.77)
    reach = Reach(services=[frozenset(), frozenset({0}), frozenset({0}), frozenset({0})],
                  per_resident=[0.0, 1e-4, 3e-4, 4e-4])  # fmt: skip
    rows = _ranked([rich, poor, middling, better], reach)
    names = [r.area.name for r in rows]
    assert names == ["Poor centre", "Middling", "Better served", "Rich fringe"]
    assert rows[0].priority
    assert rows[3].gap is None
