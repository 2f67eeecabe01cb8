"""Feed import and embedding throughput (#21 target 3), measured, never asserted.

On its own Neo4j with every English LSOA loaded, a synthetic ORUK 3.0 feed of N services
(the demo district generator, England-wide) is imported in the same run:
- validation alone (the compiled ORUK schema over every record, no graph);
- the import with validation into an empty graph (records/s): the target row;
- the raw batched write of the same rows: the mapped rows written with the importer's own
  UNWIND queries, one transaction per batch, nothing else (the floor an import cannot beat);
- re-importing the unchanged feed (hash comparison only);
- semantic embeddings of the same listings' texts (listings/s), one and two OpenMP threads.

    uv run python -m bench.imports [--services 20000] [--embed 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.processes import REPO_ROOT
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.domain.mapping import Provenance, ServiceRows, map_services
from kith_directory.handlers import Importer, import_services, load_areas
from kith_directory.queries import service_writes
from kith_gateway.matching.embeddings import E5Embedder, service_text
from kith_graph_schema.migrate import migrate
from neo4j import AsyncManagedTransaction

from bench.directory_export import _wipe
from bench.seed import ENGLAND
from bench.stack import infrastructure

IMPORT_TARGET = 2_000.0  # records/s, #21 target 3
EMBED_TARGET = 100.0  # listings/s on 2 cores


def line(what: str, n: int, seconds: float, target: float | None = None, note: str = "") -> str:
    """One row, printed as soon as it is measured (a long run shows its progress)."""
    rate = n / seconds if seconds else float("inf")
    verdict = "" if target is None else (" ✓" if rate >= target else " ✗") + f" ≥{target:,.0f}/s"
    text = f"{what:<56} {n:>7} {seconds:>8.2f}s {rate:>9.0f}/s{verdict}  {note}"
    print(text, flush=True)
    return text


async def raw_write(graph: Graph, batches: list[ServiceRows]) -> None:
    for part in batches:

        async def work(tx: AsyncManagedTransaction, part: ServiceRows = part) -> None:
            await service_writes.write_services(tx, part)

        await graph.write(work)


async def timed_import(importer: Importer, feed: list[dict[str, Any]]) -> tuple[Any, float]:
    started = time.perf_counter()
    summary = await import_services(importer, feed, "bench-feed")
    return summary, time.perf_counter() - started


def embed_rate(texts: list[str], threads: int) -> float:
    embedder = E5Embedder(threads=threads)
    embedder.passages(texts[:2])  # load the model outside the timing
    started = time.perf_counter()
    for start in range(0, len(texts), 64):
        embedder.passages(texts[start : start + 64])
    return time.perf_counter() - started


async def run(args: argparse.Namespace, env: dict[str, str]) -> list[str]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        areas = read_areas(REPO_ROOT / ENGLAND)
        feed = generate_directory(
            areas, services=args.services, organisations=max(1, args.services * 2 // 5), seed=7
        )
        lines: list[str] = []
        texts = [service_text(r["name"], r.get("description"), []) for r in feed[: args.embed]]
        for threads in (1, 2):
            seconds = await asyncio.to_thread(embed_rate, texts, threads)
            lines.append(line(f"semantic embeddings, batch 64, {threads} thread(s)", len(texts),
                              seconds, EMBED_TARGET))  # fmt: skip
        await migrate(graph.driver, graph.database)
        await load_areas(graph, area_csv_rows(REPO_ROOT / ENGLAND))
        importer, n = build_importer(graph), len(feed)
        if args.batch:
            importer = dataclasses.replace(importer, batch_size=args.batch)
        started = time.perf_counter()
        checked = importer.validator.check(feed)
        lines.append(line("validation only (ORUK 3.0 schema, no graph)", n,
                          time.perf_counter() - started))  # fmt: skip
        summary, seconds = await timed_import(importer, feed)
        note = f"created {summary.created}, rejected {len(summary.rejected)}"
        lines.append(line("feed import with validation (empty graph)", n, seconds,
                          IMPORT_TARGET, note))  # fmt: skip
        provenance = Provenance("bench-raw", datetime.now(UTC))
        size, valid = importer.batch_size, checked.valid
        batches = [
            map_services(valid[i : i + size], provenance, importer.needs_taxonomies)
            for i in range(0, len(valid), size)
        ]  # mapped before the clock starts: the raw write is only the writing
        await _wipe(graph)
        started = time.perf_counter()
        await raw_write(graph, batches)
        lines.append(line("  baseline: raw batched UNWIND write of the same rows", n,
                          time.perf_counter() - started, None, "one tx per batch"))  # fmt: skip
        await _wipe(graph)
        await timed_import(importer, feed)
        summary, seconds = await timed_import(importer, feed)
        lines.append(line("re-import of the unchanged feed", n, seconds, None,
                          f"unchanged {summary.unchanged}"))  # fmt: skip
        return lines
    finally:
        await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.imports")
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--embed", type=int, default=1_000, help="listings to embed")
    parser.add_argument("--batch", type=int, default=0, help="import batch (0: the default)")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-imports-") as folder,
        infrastructure(Path(folder)) as stack,
    ):
        head = f"{'measurement':<56} {'records':>7} {'time':>9} {'rate':>11}"
        print("\n".join([head, "-" * len(head)]), flush=True)
        asyncio.run(run(args, stack.env))
    print(f"load: {os.getloadavg()} (1/5/15-min averages, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
