"""`make up` defines the demo district's Rethinking Pain pathway from its directory."""

from __future__ import annotations

from pathlib import Path

from kith_common.graph import Graph
from kith_devstack import demo_pathway
from kith_devstack.demo_district import generate_directory, read_areas
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.pathways.definitions import pathways

AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"


async def test_the_demo_pathway_has_its_three_tiers(graph: Graph, repo_root: Path) -> None:
    await load_areas(graph, area_csv_rows(repo_root / AREAS))
    directory = generate_directory(read_areas(repo_root / AREAS), seed=7)
    assert not (await import_services(build_importer(graph), directory, "demo")).rejected
    pid = await demo_pathway.define(graph, directory)
    assert await demo_pathway.define(graph, directory) == pid  # re-running `make up` is a no-op
    (found,) = await pathways(graph)
    assert (found.id, found.name, found.version) == (pid, "Rethinking Pain", 1)
    sizes = [(t.level, len(t.service_ids), t.requires_decision) for t in found.tiers]
    assert sizes == [(1, 1, False), (2, 10, False), (3, 1, True)]
    names = await graph.query(
        "MATCH (:PathwayTier {level: 3})-[:DELIVERED_BY]->(s:Service) RETURN s.name AS name"
    )
    assert names == [{"name": "Rethinking Pain: Pain CBT"}]
