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


async def register_partners(graph: Graph, receiver_url: str, count: int) -> list[tuple[str, str]]:
    """`count` active services (with their LSOA) whose organisations get the bench endpoint."""
    rows = await graph.query(
        "MATCH (o:Organisation)-[:PROVIDES]->(s:Service {status: 'active'})"
        "-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(:Location)-[:IN]->(a:Area) "
        "RETURN DISTINCT o.id AS org, s.id AS service, a.code AS area ORDER BY s.id LIMIT $n",
        n=count,
    )
    for org in {r["org"] for r in rows}:
        await register_endpoint(graph, org, f"{receiver_url}/hook", allow_http=True)
    return [(r["service"], r["area"]) for r in rows]


async def measure(
    gateway: str,
    token: str,
    targets: list[tuple[str, str]],
    receiver: Receiver,
    total: int,
    concurrency: int,
) -> tuple[list[Row], float]:
    rng = random.Random(5)
    sent: dict[str, float] = {}
    created_ms: list[float] = []
    receiver.expected = total
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            service, area = rng.choice(targets)
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

    first = time.perf_counter()
    async with httpx.AsyncClient(timeout=60) as client:
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
    await asyncio.wait_for(receiver.done.wait(), timeout=600)
    elapsed = max(receiver.arrived.values()) - first
    e2e = [(receiver.arrived[rid] - t) * 1000 for rid, t in sent.items()]
    rate = total / elapsed
    return [
        Row.of(f"createReferral mutation (concurrency {concurrency})", created_ms),
        Row.of("referral → signed webhook received (end to end)", e2e, f"{rate:.1f} referrals/s"),
    ], rate
