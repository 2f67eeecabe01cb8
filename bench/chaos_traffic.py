"""The chaos harness's load and its accounting: a small world (one referring practice, one
food bank with a webhook endpoint), referrals sent at a steady rate and retried with their own
idempotency key until answered (counting how each failed attempt failed), and the partner's
webhook receiver."""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
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
            # While Neo4j is down, a request gives up after 5 s of retries (not the default 30)
            # and is answered with the typed, retryable error the client then repeats.
            "KITH_NEO4J_RETRY_S": "5",
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


RETRYABLE = "503 UNAVAILABLE (typed, retryable)"
UNREACHABLE = "no answer (connection refused or reset)"


def failure_kind(response: httpx.Response) -> str:
    """How a request failed: the clean refusal (`RETRYABLE`) or what was wrong with it."""
    try:
        errors = response.json().get("errors") or []
    except ValueError:
        return f"{response.status_code} not JSON"
    codes = sorted({str((e.get("extensions") or {}).get("code")) for e in errors})
    retryable = all((e.get("extensions") or {}).get("retryable") is True for e in errors)
    if response.status_code == 503 and codes == ["UNAVAILABLE"] and retryable:
        return RETRYABLE
    return f"{response.status_code} {'/'.join(codes) or 'no error code'}"


@dataclass
class Traffic:
    world: World
    gateways: list[str]  # tried in turn: a dead replica's requests go to the next
    rate: float
    committed: set[str] = field(default_factory=set)
    retries: int = 0
    failures: Counter[str] = field(default_factory=Counter)  # by `failure_kind`

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
                self.failures[failure_kind(response)] += 1
                wait = float(response.headers.get("retry-after", 0.5))
            except httpx.HTTPError:
                self.failures[UNREACHABLE] += 1
                wait = 0.5
            self.retries += 1  # same idempotency key: a retry cannot make a second one
            await asyncio.sleep(wait * random.uniform(0.5, 1.5))  # as asked, with jitter
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
