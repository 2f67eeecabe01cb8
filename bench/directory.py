"""Directory benchmark (measure, not test): 20,000 services across England.

- full import throughput of a 20,000-service ORUK feed (records/s);
- ORUK `/services?search=` and `/services?postcode=&proximity=` p95 over HTTP against the
  directory running as its own process, vs the same Cypher through the driver, same run.

    uv run python -m bench.directory [--services 20000] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
from contextlib import ExitStack
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.processes import REPO_ROOT, free_port
from kith_directory.domain.postcodes import normalise_postcode
from kith_directory.domain.search import parse_filter
from kith_directory.queries.listing import listing
from kith_directory.queries.places import place_postcode
from neo4j import AsyncDriver

from bench.seed import seed
from bench.stack import infrastructure, service
from bench.stats import Row, table
from bench.timing import time_each

WORDS = ("food", "advice", "walking", "carers", "debt", "pain", "group", "support", "coffee")


def workloads(
    records: list[dict[str, Any]], n: int
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(3)
    searches = [{"search": " ".join(rng.sample(WORDS, rng.choice((1, 1, 2)))), "per_page": "20"}
                for _ in range(n)]  # fmt: skip
    postcodes = sorted({
        pc for r in records for sal in r.get("service_at_locations") or []
        for a in sal["location"].get("addresses") or []
        if "latitude" in sal["location"] and (pc := normalise_postcode(a.get("postal_code")))
    })  # fmt: skip
    near = [
        {"postcode": rng.choice(postcodes), "proximity": "2000", "per_page": "20"} for _ in range(n)
    ]
    return searches, near


async def _count_and_page(tx: Any, count: str, page: str, values: dict[str, Any]) -> None:
    await (await tx.run(count, values)).consume()
    await (await tx.run(page, values)).consume()


async def over_http(base: str, load: list[dict[str, str]]) -> list[float]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:

        async def get(params: dict[str, str]) -> None:
            (await client.get("/services", params=params)).raise_for_status()

        return await time_each(load, get)


async def through_driver(graph: Graph, load: list[dict[str, str]]) -> list[float]:
    """The same two queries (count, page) the API runs, in one read transaction each; the
    postcode is placed with the same query too."""
    driver: AsyncDriver = graph.driver
    stale_before = datetime.now(UTC) - timedelta(days=365)

    async def run(params: dict[str, str]) -> None:
        where = parse_filter(params)
        queries = listing(where)
        place = await place_postcode(graph, where.postcode) if where.postcode else None
        values = {**asdict(where), "stale_before": stale_before, "skip": 0, "limit": 20,
                  "lat": place.latitude if place else None, "lon": place.longitude if place else None,
                  "area_codes": place.area_codes if place else [], "lad_code": place.lad_code if place else None}  # fmt: skip
        async with driver.session(database=graph.database) as session:
            await session.execute_read(_count_and_page, queries.count, queries.page, values)

    return await time_each(load, run)


async def run(
    args: argparse.Namespace, env: dict[str, str], services: ExitStack, state: Path
) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        seeded = await seed(graph, REPO_ROOT, args.services, 7)
        rate = seeded.imported / seeded.import_seconds
        print(
            f"imported {seeded.imported} services in {seeded.import_seconds:.1f}s: {rate:.0f} records/s",
            flush=True,
        )
        port = free_port()
        services.enter_context(service(
            "directory", ["kith-directory", "serve"], {**env, "KITH_DIRECTORY_PORT": str(port)},
            f"http://127.0.0.1:{port}/readyz", state / "directory.log",
        ))  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        searches, near = workloads(seeded.services, args.queries)
        rows = [
            Row(
                "full import, 20k-service feed (records/s)",
                seeded.imported,
                rate,
                rate,
                rate,
                "throughput",
            )
        ]
        for label, load in (
            ("/services?search=", searches),
            ("/services?postcode&proximity=2km", near),
        ):
            warm = load[:30]
            await over_http(base, warm)
            await through_driver(graph, warm)
            raw = await through_driver(graph, load)
            http = await over_http(base, load)
            ratio = Row.of("", http).p95 / Row.of("", raw).p95
            rows.append(Row.of(f"{label} — Cypher via driver", raw, "baseline"))
            rows.append(Row.of(f"{label} — ORUK API over HTTP", http, f"p95 ratio {ratio:.2f}x"))
        return rows
    finally:
        await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.directory")
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-directory-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,
    ):
        rows = asyncio.run(run(args, stack.env, services, stack.state))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
