"""The `services` query: GraphQL over HTTP against the same Cypher through the driver."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import httpx
from kith_devstack.demo_district import NEEDS, AreaRow
from kith_gateway.directory.queries import search_params, search_query
from kith_gateway.directory.search import PageRequest, ServiceSearch
from neo4j import AsyncDriver

from bench.stats import Row

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


async def over_http(gateway: str, load: list[tuple[float, float, list[str]]]) -> list[float]:
    timings = []
    async with httpx.AsyncClient(timeout=30) as client:
        for lat, lon, needs in load:
            variables = {"near": {"lat": lat, "lon": lon}, "km": RADIUS_KM, "needs": needs}
            started = time.perf_counter()
            response = await client.post(
                f"{gateway}/graphql", json={"query": GRAPHQL, "variables": variables}
            )
            timings.append((time.perf_counter() - started) * 1000)
            if "errors" in response.json():
                raise RuntimeError(response.text)
    return timings


async def through_driver(  # the Cypher the resolver runs for GRAPHQL's fields
    driver: AsyncDriver, load: list[tuple[float, float, list[str]]]
) -> list[float]:
    timings = []
    stale_before = datetime.now(UTC) - timedelta(days=365)
    for lat, lon, needs in load:
        search = ServiceSearch(lat=lat, lon=lon, within_km=RADIUS_KM, needs=tuple(needs))
        params = search_params(search, PageRequest(20, 0), stale_before, [])
        started = time.perf_counter()
        await driver.execute_query(search_query(search, lists=frozenset({"needs"})), params)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


async def measure(gateway: str, driver: AsyncDriver, areas: Sequence[AreaRow], n: int) -> list[Row]:
    warm = workload(areas, 50, seed=1)
    await over_http(gateway, warm)
    await through_driver(driver, warm)
    load = workload(areas, n, seed=2)
    raw = await through_driver(driver, load)
    http = await over_http(gateway, load)
    ratio = Row.of("", http).p95 / Row.of("", raw).p95
    return [
        Row.of("services(near, 5 km, need) — Cypher via driver", raw, "baseline"),
        Row.of("services(near, 5 km, need) — GraphQL over HTTP", http, f"p95 ratio {ratio:.2f}x"),
    ]
