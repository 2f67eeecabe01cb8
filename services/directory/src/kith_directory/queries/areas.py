"""Write ONS areas: LADs, then MSOAs, then LSOAs, each as batched UNWIND MERGE (idempotent)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from kith_common.graph import Graph

from kith_directory.domain.areas import AreaRows

T = TypeVar("T")
BATCH = 5000

MERGE_LADS = """
UNWIND $rows AS row
MERGE (a:Area {code: row.code})
SET a:LAD, a.name = row.name, a.level = 'LAD'
"""

MERGE_MSOAS = """
UNWIND $rows AS row
MERGE (a:Area {code: row.code})
SET a:MSOA, a.name = row.name, a.level = 'MSOA', a.lad_code = row.lad_code
WITH a, row
MATCH (lad:Area {code: row.lad_code})
MERGE (a)-[:PART_OF]->(lad)
"""

MERGE_LSOAS = """
UNWIND $rows AS row
MERGE (a:Area {code: row.code})
SET a:LSOA, a += row.props, a.level = 'LSOA',
    a.point = point({latitude: row.lat, longitude: row.lon})
WITH a, row
MATCH (msoa:Area {code: row.msoa_code})
MERGE (a)-[:PART_OF]->(msoa)
"""

COUNT_AREAS = """
MATCH (a:Area)
RETURN sum(CASE WHEN a:LSOA THEN 1 ELSE 0 END) AS lsoa,
       sum(CASE WHEN a:MSOA THEN 1 ELSE 0 END) AS msoa,
       sum(CASE WHEN a:LAD THEN 1 ELSE 0 END) AS lad
"""


def _batches(rows: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def _merge(graph: Graph, query: str, rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows, BATCH):
        await graph.execute(query, rows=list(batch))


async def write_areas(graph: Graph, areas: AreaRows) -> None:
    """Each batch commits on its own; re-running the load converges to the same graph."""
    await _merge(graph, MERGE_LADS, list(areas.lads.values()))
    await _merge(graph, MERGE_MSOAS, list(areas.msoas.values()))
    await _merge(graph, MERGE_LSOAS, areas.lsoas)


async def count_areas(graph: Graph) -> dict[str, int]:
    rows = await graph.query(COUNT_AREAS)
    return {level: int(rows[0][level] or 0) for level in ("lsoa", "msoa", "lad")}
