"""Matching fixtures: the golden directory over real Bradford and Craven areas, imported
through the real importer and embedded with the real model, once per module (the tests in
a module only read it, or write rows keyed by their own ids)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from kith_common.graph import Graph
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.handlers import MatchRequest
from kith_gateway.matching.refresh import refresh_profiles

from tests.conftest import KEEP
from tests.matching import golden

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
