"""Router use cases. Each handler is idempotent: a redelivered event changes nothing twice.

The router moves referrals with the same lifecycle as the gateway (`kith_referrals`): it is
the `router` actor, and the lifecycle decides whether `receive` applies. A referral that is
no longer `requested` (already received, or cancelled meanwhile) is left alone, which is what
makes a redelivery a no-op.
"""

from __future__ import annotations

from typing import Any

from kith_common import outbox
from kith_common.events import REFERRAL_RECEIVED, Event
from kith_common.graph import Graph
from kith_common.logging import get_logger
from kith_referrals import Action, Actor, Command, LifecycleError, Status, Transition, decide
from neo4j import AsyncManagedTransaction

log = get_logger(__name__)

# Lock first, read after: a concurrent cancel that commits first is seen, not overwritten.
LOCK = """
MATCH (r:Referral {id: $referral_id})
SET r._lock = true
REMOVE r._lock
RETURN r.id AS id
"""

LOAD = "MATCH (r:Referral {id: $referral_id}) RETURN r.status AS status, r.version AS version"

SAVE = """
MATCH (r:Referral {id: $referral_id})
SET r.status = $to, r.version = $version, r.received_at = $at, r.updated_at = $at
CREATE (r)-[:CHANGED]->(:StatusChange {
  referral_id: r.id, from: $from, to: $to, action: $action, version: $version, at: $at,
  actor: $actor, by_user: $by_user, event_id: $event_id
})
"""


async def _load(tx: AsyncManagedTransaction, referral_id: str) -> dict[str, Any] | None:
    if await (await tx.run(LOCK, referral_id=referral_id)).single() is None:
        return None
    row = await (await tx.run(LOAD, referral_id=referral_id)).single(strict=True)
    return row.data()


async def _save(
    tx: AsyncManagedTransaction, referral_id: str, change: Transition, version: int, event: Event
) -> None:
    params: dict[str, Any] = {
        "referral_id": referral_id,
        "from": change.source.value,
        "to": change.target.value,
        "version": version,
        "at": change.at,
        "action": change.action.value,
        "actor": change.actor.kind.value,
        "by_user": change.actor.user_id,
        "event_id": event.id,
    }
    await (await tx.run(SAVE, params)).consume()


async def deliver_referral(graph: Graph, event: Event) -> None:
    """On `referral.requested`: mark the referral received by its organisation."""
    referral_id = event.data["referral_id"]

    async def work(tx: AsyncManagedTransaction) -> None:
        row = await _load(tx, referral_id)
        if row is None:
            log.warning("referral_missing", referral_id=referral_id)
            return
        try:
            change = decide(Status(row["status"]), Command(Action.RECEIVE, Actor.router()))
        except LifecycleError:
            return  # already delivered, or stopped before delivery: nothing to do
        version = row["version"] + 1
        received = event.derive(REFERRAL_RECEIVED, dict(event.data), version=version)
        await _save(tx, referral_id, change, version, received)
        await outbox.add(tx, received)
        log.info("referral_received", referral_id=referral_id, event_id=received.id)

    await graph.write(work)
