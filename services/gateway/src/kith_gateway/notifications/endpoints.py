"""Webhook endpoints of the caller's organisation: register (then the notifications service
pings it), re-verify, rotate the secret with an overlap, list, remove. Every query is scoped to the
organisation, so another organisation's endpoint is simply not found."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta
from typing import Any

from kith_common import tracing
from kith_common.egress import EgressPolicy, UrlRejected, default_port
from kith_common.envelope import KeyRing
from kith_common.graph import Graph

from kith_gateway.notifications.domain import SECRET_CONTEXT, InvalidInput, new_secret

FIELDS = """
RETURN e.id AS id, e.url AS url, e.status AS status, e.created_at AS created_at,
       e.verified_at AS verified_at, e.verification_error AS verification_error,
       e.verification_status_code AS verification_status_code,
       coalesce(e.circuit, 'closed') AS circuit, e.blocked_until AS blocked_until,
       CASE WHEN e.previous_secret_expires_at > datetime() THEN e.previous_secret_expires_at
       END AS previous_secret_valid_until
"""

# MERGE on the organisation-scoped key: a retried registration finds the first endpoint.
REGISTER = (
    """
MERGE (e:WebhookEndpoint {idempotency_key: $key})
ON CREATE SET e.id = randomUUID(), e.organisation_id = $organisation_id, e.url = $url,
              e.secret = $secret, e.status = 'verifying', e.active = true,
              e.created_at = datetime(), e.verify_traceparent = $traceparent, e._new = true
WITH e, coalesce(e._new, false) AS created REMOVE e._new
WITH e, created
OPTIONAL MATCH (o:Organisation {id: $organisation_id})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (o)-[:HAS_ENDPOINT]->(e))
WITH e, created, e.secret AS secret
"""
    + FIELDS
    + ", created, secret"
)

LIST = "MATCH (e:WebhookEndpoint {organisation_id: $organisation_id, active: true})" + FIELDS
ONE = (
    "MATCH (e:WebhookEndpoint {organisation_id: $organisation_id, id: $id, active: true})" + FIELDS
)

REVERIFY = (
    """
MATCH (e:WebhookEndpoint {organisation_id: $organisation_id, id: $id, active: true})
SET e.status = 'verifying', e.verification_error = null, e.verify_lease_until = null,
    e.verify_traceparent = $traceparent
WITH e
"""
    + FIELDS
)

# A repeated rotation with the same key returns the secret it made instead of rotating again.
ROTATE = (
    """
MATCH (e:WebhookEndpoint {organisation_id: $organisation_id, id: $id, active: true})
CALL (e) {
  WITH e WHERE coalesce(e.rotation_key, '') <> $key
  SET e.previous_secret = e.secret, e.secret = $secret, e.rotation_key = $key,
      e.previous_secret_expires_at = datetime() + duration({seconds: $overlap}),
      e.rotated_at = datetime()
}
WITH e, e.secret AS secret
"""
    + FIELDS
    + ", secret"
)


# Removing stops the endpoint and the subscriptions that send to it (the sender only sends to
# active endpoints); the delivery log stays. Removing it again finds it already removed.
REMOVE = """
MATCH (e:WebhookEndpoint {organisation_id: $organisation_id, id: $id})
SET e.active = false, e.removed_at = coalesce(e.removed_at, datetime())
WITH e
CALL (e) {
  OPTIONAL MATCH (s:Subscription {active: true})-[:TO_ENDPOINT]->(e)
  SET s.active = false, s.removed_at = datetime()
}
RETURN e.id AS id
"""


class EndpointNotFound(LookupError):
    pass


def _revealed(row: dict[str, Any], keys: KeyRing) -> dict[str, Any]:
    """The row with the secret the admin is shown once, opened."""
    return {**row, "secret": keys.reveal(row["secret"], SECRET_CONTEXT)}


async def check_url(url: str, policy: EgressPolicy) -> str:
    """Against the deployment's egress rules (the gateway and the notifications service read
    the same variables: KITH_ENV, KITH_WEBHOOK_ALLOWED_NETWORKS)."""
    try:
        parts = policy.check_url(url)
        assert parts.hostname is not None
        await policy.resolve(parts.hostname, default_port(parts))
    except UrlRejected as exc:
        raise InvalidInput("url", str(exc)) from None
    return url.strip()


async def register(
    graph: Graph, organisation_id: str, key: str, url: str, keys: KeyRing
) -> dict[str, Any]:
    rows = await graph.execute(
        REGISTER,
        organisation_id=organisation_id,
        key=f"{organisation_id}:{key}",
        url=url,
        secret=keys.seal(new_secret(), SECRET_CONTEXT),
        traceparent=tracing.current_traceparent(),  # the notifications service's ping joins it
    )
    if rows[0]["url"] != url:
        raise InvalidInput("idempotencyKey", "this key was already used for a different URL")
    return _revealed(rows[0], keys)


async def wait_for_verification(
    graph: Graph, organisation_id: str, endpoint_id: str, within: timedelta
) -> dict[str, Any]:
    """The endpoint once the notifications service has pinged it, or as it is at the deadline
    (status `verifying`: the client can ask again with `webhookEndpoints`)."""
    deadline = time.monotonic() + within.total_seconds()
    while True:
        row = await one(graph, organisation_id, endpoint_id)
        if row["status"] != "verifying" or time.monotonic() >= deadline:
            return row
        await asyncio.sleep(0.1)


async def one(graph: Graph, organisation_id: str, endpoint_id: str) -> dict[str, Any]:
    rows = await graph.query(ONE, organisation_id=organisation_id, id=endpoint_id)
    if not rows:
        raise EndpointNotFound(f"no webhook endpoint {endpoint_id} in your organisation")
    return rows[0]


async def listing(graph: Graph, organisation_id: str) -> list[dict[str, Any]]:
    return await graph.query(LIST + " ORDER BY e.created_at", organisation_id=organisation_id)


async def reverify(graph: Graph, organisation_id: str, endpoint_id: str) -> dict[str, Any]:
    rows = await graph.execute(
        REVERIFY,
        organisation_id=organisation_id,
        id=endpoint_id,
        traceparent=tracing.current_traceparent(),
    )
    if not rows:
        raise EndpointNotFound(f"no webhook endpoint {endpoint_id} in your organisation")
    return rows[0]


async def rotate(
    graph: Graph,
    organisation_id: str,
    endpoint_id: str,
    key: str,
    overlap: timedelta,
    keys: KeyRing,
) -> dict[str, Any]:
    rows = await graph.execute(
        ROTATE,
        organisation_id=organisation_id,
        id=endpoint_id,
        key=key,
        secret=keys.seal(new_secret(), SECRET_CONTEXT),
        overlap=int(overlap.total_seconds()),
    )
    if not rows:
        raise EndpointNotFound(f"no webhook endpoint {endpoint_id} in your organisation")
    return _revealed(rows[0], keys)


async def remove(graph: Graph, organisation_id: str, endpoint_id: str) -> None:
    rows = await graph.execute(REMOVE, organisation_id=organisation_id, id=endpoint_id)
    if not rows:
        raise EndpointNotFound(f"no webhook endpoint {endpoint_id} in your organisation")
