"""HSDS export / tabular import benchmark (measure, not test), on its own Neo4j.

Seeds N synthetic services across England through the ORUK JSON importer (that import's
throughput is the comparison), then measures, in the same run:
- reading every service document with raw Cypher through the driver (the floor an export
  cannot beat);
- the JSON export and the CSV datapackage export (records/s), and frictionless validation
  of the package (`--validate`, slow: it checks every cell and foreign key);
- the tabular import of that package into an emptied directory (records/s; read+reassemble
  vs validate+write), and the JSON import of the JSON export into an emptied directory.

    uv run python -m bench.directory_export [--services 5000] [--validate]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.processes import REPO_ROOT
from kith_directory.adapters.datapackage import hsds_layout, read_package
from kith_directory.adapters.export_checks import package_problems
from kith_directory.bootstrap import build_importer
from kith_directory.domain.reassemble import reassemble
from kith_directory.exports import export_datapackage, export_json
from kith_directory.handlers import import_services
from kith_directory.tabular_import import import_datapackage

from bench.seed import seed
from bench.stack import infrastructure

T = TypeVar("T")
WIPE = """
MATCH (n) WHERE n:Service OR n:Organisation OR n:Location OR n:ServiceAtLocation
  OR n:Schedule OR n:TaxonomyTerm OR n:Taxonomy OR n:Language OR n:Feed OR n:Outbox
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS
"""
RAW_READ = "MATCH (s:Service) RETURN s.oruk_json AS doc ORDER BY s.id"


async def timed(work: Callable[[], Awaitable[T]]) -> tuple[T, float]:
    started = time.perf_counter()
    result = await work()
    return result, time.perf_counter() - started


def line(what: str, n: int, seconds: float, note: str = "") -> str:
    return f"{what:<58} {n:>7} {seconds:>8.2f}s {n / seconds:>9.0f}/s  {note}"


async def _wipe(graph: Graph) -> None:
    async with graph.driver.session(database=graph.database) as session:
        await (await session.run(WIPE)).consume()


async def _raw_read(graph: Graph) -> int:
    async with graph.driver.session(database=graph.database) as session:
        result = await session.run(RAW_READ)
        return len([json.loads(record["doc"]) async for record in result])


async def run(args: argparse.Namespace, env: dict[str, str], tmp: Path) -> list[str]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        seeded = await seed(graph, REPO_ROOT, args.services, 7)
        n, layout, importer = seeded.imported, hsds_layout(), build_importer(graph)
        lines = [line("JSON import (ORUK 3.0 list, empty graph) [seed]", n, seeded.import_seconds)]
        _, seconds = await timed(lambda: _raw_read(graph))
        lines.append(line("raw Cypher: read + parse every document (driver)", n, seconds, "floor"))
        _, seconds = await timed(lambda: export_json(graph, tmp / "hsds.json"))
        lines.append(line("export JSON (ORUK service_list + orgs + taxonomies)", n, seconds))
        summary, seconds = await timed(lambda: export_datapackage(graph, layout, tmp / "pkg"))
        rows = sum(summary.rows.values())
        lines.append(line("export CSV datapackage", n, seconds, f"{rows} table rows"))
        if args.validate:
            started = time.perf_counter()
            problems = await asyncio.to_thread(package_problems, tmp / "pkg")
            took = time.perf_counter() - started
            lines.append(line("frictionless validation of the package", n, took,
                              "valid" if not problems else f"{len(problems)} problems"))  # fmt: skip
        started = time.perf_counter()
        raw, shapes = read_package(tmp / "pkg", layout)
        assembled = reassemble(layout, raw, shapes)
        took = time.perf_counter() - started
        lines.append(line("  tabular: read CSVs + reassemble (no graph)", n, took))
        await _wipe(graph)
        result, seconds = await timed(
            lambda: import_datapackage(importer, layout, tmp / "pkg", "bench-england")
        )
        note = f"created {result.created}, rejected {len(result.rejected)}"
        lines.append(line("tabular import (CSV datapackage, empty graph)", n, seconds, note))
        await _wipe(graph)
        exported: Any = json.loads((tmp / "hsds.json").read_text(encoding="utf-8"))
        result, seconds = await timed(lambda: import_services(importer, exported, "bench-json"))
        note = f"created {result.created}, rejected {len(result.rejected)}"
        lines.append(line("JSON import of the JSON export (empty graph)", n, seconds, note))
        assert len(assembled.records) == n
        return lines
    finally:
        await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.directory_export")
    parser.add_argument("--services", type=int, default=5_000)
    parser.add_argument("--validate", action="store_true")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-export-") as folder,
        infrastructure(Path(folder)) as stack,
    ):
        lines = asyncio.run(run(args, stack.env, Path(folder)))
    head = f"{'measurement':<58} {'records':>7} {'time':>9} {'rate':>11}"
    print("\n".join([head, "-" * len(head), *lines]))


if __name__ == "__main__":
    main()
