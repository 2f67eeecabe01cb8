"""Reach and the two-step floating catchment (2SFCA) provision, worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kith_gateway.insights.reach import Place, Site, bounding_box, km, reach

# Three LSOAs on a line of latitude near Bradford, 0.03 degrees of longitude apart (about
# 1.98 km at 53.8N): A at 0, B at ~1.98 km, C at ~3.96 km.
LAT = 53.8
A = Place("E01000001", LAT, -1.80, 1000, frozenset({"E02000001", "E08000001"}))
B = Place("E01000002", LAT, -1.77, 3000, frozenset({"E02000001", "E08000001"}))
C = Place("E01000003", LAT, -1.74, 2000, frozenset({"E02000002", "E08000001"}))


def test_distances_are_close_to_great_circle() -> None:
    assert km((LAT, -1.80), (LAT, -1.77)) == pytest.approx(1.9733, abs=0.01)


def test_two_step_floating_catchment_by_hand() -> None:
    # Site 1 at A reaches A and B within 2.5 km (not C, 3.96 km): R1 = 1 / (1000 + 3000).
    # Site 2 at C reaches B and C: R2 = 1 / (3000 + 2000).
    # A = R1 = 0.00025 -> 2.5 per 10k; B = R1 + R2 = 0.00045 -> 4.5; C = R2 -> 2.0.
    sites = [Site("s1", LAT, -1.80), Site("s2", LAT, -1.74)]
    got = reach([A, B, C], [A, B, C], sites, 2.5)
    assert [round(v * 10_000, 6) for v in got.per_resident] == [2.5, 4.5, 2.0]
    assert got.services == [frozenset({0}), frozenset({0, 1}), frozenset({1})]


def test_people_outside_the_geography_share_its_services() -> None:
    # Only A is asked about, but B (in the ring) can reach site 1 too: A gets 1/4000.
    got = reach([A], [A, B, C], [Site("s1", LAT, -1.80)], 2.5)
    assert got.per_resident[0] * 10_000 == pytest.approx(2.5)


def test_a_service_limited_to_an_msoa_reaches_only_it() -> None:
    # Covers only C's MSOA: B is within 2.5 km but outside it. R = 1 / 2000 for C alone.
    site = Site("s2", LAT, -1.74, covers=frozenset({"E02000002"}))
    got = reach([A, B, C], [A, B, C], [site], 2.5)
    assert [v * 10_000 for v in got.per_resident] == pytest.approx([0.0, 0.0, 5.0])


def test_no_sites_and_no_places() -> None:
    assert reach([A], [A], [], 5.0).per_resident == [0.0]
    assert reach([], [], [Site("s", LAT, -1.8)], 5.0).per_resident == []


points = st.tuples(st.floats(53.6, 54.0), st.floats(-2.0, -1.6))


@settings(max_examples=60, deadline=None)
@given(st.lists(points, min_size=1, max_size=25), st.lists(points, max_size=25), st.floats(0.5, 8))
def test_provision_adds_back_up_to_the_services(
    homes: list[tuple[float, float]], spots: list[tuple[float, float]], limit: float
) -> None:
    places = [Place(f"E01{i:06d}", lat, lon, 100 + i) for i, (lat, lon) in enumerate(homes)]
    sites = [Site(f"s{i}", lat, lon) for i, (lat, lon) in enumerate(spots)]
    got = reach(places, places, sites, limit)
    served = sum(
        1 for s in sites if any(km((s.lat, s.lon), (p.lat, p.lon)) <= limit for p in places)
    )
    total = sum(v * p.population for v, p in zip(got.per_resident, places, strict=True))
    assert total == pytest.approx(served, rel=1e-6, abs=1e-6)
    for j, p in enumerate(places):  # the same answer as checking every pair
        near = {i for i, s in enumerate(sites) if km((s.lat, s.lon), (p.lat, p.lon)) <= limit}
        assert got.services[j] == near


@given(st.lists(points, min_size=1, max_size=10), points, st.floats(0.5, 20))
def test_the_bounding_box_holds_everything_within_the_margin(
    homes: list[tuple[float, float]], other: tuple[float, float], margin: float
) -> None:
    south, west, north, east = bounding_box([Place("x", a, b, 1) for a, b in homes], margin)
    if any(km(home, other) <= margin for home in homes):
        assert south <= other[0] <= north
        assert west <= other[1] <= east
