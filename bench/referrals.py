"""Referral throughput end to end: createReferral → outbox → JetStream → router →
notifications → signed webhook received by a partner endpoint."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass, field

import httpx
from kith_common.graph import Graph
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals.domain import validate_new_referral
from kith_gateway.referrals.handlers import create_referral
from kith_notifications.handlers import register_endpoint
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.timing import Stopwatch, paced, time_each

CREATE = """mutation($input: CreateReferralInput!) { createReferral(input: $input) {
  __typename ... on ReferralCreated { referral { id } } } }"""
CONSENT = (
    """mutation($input: RecordConsentInput!) { recordConsent(input: $input) { __typename } }"""
)


@dataclass
class Receiver:
    arrived: dict[str, float] = field(default_factory=dict)
    done: asyncio.Event = field(default_factory=asyncio.Event)
    expected: int = 0

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            body = json.loads(await request.body())
            self.arrived.setdefault(body["data"]["referral_id"], time.perf_counter())
            if len(self.arrived) >= self.expected:
                self.done.set()
            return Response(status_code=204)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


async def register_partners(
    graph: Graph, receiver_url: str, count: int
) -> list[tuple[str, str, str]]:
    """`count` active services (with their LSOA and organisation) whose organisations get the
    bench endpoint."""
    rows = await graph.query(
        "MATCH (o:Organisation)-[:PROVIDES]->(s:Service {status: 'active'})"
        "-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(:Location)-[:IN]->(a:Area) "
        "RETURN DISTINCT o.id AS org, s.id AS service, a.code AS area ORDER BY s.id LIMIT $n",
        n=count,
    )
    for org in {r["org"] for r in rows}:
        await register_endpoint(graph, org, f"{receiver_url}/hook", allow_http=True)
    return [(r["service"], r["area"], r["org"]) for r in rows]


async def record_consents(
    client: httpx.AsyncClient, gateway: str, token: str, plan: list[tuple[int, str]], workers: int
) -> None:
    """No referral without consent: each benchmark person consents to its target organisation
    first (not timed)."""
    queue = list(plan)

    async def worker() -> None:
        while queue:
            i, org = queue.pop()
            given = {
                "idempotencyKey": f"bench-consent-{uuid.uuid4()}",
                "personPseudonym": f"BENCH-{i:06d}",
                "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
                "sharedWithOrganisationIds": [org],
                "purpose": "REFERRAL",
                "method": "DIGITAL",
                "expiresAt": "2099-01-01T00:00:00Z",
            }
            response = await client.post(
                f"{gateway}/graphql",
                json={"query": CONSENT, "variables": {"input": given}},
                headers={"authorization": f"Bearer {token}"},
            )
            assert response.json()["data"]["recordConsent"]["__typename"] == "ConsentRecorded"

    await asyncio.gather(*(worker() for _ in range(workers)))


@dataclass(frozen=True)
class Created:
    """A burst of referrals: each mutation's time, the burst's rate, and end to end times."""

    created_ms: list[float]
    created_per_s: float
    e2e_ms: list[float]
    e2e_per_s: float


async def measure(
    gateway: str,
    token: str,
    targets: list[tuple[str, str, str]],
    receiver: Receiver,
    total: int,
    concurrency: int,
) -> Created:
    rng = random.Random(5)
    sent: dict[str, float] = {}
    plan = {i: rng.choice(targets) for i in range(total)}
    receiver.arrived.clear()
    receiver.done = asyncio.Event()
    receiver.expected = total

    async with httpx.AsyncClient(timeout=60) as client:

        async def create(i: int) -> None:
            started = time.perf_counter()
            response = await client.post(
                f"{gateway}/graphql",
                json=_create_body(i, plan),
                headers={"authorization": f"Bearer {token}"},
            )
            sent[response.json()["data"]["createReferral"]["referral"]["id"]] = started

        consents = [(i, org) for i, (_, _, org) in plan.items()]
        await record_consents(client, gateway, token, consents, concurrency)
        with Stopwatch() as burst:
            created_ms = await time_each(range(total), create, concurrency=concurrency)
    await asyncio.wait_for(receiver.done.wait(), timeout=600)
    elapsed = max(receiver.arrived.values()) - burst.started
    e2e = [(receiver.arrived[rid] - t) * 1000 for rid, t in sent.items()]
    return Created(created_ms, total / burst.seconds, e2e, total / elapsed)


def _create_body(i: int, plan: dict[int, tuple[str, str, str]]) -> dict[str, object]:
    service, area, _ = plan[i]
    given = {
        "idempotencyKey": f"bench-{uuid.uuid4()}",
        "personPseudonym": f"BENCH-{i:06d}",
        "homeArea": area,
        "serviceId": service,
        "reason": "benchmark referral",
    }
    return {"query": CREATE, "variables": {"input": given}}


async def steady(
    gateway: str,
    token: str,
    targets: list[tuple[str, str, str]],
    receiver: Receiver,
    rate: float,
    seconds: float,
) -> list[float]:
    """Referrals created at a steady `rate` per second (an open load); for each, milliseconds
    from its commit (the mutation's answer) to its signed webhook arriving at the partner."""
    rng = random.Random(9)
    total = int(rate * seconds)
    offset = 500_000  # people of their own: the throughput run's referrals stay apart
    plan = {offset + i: rng.choice(targets) for i in range(total)}
    receiver.arrived.clear()
    receiver.done = asyncio.Event()
    receiver.expected = total
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=64)) as client:
        consents = [(i, org) for i, (_, _, org) in plan.items()]
        await record_consents(client, gateway, token, consents, 8)

        async def create(i: int) -> tuple[str, float] | None:
            body = _create_body(i, plan)
            response = await client.post(f"{gateway}/graphql", json=body, headers=headers)
            committed = time.perf_counter()
            answer = response.json()
            if not answer.get("data"):  # counted, not fatal: the figure says how many failed
                print(f"createReferral failed: {response.status_code} {answer}", flush=True)
                return None
            return answer["data"]["createReferral"]["referral"]["id"], committed

        created = [c for c in await paced(rate, sorted(plan), create) if c is not None]
    receiver.expected = len(created)
    if len(receiver.arrived) >= len(created):
        receiver.done.set()
    await asyncio.wait_for(receiver.done.wait(), timeout=600)
    return [(receiver.arrived[rid] - at) * 1000 for rid, at in created]


async def through_driver(
    graph: Graph, org: str, targets: list[tuple[str, str, str]], count: int
) -> list[float]:
    """createReferral's own unit of work (its Cypher through the driver, no HTTP or GraphQL),
    for people who consented in the HTTP runs (BENCH-000000 onwards, same targets)."""
    rng = random.Random(5)
    plan = {i: rng.choice(targets) for i in range(count)}
    scope = Scope("bench", org, True, False, "direct_care")

    async def create(i: int) -> None:
        service, area, _ = plan[i]
        new = validate_new_referral(
            idempotency_key=f"bench-raw-{uuid.uuid4()}",
            person_pseudonym=f"BENCH-{i:06d}",
            home_area=area,
            service_id=service,
            reason="benchmark referral",
            from_organisation_id=org,
        )
        await create_referral(graph, scope, new)

    return await time_each(range(count), create)
