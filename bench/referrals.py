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
from kith_notifications.handlers import register_endpoint
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.stats import Row

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


async def measure(
    gateway: str,
    token: str,
    targets: list[tuple[str, str, str]],
    receiver: Receiver,
    total: int,
    concurrency: int,
) -> tuple[list[Row], float]:
    rng = random.Random(5)
    sent: dict[str, float] = {}
    created_ms: list[float] = []
    receiver.expected = total
    plan = {i: rng.choice(targets) for i in range(total)}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            service, area, _ = plan[i]
            variables = {
                "input": {
                    "idempotencyKey": f"bench-{uuid.uuid4()}",
                    "personPseudonym": f"BENCH-{i:06d}",
                    "homeArea": area,
                    "serviceId": service,
                    "reason": "benchmark referral",
                }
            }
            started = time.perf_counter()
            response = await client.post(
                f"{gateway}/graphql",
                json={"query": CREATE, "variables": variables},
                headers={"authorization": f"Bearer {token}"},
            )
            created_ms.append((time.perf_counter() - started) * 1000)
            result = response.json()["data"]["createReferral"]
            sent[result["referral"]["id"]] = started

    async with httpx.AsyncClient(timeout=60) as client:
        consents = [(i, org) for i, (_, _, org) in plan.items()]
        await record_consents(client, gateway, token, consents, concurrency)
        first = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    await asyncio.wait_for(receiver.done.wait(), timeout=600)
    elapsed = max(receiver.arrived.values()) - first
    e2e = [(receiver.arrived[rid] - t) * 1000 for rid, t in sent.items()]
    rate = total / elapsed
    return [
        Row.of(f"createReferral mutation (concurrency {concurrency})", created_ms),
        Row.of("referral → signed webhook received (end to end)", e2e, f"{rate:.1f} referrals/s"),
    ], rate
