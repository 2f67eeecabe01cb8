"""The JetStream side: turn events into the deliveries they owe, one transaction per batch.

It only records work (webhook and email deliveries with their due time, inbox items); the
senders do the network calls. Everything is MERGEd on ids derived from the event id, so a
redelivered event records nothing twice, and messages are acked only after the commit: no
event is lost between JetStream and the schedule in the graph. A batch costs a handful of
statements whatever its size (subscriptions, service facts, then one UNWIND per channel).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from kith_common import tracing
from kith_common.events import Event
from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_notifications.config import Clock, system_clock
from kith_notifications.domain.routing import (
    ServiceFacts,
    SubscriptionView,
    digest_due,
    event_type_name,
    order_key,
    ordering_key,
    organisations_concerned,
    route,
    view_from_row,
)
from kith_notifications.webhooks import body_for

log = get_logger(__name__)

SUBSCRIPTIONS = """
UNWIND $organisation_ids AS org
MATCH (s:Subscription {organisation_id: org}) WHERE s.active
OPTIONAL MATCH (s)-[:TO_ENDPOINT]->(e:WebhookEndpoint {active: true})
RETURN s.id AS id, s.organisation_id AS organisation_id, s.channel AS channel,
       s.event_types AS event_types, e.id AS endpoint_id, s.digest AS digest,
       s.service_ids AS service_ids, s.area_codes AS area_codes, s.need_codes AS need_codes,
       s.user_id AS user_id
