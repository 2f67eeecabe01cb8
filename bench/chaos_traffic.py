"""The chaos harness's load and its accounting: a small world (one referring practice, one
food bank with a webhook endpoint), referrals sent at a steady rate and retried with their own
idempotency key until answered, the partner's webhook receiver, and the final reckoning."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import nats
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_notifications.handlers import register_endpoint
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ORG_A, ORG_B, AREA = "org-chaos-gp", "org-chaos-foodbank", "E01010568"
SEED = """
MERGE (:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA'})
MERGE (b:Organisation {id: $org, name: 'Chaos food bank'})
MERGE (b)-[:PROVIDES]->(:Service {id: $service, name: 'Food parcels', status: 'active',
                                  organisation_id: $org})
"""
CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"""
CREATE = """mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  __typename ... on ReferralCreated { referral { id } } } }"""
SETTLE_SECONDS = 180.0


@dataclass
class World:
    service: str
    issuer: DevIssuer = field(default_factory=lambda: DevIssuer("http://chaos.test", "kith"))

    def issuer_app(self) -> Starlette:
        return issuer_app(self.issuer, {})

    def token(self) -> str:
        return self.issuer.mint("sp-chaos", ORG_A, ("social_prescriber",))

    def env(self, settings: Settings, nats_urls: list[str], issuer_url: str) -> dict[str, str]:
        return {
            "KITH_ENV": "test",
            "KITH_LOG_LEVEL": "warning",
            "NEO4J_URI": settings.neo4j_uri,
            "NATS_URL": ",".join(nats_urls),
            "KITH_JWT_ISSUER": self.issuer.issuer,
            "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
            "KITH_RATE_LIMITS": "off",
            "KITH_OUTBOX_POLL_MS": "50",
            "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",
            "KITH_WEBHOOK_RETRY_BASE_S": "0.5",
            "KITH_WEBHOOK_RETRY_MAX_DELAY_S": "2",
            "KITH_WEBHOOK_LEASE_S": "5",
            "KITH_NOTIFY_ACK_WAIT_S": "5",
        }


async def seed(graph: Graph, hook_url: str) -> World:
    world = World(service=str(uuid.uuid4()))
    await graph.execute(SEED, area=AREA, org=ORG_B, service=world.service)
    await register_endpoint(graph, ORG_B, hook_url, allow_http=True)
    return world


@dataclass
class Partner:
    """The food bank's endpoint: every POST it received, by webhook id and by referral."""

    posts: int = 0
    ids_by_referral: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            body = json.loads(await request.body())
            self.posts += 1
            referral = body["data"]["referral_id"]
            self.ids_by_referral[referral].add(request.headers["webhook-id"])
            return Response(status_code=204)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


@dataclass
class Traffic:
    world: World
    gateways: list[str]  # tried in turn: a dead replica's requests go to the next
    rate: float
    committed: set[str] = field(default_factory=set)
    retries: int = 0

    async def _until_answered(self, client: httpx.AsyncClient, query: str, given: Any) -> Any:
        headers = {"authorization": f"Bearer {self.world.token()}"}
        for attempt in itertools.count():
            gateway = self.gateways[attempt % len(self.gateways)]
            try:
                response = await client.post(
                    f"{gateway}/graphql",
                    json={"query": query, "variables": {"i": given}},
                    headers=headers,
                )
                if response.status_code == 200 and "errors" not in response.json():
                    return next(iter(response.json()["data"].values()))
            except httpx.HTTPError:
                pass
            self.retries += 1  # same idempotency key: a retry cannot make a second one
            await asyncio.sleep(0.5)
        raise AssertionError("unreachable")

    async def one(self, client: httpx.AsyncClient, n: int) -> None:
        pseudonym = f"CHAOS-{n:05d}"
        expires = (datetime.now(UTC) + timedelta(days=30)).isoformat()
        consent = {
            "idempotencyKey": f"chaos-consent-{n}",
            "personPseudonym": pseudonym,
            "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
            "sharedWithOrganisationIds": [ORG_B],
            "purpose": "REFERRAL",
            "method": "VERBAL",
            "expiresAt": expires,
        }
        await self._until_answered(client, CONSENT, consent)
        referral = {
            "idempotencyKey": f"chaos-referral-{n}",
            "personPseudonym": pseudonym,
            "homeArea": AREA,
            "serviceId": self.world.service,
            "reason": "chaos",
        }
        created = await self._until_answered(client, CREATE, referral)
        self.committed.add(created["referral"]["id"])

    async def run(self, seconds: float) -> None:
        """Start one referral every 1/rate s for `seconds`; wait for all to be answered."""
        started, tasks = time.monotonic(), []
        async with httpx.AsyncClient(timeout=120) as client:
            n = 0
            while time.monotonic() - started < seconds:
                tasks.append(asyncio.create_task(self.one(client, n)))
                n += 1
                await asyncio.sleep(1 / self.rate)
            await asyncio.gather(*tasks)


@dataclass
class Report:
    committed: int
    in_graph: int
    routed: int
    requested_events: int
    received_events: int
    pending_outbox: int
    webhook_ids: dict[str, int]
    posts: int
    retries: int
    faults: list[str]
    settled_in: float

    @property
    def problems(self) -> list[str]:
        n, found = self.committed, []
        for what, count in (
            ("referrals in the graph", self.in_graph),
            ("referrals routed (received)", self.routed),
            ("requested events in the stream", self.requested_events),
            ("received events in the stream", self.received_events),
            ("referrals the partner heard of", len(self.webhook_ids)),
        ):
            if count != n:
                found.append(f"{what}: {count}, expected {n}")
        doubled = [r for r, ids in self.webhook_ids.items() if ids != 1]
        if doubled:
            found.append(f"{len(doubled)} referrals reached the partner under several webhook ids")
        if self.pending_outbox:
            found.append(f"{self.pending_outbox} outbox rows never published")
        return found

    @property
    def ok(self) -> bool:
        return self.committed > 0 and not self.problems

    def text(self, elapsed: float) -> str:
        lines = [f"chaos: {self.committed} referrals answered ({self.retries} retried requests)"]
        lines += [f"  fault: {fault}" for fault in self.faults]
        lines.append(
            f"  in graph {self.in_graph}, routed {self.routed}, stream requested "
            f"{self.requested_events} / received {self.received_events}, outbox pending "
            f"{self.pending_outbox}, partner referrals {len(self.webhook_ids)} "
            f"({self.posts} POSTs), settled {self.settled_in:.1f} s after traffic; {elapsed:.0f} s"
        )
        lines += [f"  PROBLEM: {p}" for p in self.problems] or ["  no lost and no doubled events"]
        return "\n".join(lines)


# Every referral to the chaos service, answered or not: a doubled one would be counted too.
COUNTS = """
MATCH (r:Referral {service_id: $service})
RETURN count(r) AS in_graph, count(CASE WHEN r.status = 'received' THEN 1 END) AS routed
"""


async def _stream_counts(urls: list[str]) -> tuple[int, int]:
    nc = await nats.connect(servers=urls)
    try:
        js = nc.jetstream(timeout=10)
        info = await js.stream_info("KITH", subjects_filter="kith.referral.*")
        subjects = info.state.subjects or {}
        return subjects.get("kith.referral.requested", 0), subjects.get("kith.referral.received", 0)
    finally:
        await nc.close()


async def verify(
    graph: Graph, urls: list[str], traffic: Traffic, partner: Partner, faults: list[str]
) -> Report:
    """Wait (up to SETTLE_SECONDS) until every answered referral reached the partner and the
    outbox drained; then count everything."""
    ids, started = sorted(traffic.committed), time.monotonic()
    while time.monotonic() - started < SETTLE_SECONDS:
        pending = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
        if pending[0]["n"] == 0 and set(ids) <= set(partner.ids_by_referral):
            break
        await asyncio.sleep(0.5)
    settled = time.monotonic() - started
    (counts,) = await graph.query(COUNTS, service=traffic.world.service)
    pending = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
    requested, received = await _stream_counts(urls)
    return Report(
        committed=len(ids),
        in_graph=counts["in_graph"],
        routed=counts["routed"],
        requested_events=requested,
        received_events=received,
        pending_outbox=pending[0]["n"],
        webhook_ids={r: len(partner.ids_by_referral[r]) for r in partner.ids_by_referral},
        posts=partner.posts,
        retries=traffic.retries,
        faults=faults,
        settled_in=settled,
    )
