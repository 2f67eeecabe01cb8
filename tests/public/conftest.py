"""The public directory's fixture: the demo district's generator over real Bradford and
Craven areas (a few hundred listings), imported through the real importer and refreshed
with the real matching refresh, once per module; the tests only read it."""

from __future__ import annotations

from pathlib import Path

import pytest
import strawberry
from kith_common.graph import Graph
from kith_devstack.demo_district import generate_directory, read_areas
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.refresh import refresh_profiles

from tests.conftest import KEEP
from tests.support import SchemaClient

AREAS = Path(__file__).resolve().parents[2] / "data/areas/bradford_craven_lsoa2011_imd2019.csv"


async def load_district(graph: Graph, services: int = 160) -> Graph:
    await graph.execute(
        "MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $keep) DETACH DELETE n", keep=list(KEEP)
    )
    await load_areas(graph, area_csv_rows(AREAS))
    directory = generate_directory(read_areas(AREAS), services=services, organisations=60)
    summary = await import_services(build_importer(graph), directory, "demo")
    assert not summary.rejected, summary.rejected
    await refresh_profiles(graph, default_embedder())
    return graph


@pytest.fixture(scope="module")
async def district(_session_graph: Graph) -> Graph:
    return await load_district(_session_graph)


@pytest.fixture
def public(district: Graph, schema: strawberry.Schema) -> SchemaClient:
    """Anyone: the schema run with no caller at all."""
    return SchemaClient(district, schema)
