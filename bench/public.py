"""Public directory benchmark (measure, not test): the web app's results page over 20,000
services, p50/p95, next to its GraphQL query alone (`findHelp` on the gateway), same run.

Gateway and web app run as their own processes; the load is plain-words searches with a
place (towns from the demo district's venues), as a person types them.

    uv run python -m bench.public [--services 20000] [--queries 200]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.processes import REPO_ROOT, free_port

from bench.seed import seed
from bench.stack import infrastructure, service
from bench.stats import Row, table
from bench.timing import time_each

NEEDS = ("food", "money worries", "lonely", "walking group", "housing", "pain", "carers")
FIND = """query($t: String!) { findHelp(text: $t, first: 20) { edges { node {
  id name organisationName summary distanceKm freeOfCharge takesSelfReferrals
  needs { code name } languages { code name } whoFor { womenOnly menOnly }
  venues { name address postcode lat lon stepFree } online
  sessions { days weekOfMonth opensAt closesAt } lastChecked freshness } } } }"""


def workload(services: list[dict[str, Any]], n: int) -> list[str]:
    rng = random.Random(5)
    towns = sorted({
        a["city"] for s in services for sal in s.get("service_at_locations") or []
        for a in sal["location"].get("addresses") or [] if a.get("city")
    })  # fmt: skip
    return [f"{rng.choice(NEEDS)} in {rng.choice(towns)}" for _ in range(n)]


async def measure(gateway: str, web: str, texts: list[str]) -> list[Row]:
    async with httpx.AsyncClient(timeout=60) as client:

        async def query(text: str) -> None:
            body = {"query": FIND, "variables": {"t": text}}
            (await client.post(f"{gateway}/graphql", json=body)).raise_for_status()

        async def page(text: str) -> None:
            (await client.get(f"{web}/", params={"q": text})).raise_for_status()

        for text in texts[:20]:  # plan every query shape once
            await query(text)
            await page(text)
        raw = await time_each(texts, query)
        pages = await time_each(texts, page)
        size = len((await client.get(f"{web}/", params={"q": texts[0]})).content)
    ratio = Row.of("", pages).p95 / Row.of("", raw).p95
    return [
        Row.of("findHelp GraphQL over HTTP (the page's query)", raw, "baseline"),
        Row.of("results page over HTTP (web app)", pages, f"p95 {ratio:.2f}x; {size} B HTML"),
    ]


async def run(
    args: argparse.Namespace, env: dict[str, str], services: ExitStack, state: Path
) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        seeded = await seed(graph, REPO_ROOT, args.services, 7)
    finally:
        await graph.close()
    gw_port, web_port = free_port(), free_port()
    gateway, web = f"http://127.0.0.1:{gw_port}", f"http://127.0.0.1:{web_port}"
    services.enter_context(service(
        "gateway", ["kith-gateway"], {**env, "KITH_GATEWAY_PORT": str(gw_port)},
        f"{gateway}/readyz", state / "gateway.log",
    ))  # fmt: skip
    services.enter_context(service(
        "web", ["kith-web"], {**env, "KITH_WEB_PORT": str(web_port), "KITH_GATEWAY_URL": gateway},
        f"{web}/readyz", state / "web.log",
    ))  # fmt: skip
    return await measure(gateway, web, workload(seeded.services, args.queries))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.public")
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-public-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,
    ):
        rows = asyncio.run(run(args, stack.env, services, stack.state))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
