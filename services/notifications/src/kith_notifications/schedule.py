"""The delivery schedule in the graph: claim due work under a lease, record each attempt.

Any replica may run the senders. A claim takes the write lock on each row *before* re-reading
its lease (the `SET _lock` idiom: Cypher otherwise reads a property before locking and two
replicas could both see a free row), so exactly one replica owns an attempt; an attempt is
recorded only by the lease's owner. A replica that dies mid-attempt leaves a lease that
expires, and the delivery is attempted again (same webhook-id: at-least-once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.locks import write_lock
from neo4j import AsyncManagedTransaction

from kith_notifications.domain.breaker import Breaker

# Endpoints that may be sent to now, each with its oldest due deliveries that are first in
# their aggregate's queue (ordering), limited per endpoint (fairness) and overall (capacity).
# Only a read: the rows are leased by LEASE below, which re-checks them under the lock.
WEBHOOK_CANDIDATES = """
MATCH (e:WebhookEndpoint {status: 'verified', active: true})
WHERE (e.blocked_until IS NULL OR e.blocked_until <= $now) AND NOT e.id IN $busy
CALL (e) {
  MATCH (d:DeliveryPending {endpoint_id: e.id})
  WHERE d.next_attempt_at <= $now AND (d.lease_until IS NULL OR d.lease_until <= $now)
    AND NOT EXISTS {
      MATCH (p:DeliveryPending {ordering_key: d.ordering_key}) WHERE p.order_key < d.order_key
    }
  WITH d ORDER BY d.next_attempt_at, d.order_key LIMIT $per_endpoint
  RETURN collect(d) AS candidates
}
WITH e, coalesce(e.circuit, 'closed') AS circuit, candidates
UNWIND CASE circuit WHEN 'closed' THEN candidates ELSE candidates[..1] END AS d
WITH e, circuit, d ORDER BY d.next_attempt_at LIMIT $limit
RETURN e.id AS endpoint_id, circuit, collect(d.id) AS ids
"""

# Each statement below takes the write lock (`SET _lock`) before it reads what it decides on.
# They are separate statements on purpose: within one statement Cypher may reuse a property
# value it read before the lock, and then two replicas could both see a free row.

# An endpoint whose circuit is open lets one probe through, and stays blocked while it is out.
START_PROBE = f"""
MATCH (e:WebhookEndpoint {{id: $endpoint_id}})
{write_lock("e")}
WITH e WHERE e.blocked_until IS NULL OR e.blocked_until <= $now
SET e.circuit = 'half-open', e.blocked_until = $lease_until
RETURN e.id AS id
"""

LEASE = f"""
UNWIND $ids AS id
MATCH (d:Delivery {{id: id}})
{write_lock("d")}
WITH d WHERE d.status = 'pending' AND (d.lease_until IS NULL OR d.lease_until <= $now)
SET d.lease_until = $lease_until, d.lease_owner = $owner
RETURN d.id AS id
"""

# LEASE, then what the sender needs to sign and send each leased delivery.
LEASE_WEBHOOKS = (
    LEASE.removesuffix("RETURN d.id AS id\n")
    + """WITH d MATCH (d)-[:TO_ENDPOINT]->(e:WebhookEndpoint)
RETURN d.id AS id, d.event_id AS event_id, d.body AS body, d.attempts AS attempts,
       d.window_start AS window_start, d.traceparent AS traceparent,
       e.id AS endpoint_id, e.url AS url, e.secret AS secret,
       coalesce(e.circuit, 'closed') AS circuit, coalesce(e.failures, 0) AS failures,
       CASE WHEN e.previous_secret_expires_at > $now THEN e.previous_secret END AS previous_secret
"""
)

LOCK_ENDPOINT = f"""
MATCH (e:WebhookEndpoint {{id: $endpoint_id}})
{write_lock("e")}
RETURN coalesce(e.circuit, 'closed') AS state, coalesce(e.failures, 0) AS failures,
       coalesce(e.opens, 0) AS opens, e.blocked_until AS blocked_until
"""

SAVE_BREAKER = """
MATCH (e:WebhookEndpoint {id: $endpoint_id})
SET e.circuit = $state, e.failures = $failures, e.opens = $opens, e.blocked_until = $blocked_until
"""

# `status` is pending (retry at `next`), delivered or dead; only the lease owner records.
RECORD_ATTEMPTS = f"""
UNWIND $rows AS row
MATCH (d:Delivery {{id: row.id}})
{write_lock("d")}
WITH d, row WHERE d.lease_owner = $owner
SET d.attempts = d.attempts + 1, d.status = row.status, d.next_attempt_at = row.next,
    d.last_attempt_at = $now, d.last_status_code = row.status_code, d.last_error = row.error,
    d.lease_until = null, d.lease_owner = null,
    d.delivered_at = CASE WHEN row.status = 'delivered' THEN $now ELSE d.delivered_at END,
    d.dead_at = CASE WHEN row.status = 'dead' THEN $now ELSE null END
FOREACH (_ IN CASE WHEN row.status <> 'pending' THEN [1] ELSE [] END |
  REMOVE d:DeliveryPending:EmailPending)
CREATE (d)-[:ATTEMPT]->(:DeliveryAttempt {{
  n: d.attempts, at: $now, status_code: row.status_code, ms: row.ms, error: row.error
}})
RETURN d.id AS id
"""


@dataclass(frozen=True)
class Attempt:
    delivery_id: str
    status: str  # pending | delivered | dead
    next_attempt_at: datetime | None
    status_code: int | None
    ms: float
    error: str | None


def native(value: Any) -> datetime | None:
    """Neo4j temporal → Python datetime (None stays None)."""
    return None if value is None else value.to_native()


async def rows(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [record.data() async for record in await tx.run(query, **params)]


async def lease(
    tx: AsyncManagedTransaction, ids: list[str], owner: str, now: datetime, until: datetime
) -> list[str]:
    """Lease the still-free deliveries among `ids` to `owner`; returns the ones we got."""
    leased = await rows(tx, LEASE, ids=ids, owner=owner, now=now, lease_until=until)
    return [row["id"] for row in leased]


async def lock_breaker(tx: AsyncManagedTransaction, endpoint_id: str) -> Breaker:
    row = await (await tx.run(LOCK_ENDPOINT, endpoint_id=endpoint_id)).single(strict=True)
    return Breaker(row["state"], row["failures"], row["opens"], native(row["blocked_until"]))


async def save_breaker(tx: AsyncManagedTransaction, endpoint_id: str, breaker: Breaker) -> None:
    await (
        await tx.run(
            SAVE_BREAKER,
            endpoint_id=endpoint_id,
            state=breaker.state,
            failures=breaker.failures,
            opens=breaker.opens,
            blocked_until=breaker.blocked_until,
        )
    ).consume()


async def record_attempts(
    tx: AsyncManagedTransaction, attempts: list[Attempt], owner: str, now: datetime
) -> set[str]:
    """Record attempts in one statement; returns the ids recorded (the others' leases were
    lost: another replica owns them now)."""
    params = [
        {
            "id": a.delivery_id,
            "status": a.status,
            "next": a.next_attempt_at,
            "status_code": a.status_code,
            "ms": a.ms,
            "error": a.error,
        }
        for a in attempts
    ]
    found = await rows(tx, RECORD_ATTEMPTS, rows=params, owner=owner, now=now)
    return {row["id"] for row in found}
