"""Matching fixtures: the golden directory over real Bradford and Craven areas, imported
through the real importer and embedded with the real model, once per module (the tests in
a module only read it, or write rows keyed by their own ids)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import strategies as st
from kith_common.graph import Graph
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain import Candidate, Home, Place, Session
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.handlers import MatchRequest
from kith_gateway.matching.refresh import refresh_profiles
from kith_gateway.people.domain import DAYS, Profile, Window

from tests.conftest import KEEP
from tests.helpers import matching_golden as golden

AREAS = Path(__file__).resolve().parents[2] / "data/areas/bradford_craven_lsoa2011_imd2019.csv"
# A Monday morning, so "next session" is the same on every run.
NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


async def load_golden(graph: Graph) -> Graph:
    await graph.execute(
        "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $keep) DETACH DELETE n", keep=list(KEEP)
    )
    await load_areas(graph, area_csv_rows(AREAS))
    summary = await import_services(build_importer(graph), golden.directory(), "golden")
    assert not summary.rejected, summary.rejected
    await refresh_profiles(graph, default_embedder())
    return graph


@pytest.fixture(scope="module")
async def golden_graph(_session_graph: Graph) -> Graph:
    return await load_golden(_session_graph)


def request(
    first: int = 10,
    *,
    offset: int = 0,
    config: MatchingConfig | None = None,
    near_misses: bool = True,
) -> MatchRequest:
    return MatchRequest(
        first=first,
        offset=offset,
        config=config or MatchingConfig(),
        embedder=default_embedder(),
        now=NOW,
        near_misses=near_misses,
    )


NEEDS = ("pain", "sleep", "loneliness", "debt", "food")


LANGS = ("en", "ur", "pa", "pl")


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


HOME = Home("E01010841", "E02002216", "E08000032")


CONFIG = MatchingConfig()


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
