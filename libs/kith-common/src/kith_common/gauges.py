"""Gauges read from Neo4j and JetStream when Prometheus scrapes (`metrics.on_scrape`): how far
behind the outbox relay and each durable consumer are."""

from __future__ import annotations

from nats.js import JetStreamContext

from kith_common import metrics
from kith_common.graph import Graph

# The pending label holds only unpublished rows, so this stays cheap while the relay keeps up.
OUTBOX_BACKLOG = """
MATCH (o:OutboxPending)
RETURN count(o) AS pending, min(o.created_at) AS oldest
"""


def outbox_backlog(graph: Graph) -> metrics.Refresh:
    async def refresh() -> None:
        rows = await graph.query(OUTBOX_BACKLOG)
        oldest = rows[0]["oldest"] if rows else None
        metrics.OUTBOX_PENDING.set(rows[0]["pending"] if rows else 0)
        metrics.OUTBOX_OLDEST.set(metrics.seconds_since(oldest.to_native() if oldest else None))

    return refresh


def consumer_lag(js: JetStreamContext, stream: str, durable: str) -> metrics.Refresh:
    async def refresh() -> None:
        info = await js.consumer_info(stream, durable)
        metrics.CONSUMER_PENDING.labels(durable).set(info.num_pending or 0)
        metrics.CONSUMER_ACK_PENDING.labels(durable).set(info.num_ack_pending or 0)
        metrics.CONSUMER_REDELIVERED.labels(durable).set(info.num_redelivered or 0)

    return refresh
