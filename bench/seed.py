"""Seed England: every real LSOA, and a synthetic directory imported through the importer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kith_common.graph import Graph
from kith_devstack.demo_district import AreaRow, generate_directory, read_areas
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_graph_schema.migrate import migrate

from bench.timing import Stopwatch

ENGLAND = Path("data/areas/england_lsoa2011_imd2019.csv.gz")


@dataclass(frozen=True)
class Seeded:
    areas: list[AreaRow]
    services: list[dict[str, object]]
    areas_seconds: float
    import_seconds: float
    imported: int


async def seed(graph: Graph, root: Path, services: int, seed_value: int) -> Seeded:
    await migrate(graph.driver, graph.database)
    with Stopwatch() as loading:
        await load_areas(graph, area_csv_rows(root / ENGLAND))
    areas = read_areas(root / ENGLAND)
    directory = generate_directory(
        areas, services=services, organisations=max(1, services * 2 // 5), seed=seed_value
    )
    with Stopwatch() as importing:
        summary = await import_services(build_importer(graph), directory, "bench-england")
    return Seeded(areas, directory, loading.seconds, importing.seconds, summary.created)
