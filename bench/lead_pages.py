"""The system lead's gap map page for Bradford (310 LSOAs): bytes sent and render time of the
whole page (web service → gateway GraphQL → SVG on real boundaries → HTML), next to the
gateway's `gapMap` GraphQL alone, same run, same graph (the demo district: real areas, the
synthetic directory and seeded referrals).

    uv run python -m bench.lead_pages --repeat 20
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gzip
import html
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import httpx
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_referrals import generate
from kith_devstack.demo_users import demo_users
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import REPO_ROOT, free_port
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.bootstrap import build_app as gateway_app
from kith_graph_schema.migrate import migrate
from kith_web.bootstrap import build_app as web_app
from kith_web.config import WebConfig
from kith_web.lead.gapmap import BRADFORD, GAP_MAP

from bench.stack import infrastructure
from bench.stats import Row, table
from bench.timing import time_repeat

AREAS = REPO_ROOT / "data" / "areas" / "bradford_craven_lsoa2011_imd2019.csv"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


async def _seed(graph: Graph) -> None:
    await migrate(graph.driver, graph.database)
    await load_areas(graph, area_csv_rows(AREAS))
    directory = generate_directory(read_areas(AREAS), seed=7)
    await import_services(build_importer(graph), directory, "demo-district")
    await generate(graph, seed=11)


async def _sign_in(client: httpx.AsyncClient, web: str, issuer: str) -> None:
    """The real OpenID Connect flow, as a browser does it: the issuer's page, pick `lead`."""
    page = await client.get(f"{web}/sign-in", params={"next": "/lead/gap-map"})
    form = {k: html.unescape(v) for k, v in HIDDEN.findall(page.text)}
    signed = await client.post(f"{issuer}/authorize", data={**form, "username": "lead"})
    assert signed.url.path == "/lead/gap-map", signed.url


async def _time(work: Callable[[], Awaitable[int]], repeat: int) -> tuple[list[float], int]:
    size = await work()  # warm: the boundaries load once per process
    return await time_repeat(repeat, work), size


async def measure(settings: Settings, repeat: int) -> list[Row]:
    users = demo_users(generate_directory(read_areas(AREAS), seed=7))
    issuer_port, web_port = free_port(), free_port()
    issuer = DevIssuer(f"http://127.0.0.1:{issuer_port}", settings.jwt_audience)
    wired = dataclasses.replace(
        settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer.issuer}/.well-known/jwks.json"
    )
    async with AsyncExitStack() as running:
        await running.enter_async_context(serving(issuer_app(issuer, users), issuer_port))
        gateway = await running.enter_async_context(serving(gateway_app(wired)))
        web = f"http://127.0.0.1:{web_port}"
        config = WebConfig(settings=wired, port=web_port, base_url=web, gateway_url=gateway,
                           oidc_issuer=issuer.issuer)  # fmt: skip
        await running.enter_async_context(serving(web_app(config), web_port))
        client = await running.enter_async_context(
            httpx.AsyncClient(timeout=120, follow_redirects=True)
        )
        await _sign_in(client, web, issuer.issuer)
        lead = users["lead"]
        token = issuer.mint("lead", lead.organisation_id, lead.roles)
        body = {"query": GAP_MAP, "variables": {"g": {"code": BRADFORD}, "need": None}}

        async def page() -> int:
            reply = await client.get(f"{web}/lead/gap-map", params={"area": BRADFORD})
            assert reply.status_code == 200
            return len(reply.content)

        async def graphql() -> int:
            headers = {"authorization": f"Bearer {token}"}
            reply = await client.post(f"{gateway}/graphql", json=body, headers=headers)
            assert "errors" not in reply.json()
            return len(reply.content)

        page_ms, page_bytes = await _time(page, repeat)
        query_ms, query_bytes = await _time(graphql, repeat)
        html = (await client.get(f"{web}/lead/gap-map", params={"area": BRADFORD})).content
        svg = (await client.get(f"{web}/lead/gap-map.svg", params={"area": BRADFORD})).content
        zipped = len(gzip.compress(html))
        return [
            Row.of("gap map page, Bradford (310 LSOAs), HTML + SVG", page_ms,
                   f"{page_bytes:,} B ({zipped:,} B gzip); map SVG {len(svg):,} B"),
            Row.of("  gapMap GraphQL alone (the page's query)", query_ms, f"{query_bytes:,} B"),
        ]  # fmt: skip


async def run(args: argparse.Namespace, uri: str, nats: str) -> list[Row]:
    settings = Settings.from_env({"NEO4J_URI": uri, "NATS_URL": nats, "KITH_ENV": "test",
                                  "KITH_LOG_LEVEL": "warning"})  # fmt: skip
    graph = Graph.from_settings(settings)
    try:
        started = time.perf_counter()
        await _seed(graph)
        print(f"seeded the demo district in {time.perf_counter() - started:.0f}s", flush=True)
    finally:
        await graph.close()
    return await measure(settings, args.repeat)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.lead_pages")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    configure_logging("bench", "warning")
    with tempfile.TemporaryDirectory() as state, infrastructure(Path(state)) as stack:
        rows = asyncio.run(run(args, stack.bolt_uri, stack.nats_url))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
