"""Router use cases. Each handler is idempotent: a redelivered event changes nothing twice."""

from __future__ import annotations

from kith_common import outbox
from kith_common.events import REFERRAL_RECEIVED, Event
from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

log = get_logger(__name__)

# Only a referral still `requested` moves; anything else means we already did it (or a person
# cancelled it meanwhile), so the handler is a no-op on redelivery.
MARK_RECEIVED = """
MATCH (r:Referral {id: $referral_id})
WITH r, r.status = 'requested' AS deliverable
CALL (r, deliverable) {
  WITH r WHERE deliverable
  SET r.status = 'received', r.received_at = datetime(), r.version = r.version + 1
  CREATE (r)-[:CHANGED]->(:StatusChange {
    from: 'requested', to: 'received', at: datetime(), by: 'referral-router', event_id: $event_id
  })
}
RETURN deliverable, r.version AS version
"""


async def deliver_referral(graph: Graph, event: Event) -> None:
    """On `referral.requested`: mark the referral received by its organisation."""

    async def work(tx: AsyncManagedTransaction) -> None:
        row = await (
            await tx.run(MARK_RECEIVED, referral_id=event.data["referral_id"], event_id=event.id)
        ).single()
        if row is None:
            log.warning("referral_missing", referral_id=event.data["referral_id"])
            return
        if not row["deliverable"]:
            return
        received = event.derive(REFERRAL_RECEIVED, dict(event.data), version=row["version"])
        await outbox.add(tx, received)
        log.info("referral_received", referral_id=event.data["referral_id"], event_id=received.id)

    await graph.write(work)
