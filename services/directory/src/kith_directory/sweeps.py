"""The freshness sweep: flag each listing to its organisation once when it goes stale, with a
`kith.directory.listing-stale` event in the same transaction as the mark.

Safe to run from every replica at once: a listing is marked in the transaction that emits
its event, and the event id is derived from (listing, the verification it went stale from),
so a repeated or concurrent sweep writes the same event, which the outbox de-duplicates.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from kith_common import outbox
from kith_common.events import DIRECTORY_LISTING_STALE, Event
from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.queries.freshness import mark_newly_stale

log = get_logger(__name__)
_NAMESPACE = uuid.UUID("c3b1f9a2-6d4e-4f8a-9b1c-2e7d5a0f3c84")  # fixed; never change
BATCH = 500


def stale_event(service_id: str, organisation_id: str, verified: str) -> Event:
    return Event(
        type=DIRECTORY_LISTING_STALE,
        aggregate_id=service_id,
        data={"service_id": service_id, "organisation_id": organisation_id},
        id=str(uuid.uuid5(_NAMESPACE, f"{service_id}/{verified}")),
    )


async def sweep_stale(
    graph: Graph, policy: FreshnessPolicy, now: datetime | None = None, batch: int = BATCH
) -> int:
    """Flag every listing that went stale since the last sweep; returns how many."""
    stale_before = policy.stale_before(now or datetime.now(UTC))

    async def work(tx: AsyncManagedTransaction) -> int:
        rows = await mark_newly_stale(tx, stale_before, batch)
        await outbox.add(
            tx,
            *(
                stale_event(row["id"], row["organisation_id"] or "", row["verified"])
                for row in rows
            ),
        )
        return len(rows)

    flagged = 0
    while True:
        done = await graph.write(work)
        flagged += done
        if done < batch:
            break
    if flagged:
        log.info("directory_listings_stale", flagged=flagged)
    return flagged
