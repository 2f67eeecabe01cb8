"""The system lead's gap map page for Bradford (310 LSOAs) and for an ICB (NHS Greater
Manchester, 1,673 LSOAs): bytes sent and render time of the whole page (web service →
gateway GraphQL → SVG on real boundaries → HTML), next to the gateway's `gapMap` GraphQL
alone, same run, same graph (real areas, a synthetic directory and seeded referrals: the demo
district, plus Greater Manchester's areas and a directory spread over them by population).

    uv run python -m bench.lead_pages --repeat 20 [--no-icb]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import dataclasses
import gzip
import html
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_referrals import generate
from kith_devstack.processes import REPO_ROOT
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_graph_schema.migrate import migrate
from kith_web.lead.areas import load as load_atlas
from kith_web.lead.gapmap import BRADFORD, GAP_MAP

from bench.page_pairs import AREAS, page_stack
from bench.stack import infrastructure
from bench.stats import Row, table
from bench.timing import time_repeat

ENGLAND = REPO_ROOT / "data" / "areas" / "england_lsoa2011_imd2019.csv.gz"
ICB = "icb-greater-manchester"
ICB_SERVICES = 1000  # about the demo district's services per resident (300 for 586,000)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def _icb_areas(folder: Path, lsoas: set[str]) -> Path:
    """The ICB's rows of the England file, as an area file of their own."""
    rows = [r for r in area_csv_rows(ENGLAND) if r["lsoa_code"] in lsoas]
    path = folder / "icb_lsoa2011_imd2019.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


async def _seed(
    graph: Graph, icb_lsoas: set[str] | None = None, folder: Path | None = None
) -> None:
    await migrate(graph.driver, graph.database)
    await load_areas(graph, area_csv_rows(AREAS))
    directory = generate_directory(read_areas(AREAS), seed=7)
    await import_services(build_importer(graph), directory, "demo-district")
    if icb_lsoas and folder:
        icb = _icb_areas(folder, icb_lsoas)
        await load_areas(graph, area_csv_rows(icb))
        more = generate_directory(read_areas(icb), services=ICB_SERVICES, seed=8)
        await import_services(build_importer(graph), more, "bench-icb")
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


@dataclasses.dataclass(frozen=True)
class Place:
    label: str
    page: dict[str, str]  # the page's query string
    geography: dict[str, Any]  # the same place as gapMap's GeographyInput


async def measure(settings: Settings, repeat: int, places: list[Place]) -> list[Row]:
    async with page_stack(settings) as stack:
        client, web, gateway, issuer, users = (
            stack.client, stack.web, stack.gateway, stack.issuer, stack.users)  # fmt: skip
        await _sign_in(client, web, issuer.issuer)
        lead = users["lead"]
        token = issuer.mint("lead", lead.organisation_id, lead.roles)
        rows: list[Row] = []
        for place in places:
            rows.extend(await _measure_place(client, web, gateway, token, place, repeat))
        return rows


async def _measure_place(
    client: httpx.AsyncClient, web: str, gateway: str, token: str, place: Place, repeat: int
) -> list[Row]:
    body = {"query": GAP_MAP, "variables": {"g": place.geography, "need": None}}

    async def page() -> int:
        reply = await client.get(f"{web}/lead/gap-map", params=place.page)
        assert reply.status_code == 200, reply.status_code
        assert "kith-map" in reply.text, "a map, not a refusal"
        return len(reply.content)

    async def graphql() -> int:
        headers = {"authorization": f"Bearer {token}"}
        reply = await client.post(f"{gateway}/graphql", json=body, headers=headers)
        assert "errors" not in reply.json()
        return len(reply.content)

    page_ms, page_bytes = await _time(page, repeat)
    query_ms, query_bytes = await _time(graphql, repeat)
    html = (await client.get(f"{web}/lead/gap-map", params=place.page)).content
    svg = (await client.get(f"{web}/lead/gap-map.svg", params=place.page)).content
    table = await client.get(f"{web}/lead/gap-map.csv", params=place.page)
    assert table.status_code == 200, table.text[:200]
    zipped = len(gzip.compress(html))
    return [
        Row.of(f"gap map page, {place.label}, HTML + SVG", page_ms,
               f"{page_bytes:,} B ({zipped:,} B gzip); map SVG {len(svg):,} B;"
               f" CSV {len(table.content):,} B"),
        Row.of("  gapMap GraphQL alone (the page's query)", query_ms, f"{query_bytes:,} B"),
    ]  # fmt: skip


async def run(args: argparse.Namespace, uri: str, nats: str, folder: Path) -> list[Row]:
    settings = Settings.from_env({"NEO4J_URI": uri, "NATS_URL": nats, "KITH_ENV": "test",
                                  "KITH_LOG_LEVEL": "warning"})  # fmt: skip
    places = [Place("Bradford (310 LSOAs)", {"area": BRADFORD}, {"code": BRADFORD})]
    icb_lsoas: tuple[str, ...] = ()
    if not args.no_icb:
        icb = load_atlas(REPO_ROOT / "data" / "areas").icbs[ICB]
        icb_lsoas = icb.lsoas
        places.append(Place(f"{icb.name} ({len(icb.lsoas):,} LSOAs)", {"area": ICB},
                            {"lsoas": list(icb.lsoas)}))  # fmt: skip
    graph = Graph.from_settings(settings)
    try:
        started = time.perf_counter()
        await _seed(graph, set(icb_lsoas), folder)
        print(f"seeded the areas in {time.perf_counter() - started:.0f}s", flush=True)
    finally:
        await graph.close()
    return await measure(settings, args.repeat, places)


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench.lead_pages")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--no-icb", action="store_true", help="Bradford only (a quicker run)")
    args = parser.parse_args()
    configure_logging("bench", "warning")
    with tempfile.TemporaryDirectory() as state, infrastructure(Path(state)) as stack:
        rows = asyncio.run(run(args, stack.bolt_uri, stack.nats_url, Path(state)))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
