"""What an organisation receives: subscriptions as data. Each use case is one transaction that
checks the references (endpoint, services, areas, needs) before writing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.notifications.domain import InvalidInput, SubscriptionSpec

FIELDS = """
RETURN s.id AS id, s.channel AS channel, s.event_types AS event_types, s.email AS email,
       s.digest AS digest, s.service_ids AS service_ids, s.area_codes AS area_codes,
       s.need_codes AS need_codes, s.created_at AS created_at, s.updated_at AS updated_at,
       COLLECT { MATCH (s)-[:TO_ENDPOINT]->(e:WebhookEndpoint) RETURN e.id }[0] AS endpoint_id
"""

REFERENCES = """
RETURN
  $endpoint_id IS NULL OR EXISTS {
    MATCH (e:WebhookEndpoint {id: $endpoint_id, organisation_id: $organisation_id, active: true})
  } AS endpoint_ok,
  COLLECT { MATCH (:Organisation {id: $organisation_id})-[:PROVIDES]->(sv:Service)
            WHERE sv.id IN $service_ids RETURN sv.id } AS services,
  COLLECT { MATCH (a:Area) WHERE a.code IN $area_codes RETURN a.code } AS areas,
  COLLECT { MATCH (n:Need) WHERE n.code IN $need_codes RETURN n.code } AS needs
"""

CREATE = (
    """
MERGE (s:Subscription {idempotency_key: $key})
ON CREATE SET s += $props, s.id = randomUUID(), s.organisation_id = $organisation_id,
              s.active = true, s.created_at = datetime(), s.updated_at = datetime(),
              s._new = true
WITH s, coalesce(s._new, false) AS created REMOVE s._new
WITH s, created
CALL (s, created) {
  WITH s WHERE created
  OPTIONAL MATCH (o:Organisation {id: $organisation_id})
  OPTIONAL MATCH (e:WebhookEndpoint {id: $endpoint_id})
  FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (o)-[:HAS_SUBSCRIPTION]->(s))
  FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | MERGE (s)-[:TO_ENDPOINT]->(e))
}
WITH s, created, s.request_hash AS request_hash
"""
    + FIELDS
    + ", created, request_hash"
)

UPDATE = (
    """
MATCH (s:Subscription {id: $id, organisation_id: $organisation_id, active: true})
WHERE s.user_id IS NULL
SET s += $props, s.updated_at = datetime()
WITH s
CALL (s) {
  OPTIONAL MATCH (s)-[old:TO_ENDPOINT]->() DELETE old
}
CALL (s) {
  OPTIONAL MATCH (e:WebhookEndpoint {id: $endpoint_id})
  FOREACH (_ IN CASE WHEN e IS NULL THEN [] ELSE [1] END | MERGE (s)-[:TO_ENDPOINT]->(e))
}
WITH s
"""
    + FIELDS
)

REMOVE = """
MATCH (s:Subscription {id: $id, organisation_id: $organisation_id, active: true})
WHERE s.user_id IS NULL
SET s.active = false, s.removed_at = datetime()
RETURN s.id AS id
"""

LIST = (
    "MATCH (s:Subscription {organisation_id: $organisation_id, active: true})"
    " WHERE s.user_id IS NULL"  # a worker's own settings are theirs (personal.py)
    + FIELDS
    + " ORDER BY created_at, id"
)


class SubscriptionNotFound(LookupError):
    pass


class SubscriptionConflict(Exception):
    pass


def _props(spec: SubscriptionSpec) -> dict[str, Any]:
    props = asdict(spec)
    props.pop("endpoint_id")
    props = {k: list(v) if isinstance(v, tuple) else v for k, v in props.items()}
    props["request_hash"] = hashlib.sha256(json.dumps(props, sort_keys=True).encode()).hexdigest()
    return props


async def _check_references(
    tx: AsyncManagedTransaction, organisation_id: str, spec: SubscriptionSpec
) -> None:
    found = await (
        await tx.run(
            REFERENCES,
            organisation_id=organisation_id,
            endpoint_id=spec.endpoint_id,
            service_ids=list(spec.service_ids),
            area_codes=list(spec.area_codes),
            need_codes=list(spec.need_codes),
        )
    ).single(strict=True)
    if not found["endpoint_ok"]:
        raise SubscriptionNotFound(f"no webhook endpoint {spec.endpoint_id} in your organisation")
    for field, asked, known, what in (
        ("serviceIds", spec.service_ids, found["services"], "services of your organisation"),
        ("areaCodes", spec.area_codes, found["areas"], "known areas"),
        ("needCodes", spec.need_codes, found["needs"], "known needs"),
    ):
        missing = sorted(set(asked) - set(known))
        if missing:
            raise InvalidInput(field, f"not {what}: {', '.join(missing)}")


async def create(
    graph: Graph, organisation_id: str, key: str, spec: SubscriptionSpec
) -> tuple[dict[str, Any], bool]:
    props = _props(spec)

    async def work(tx: AsyncManagedTransaction) -> tuple[dict[str, Any], bool]:
        await _check_references(tx, organisation_id, spec)
        row = await (
            await tx.run(
                CREATE,
                key=f"{organisation_id}:{key}",
                props=props,
                organisation_id=organisation_id,
                endpoint_id=spec.endpoint_id,
            )
        ).single(strict=True)
        if not row["created"] and row["request_hash"] != props["request_hash"]:
            raise SubscriptionConflict(
                "this idempotency key was already used for another subscription"
            )
        return row.data(), bool(row["created"])

    return await graph.write(work)


async def update(
    graph: Graph, organisation_id: str, subscription_id: str, spec: SubscriptionSpec
) -> dict[str, Any]:
    async def work(tx: AsyncManagedTransaction) -> dict[str, Any]:
        await _check_references(tx, organisation_id, spec)
        row = await (
            await tx.run(
                UPDATE,
                id=subscription_id,
                organisation_id=organisation_id,
                props=_props(spec),
                endpoint_id=spec.endpoint_id,
            )
        ).single()
        if row is None:
            raise SubscriptionNotFound(f"no subscription {subscription_id} in your organisation")
        return row.data()

    return await graph.write(work)


async def remove(graph: Graph, organisation_id: str, subscription_id: str) -> None:
    rows = await graph.execute(REMOVE, id=subscription_id, organisation_id=organisation_id)
    if not rows:
        raise SubscriptionNotFound(f"no subscription {subscription_id} in your organisation")


async def listing(graph: Graph, organisation_id: str) -> list[dict[str, Any]]:
    return await graph.query(LIST, organisation_id=organisation_id)