"""

# Areas: where the service is delivered (its locations' LSOAs) and the areas it covers, each
# with the MSOA and LAD it is part of, so a filter on a district matches its neighbourhoods.
SERVICE_FACTS = """
UNWIND $service_ids AS service_id
MATCH (s:Service {id: service_id})
RETURN s.id AS service_id,
       COLLECT {
         MATCH (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(:Location)-[:IN]->(:Area)
               -[:PART_OF*0..2]->(a:Area)
         RETURN DISTINCT a.code
       } + COLLECT {
         MATCH (s)-[:COVERS]->(:Area)-[:PART_OF*0..2]->(a:Area) RETURN DISTINCT a.code
       } AS areas,
       COLLECT { MATCH (s)-[:MEETS]->(n:Need) RETURN DISTINCT n.code } AS needs
"""

EVENT_FIELDS = """
  d.event_id = row.event_id, d.subject = row.subject, d.type = row.type_name,
  d.aggregate_id = row.aggregate_id, d.occurred_at = row.occurred_at, d.body = row.body,
  d.organisation_id = row.organisation_id, d.status = 'pending', d.attempts = 0,
  d.created_at = $now, d.traceparent = row.traceparent"""

RECORD_WEBHOOKS = (
    """
UNWIND $rows AS row
MATCH (e:WebhookEndpoint {id: row.endpoint_id})
MERGE (d:Delivery {id: row.id})
ON CREATE SET d:DeliveryPending, d.channel = 'webhook', d.endpoint_id = row.endpoint_id,
  d.order_key = row.order_key, d.ordering_key = row.ordering_key,
  d.window_start = $now, d.next_attempt_at = $now,"""
    + EVENT_FIELDS
    + """
MERGE (d)-[:TO_ENDPOINT]->(e)
"""
)

RECORD_EMAILS = (
    """
UNWIND $rows AS row
MATCH (s:Subscription {id: row.subscription_id})
MERGE (d:Delivery {id: row.id})
ON CREATE SET d:EmailPending, d.channel = 'email', d.subscription_id = row.subscription_id,
  d.window_start = row.due, d.next_attempt_at = row.due,"""
    + EVENT_FIELDS
    + """
MERGE (d)-[:FOR_SUBSCRIPTION]->(s)
"""
)

RECORD_INBOX = """
UNWIND $rows AS row
MERGE (i:InboxItem {id: row.id})
ON CREATE SET i.organisation_id = row.organisation_id, i.event_id = row.event_id,
              i.type = row.type_name, i.aggregate_id = row.aggregate_id,
              i.occurred_at = row.occurred_at, i.body = row.body, i.recorded_at = datetime()
"""


async def _rows(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() async for record in await tx.run(query, **params)]


def _event_fields(event: Event, public_base_url: str) -> dict[str, Any]:
    return {
        "event_id": event.id,
        "subject": event.subject,
        "type_name": event_type_name(event),
        "aggregate_id": event.aggregate_id,
        "occurred_at": event.occurred_at,
        "body": body_for(event, public_base_url),
        # The sender's attempts, much later, continue the event's trace from here.
        "traceparent": tracing.traceparent_for(event.id),
    }


async def _service_facts(
    tx: AsyncManagedTransaction, events: Sequence[Event], subs: list[SubscriptionView]
) -> dict[str, ServiceFacts]:
    ids = sorted({e.data["service_id"] for e in events if e.data.get("service_id")})
    facts = {sid: ServiceFacts(sid) for sid in ids}
    if ids and any(s.filtered for s in subs):
        for row in await _rows(tx, SERVICE_FACTS, service_ids=ids):
            sid = row["service_id"]
            facts[sid] = ServiceFacts(sid, frozenset(row["areas"]), frozenset(row["needs"]))
    return facts


class _Plan:
    """The rows a batch of events writes, channel by channel."""

    def __init__(self, public_base_url: str, now: datetime) -> None:
        self.base, self.now = public_base_url, now
        self.webhooks: list[dict[str, Any]] = []
        self.emails: list[dict[str, Any]] = []
        self.inbox: list[dict[str, Any]] = []

    def add(self, event: Event, subs: list[SubscriptionView], facts: ServiceFacts | None) -> None:
        where = route(event, subs, facts)
        fields = _event_fields(event, self.base)
        for org, endpoint in where.endpoint_ids:
            self.webhooks.append(
                {
                    **fields,
                    "id": f"{event.id}:{endpoint}",
                    "endpoint_id": endpoint,
                    "organisation_id": org,
                    "order_key": order_key(event),
                    "ordering_key": ordering_key(endpoint, event),
                }
            )
        for sub in where.emails:
            self.emails.append(
                {
                    **fields,
                    "id": f"{event.id}:{sub.id}",
                    "subscription_id": sub.id,
                    "organisation_id": sub.organisation_id,
                    "due": digest_due(sub.digest, self.now),
                }
            )
        for org in where.inbox_organisations:
            self.inbox.append({**fields, "id": f"{event.id}:{org}", "organisation_id": org})

    @property
    def size(self) -> int:
        return len(self.webhooks) + len(self.emails) + len(self.inbox)


async def record_events(
    graph: Graph, events: Sequence[Event], public_base_url: str, clock: Clock = system_clock
) -> int:
    """Record every delivery `events` owe, in one transaction, due now on `clock`; returns
    how many there are."""
    concerned = {e.id: organisations_concerned(e) for e in events}
    organisations = sorted({org for orgs in concerned.values() for org in orgs})

    async def work(tx: AsyncManagedTransaction) -> int:
        found = await _rows(tx, SUBSCRIPTIONS, organisation_ids=organisations)
        subs = [view_from_row(row) for row in found]
        if not subs:
            return 0
        facts = await _service_facts(tx, events, subs)
        plan = _Plan(public_base_url, clock())
        for event in events:
            mine = [s for s in subs if s.organisation_id in concerned[event.id]]
            plan.add(event, mine, facts.get(event.data.get("service_id", "")))
        for query, rows in (
            (RECORD_WEBHOOKS, plan.webhooks),
            (RECORD_EMAILS, plan.emails),
            (RECORD_INBOX, plan.inbox),
        ):
            if rows:
                await _rows(tx, query, rows=rows, now=plan.now)
        return plan.size

    count = await graph.write(work) if organisations else 0
    log.info("events_recorded", events=len(events), destinations=count)
    return count
