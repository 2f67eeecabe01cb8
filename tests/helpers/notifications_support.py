"""Shared pieces for the notification tests: a scriptable partner endpoint, a partner
organisation in the graph, events published through the real outbox, and fast clocks."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from kith_common import outbox
from kith_common.egress import EgressPolicy
from kith_common.events import REFERRAL_RECEIVED, REFERRAL_REQUESTED, Event, EventType
from kith_common.graph import Graph
from kith_notifications.config import NotifyConfig
from kith_notifications.domain.breaker import BreakerPolicy
from kith_notifications.domain.retry import RetryPolicy
from nats.js import JetStreamContext
from neo4j import AsyncManagedTransaction
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support import eventually

LOOPBACK = EgressPolicy.from_env(
    {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
)


def fast_config(**overrides: object) -> NotifyConfig:
    """Production rules on a short clock: retries after ~0.2 s, leases of 3 s."""
    values: dict[str, object] = {
        "egress": LOOPBACK,
        "retry": RetryPolicy(
            base=timedelta(seconds=0.2),
            max_delay=timedelta(seconds=2),
            window=timedelta(seconds=60),
        ),
        "breaker": BreakerPolicy(
            threshold=5, cooldown=timedelta(seconds=1), max_cooldown=timedelta(seconds=2)
        ),
        "lease": timedelta(seconds=3),
        "http_timeout": 2.0,
        "poll": timedelta(milliseconds=50),
    }
    values.update(overrides)
    return NotifyConfig(**values)  # type: ignore[arg-type]


@dataclass
class Hit:
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Partner:
    """A partner's endpoint. `script` answers the next requests (status, headers, delay);
    once it is used up every request gets `status`."""

    status: int = 204
    script: list[tuple[int, dict[str, str], float]] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            body = await request.body()
            self.hits.append(Hit(dict(request.headers), body, time.monotonic()))
            status, headers, delay = self.script.pop(0) if self.script else (self.status, {}, 0.0)
            if delay:
                await asyncio.sleep(delay)  # a slow partner, not test synchronisation
            return Response(status_code=status, headers=headers)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])

    def events(self) -> list[Hit]:
        """Hits that are event deliveries (not verification pings)."""
        return [h for h in self.hits if not h.webhook_id.startswith("verify_")]

    def ids(self) -> set[str]:
        return {h.webhook_id for h in self.events()}


@dataclass(frozen=True)
class PartnerOrg:
    organisation_id: str
    service_id: str
    lsoa: str = "E01010568"
    msoa: str = "E02002183"
    lad: str = "E08000032"
    need: str = "food"


CREATE_ORG = """
MERGE (lad:Area {code: $lad}) SET lad:LAD, lad.level = 'LAD'
MERGE (msoa:Area {code: $msoa}) SET msoa:MSOA, msoa.level = 'MSOA'
MERGE (lsoa:Area {code: $lsoa}) SET lsoa:LSOA, lsoa.level = 'LSOA'
MERGE (lsoa)-[:PART_OF]->(msoa) MERGE (msoa)-[:PART_OF]->(lad)
MERGE (n:Need:TaxonomyTerm {code: $need}) ON CREATE SET n.id = randomUUID(), n.name = $need
CREATE (o:Organisation {id: $organisation_id, name: 'Test Food Bank'})
CREATE (o)-[:PROVIDES]->(s:Service {id: $service_id, name: 'Food parcels', status: 'active'})
CREATE (s)-[:AVAILABLE_AT]->(:ServiceAtLocation {id: randomUUID()})
       -[:AT]->(l:Location {id: randomUUID(), name: 'Hall'})-[:IN]->(lsoa)
CREATE (s)-[:MEETS]->(n)
"""


async def partner_org(graph: Graph, **areas: str) -> PartnerOrg:
    org = PartnerOrg(f"org-{uuid.uuid4().hex[:8]}", str(uuid.uuid4()), **areas)
    await graph.execute(CREATE_ORG, **org.__dict__)
    return org


def referral_event(
    org: PartnerOrg,
    referral_id: str | None = None,
    version: int = 1,
    event_type: EventType = REFERRAL_RECEIVED,
) -> Event:
    rid = referral_id or str(uuid.uuid4())
    data = {
        "referral_id": rid,
        "service_id": org.service_id,
        "to_organisation_id": org.organisation_id,
        "from_organisation_id": "org-gp-practice",
    }
    return Event(type=event_type, aggregate_id=rid, data=data, aggregate_version=version)


async def publish(graph: Graph, events: Iterable[Event]) -> None:
    """Write events to the outbox as a writing service would; a running relay publishes them."""
    batch = list(events)

    async def work(tx: AsyncManagedTransaction) -> None:
        await outbox.add(tx, *batch)

    await graph.write(work)


async def until(check: Callable[[], bool], within: float = 20.0) -> None:
    """`eventually` for a plain condition on what a receiver has seen."""

    async def probe() -> bool:
        return check()

    await eventually(probe, within=within)


async def recorder_caught_up(js: JetStreamContext) -> bool:
    """The recorder has acked everything in the stream (it acks only after committing)."""
    stream = await js.stream_info("KITH")
    info = await js.consumer_info("KITH", "notifications-recorder")
    return (
        info.num_pending == 0
        and info.num_ack_pending == 0
        and (info.ack_floor.stream_seq if info.ack_floor else 0) >= stream.state.last_seq
    )


@dataclass
class MovableClock:
    """The system clock plus an offset the test moves forward: a retry scheduled minutes
    ahead becomes due when the test says so, not after waiting for it."""

    offset: timedelta = timedelta(0)

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move_to(self, at: datetime) -> None:
        self.offset += max(at - self(), timedelta(0))


async def delivery_states(graph: Graph) -> dict[str, str]:
    rows = await graph.query("MATCH (d:Delivery) RETURN d.event_id AS event_id, d.status AS status")
    return {r["event_id"]: r["status"] for r in rows}


__all__ = ["REFERRAL_REQUESTED", "Partner", "PartnerOrg", "fast_config", "partner_org"]
