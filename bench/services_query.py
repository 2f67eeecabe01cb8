"""The `services` query: GraphQL over HTTP against the same Cypher through the driver."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
from kith_devstack.demo_district import NEEDS, AreaRow
from kith_gateway.directory.queries import search_params, search_query
from kith_gateway.directory.search import PageRequest, ServiceSearch
from neo4j import AsyncDriver

from bench.stats import Row, against
from bench.timing import time_each

GRAPHQL = """query($near: PointInput!, $km: Float!, $needs: [String!]) {
  services(near: $near, withinKm: $km, needs: $needs, first: 20) {
    edges { node { id name organisationId organisationName distanceKm needs capacityStatus } } } }"""
RADIUS_KM = 5.0


def workload(areas: Sequence[AreaRow], n: int, seed: int) -> list[tuple[float, float, list[str]]]:
    """Points where people live (LSOAs weighted by population), each with 0 or 1 need."""
    rng = random.Random(seed)
    picked = rng.choices(areas, weights=[a.population for a in areas], k=n)
    codes = [need.code for need in NEEDS]
    return [(a.lat, a.lon, rng.sample(codes, rng.choice((0, 1)))) for a in picked]


async def over_http(
    gateway: str, load: list[tuple[float, float, list[str]]], concurrency: int = 1
) -> list[float]:
    async with httpx.AsyncClient(timeout=60) as client:

        async def ask(one: tuple[float, float, list[str]]) -> None:
            lat, lon, needs = one
            variables = {"near": {"lat": lat, "lon": lon}, "km": RADIUS_KM, "needs": needs}
            response = await client.post(
                f"{gateway}/graphql", json={"query": GRAPHQL, "variables": variables}
            )
            if "errors" in response.json():
                raise RuntimeError(response.text)

        return await time_each(load, ask, concurrency=concurrency)


async def through_driver(
    driver: AsyncDriver, load: list[tuple[float, float, list[str]]], concurrency: int = 1
) -> list[float]:
    """The Cypher the resolver runs for GRAPHQL's fields (only `needs` among the lists)."""
    stale_before = datetime.now(UTC) - timedelta(days=365)

    async def ask(one: tuple[float, float, list[str]]) -> None:
        lat, lon, needs = one
        search = ServiceSearch(lat=lat, lon=lon, within_km=RADIUS_KM, needs=tuple(needs))
        params = search_params(search, PageRequest(20, 0), stale_before, [])
        await driver.execute_query(search_query(search, lists=frozenset({"needs"})), params)

    return await time_each(load, ask, concurrency=concurrency)


async def measure(
    gateway: str, driver: AsyncDriver, areas: Sequence[AreaRow], n: int, concurrency: int = 8
) -> list[Row]:
    """#21 target 4: p95 over HTTP ≤ 1.25x the raw Cypher's at c=1, ≤ 2x at c=`concurrency`."""
    warm = workload(areas, 50, seed=1)
    await over_http(gateway, warm)
    await through_driver(driver, warm)
    load = workload(areas, n, seed=2)
    rows = []
    for c, limit in ((1, 1.25), (concurrency, 2.0)):
        raw = await through_driver(driver, load, c)
        http = await over_http(gateway, load, c)
        ratio = Row.of("", http).p95 / Row.of("", raw).p95
        rows.append(
            Row.of(f"services(near, 5 km, need) — Cypher via driver, c={c}", raw, "baseline")
        )
        rows.append(against(
            Row.of(f"services(near, 5 km, need) — GraphQL over HTTP, c={c}", http,
                   f"p95 ratio {ratio:.2f}x"),
            f"p95 ≤ {limit}x driver", ratio <= limit,
        ))  # fmt: skip
    return rows
