"""The ONS area loader against a real Neo4j."""

from __future__ import annotations

import csv
from pathlib import Path

from kith_common.graph import Graph
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.handlers import load_areas

from tests.helpers.oruk import BRADFORD

ENGLAND = BRADFORD.parent / "england_lsoa2011_imd2019.csv.gz"


def _distinct(path: Path, column: str) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return len({row[column] for row in csv.DictReader(handle)})


async def test_loads_the_lsoa_msoa_lad_hierarchy(graph: Graph) -> None:
    counts = await load_areas(graph, area_csv_rows(BRADFORD))
    assert counts == {
        "lsoa": 342,
        "msoa": _distinct(BRADFORD, "msoa_code"),
        "lad": _distinct(BRADFORD, "lad_code"),
    }
    [broken] = await graph.query(
        """
        MATCH (l:Area:LSOA)
        OPTIONAL MATCH (l)-[:PART_OF]->(m:Area:MSOA)-[:PART_OF]->(d:Area:LAD)
        WITH l, count(d) AS chains
        RETURN count(CASE WHEN chains <> 1 THEN l END) AS broken
        """
    )
    assert broken["broken"] == 0


async def test_an_lsoa_carries_deprivation_population_ethnicity_and_a_point(graph: Graph) -> None:
    await load_areas(graph, area_csv_rows(BRADFORD))
    [row] = await graph.query(
        """
        MATCH (l:LSOA {code: 'E01010568'})-[:PART_OF]->(m:MSOA)-[:PART_OF]->(d:LAD)
        RETURN l.name AS name, l.imd_decile AS decile, l.imd_rank AS rank,
               l.population AS population, l.adults AS adults, l.eth_white_british AS wb,
               l.point.latitude AS lat, l.point.longitude AS lon,
               l.lad_code AS lad_code, m.code AS msoa, d.name AS lad
        """
    )
    assert row == {
        "name": "Bradford 016A",
        "decile": 8,
        "rank": 23447,
        "population": 1722,
        "adults": 908 + 546,
        "wb": 1647,
        "lat": 53.8466,
        "lon": -1.75437,
        "lad_code": "E08000032",
        "msoa": "E02002198",
        "lad": "Bradford",
    }


async def test_loading_again_changes_nothing(graph: Graph) -> None:
    first = await load_areas(graph, area_csv_rows(BRADFORD))
    second = await load_areas(graph, area_csv_rows(BRADFORD))
    [rels] = await graph.query("MATCH ()-[r:PART_OF]->() RETURN count(r) AS n")
    assert first == second
    assert rels["n"] == first["lsoa"] + first["msoa"]


async def test_all_of_england_loads(graph: Graph) -> None:
    # How long it takes is measured by `make bench`, not asserted here (a shared machine).
    counts = await load_areas(graph, area_csv_rows(ENGLAND))
    assert counts["lsoa"] == 32_844
    assert counts["lad"] > 300
