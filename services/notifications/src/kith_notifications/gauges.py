"""What the notifications service reports when Prometheus scrapes: deliveries waiting to be
(re)tried and those given up in the last day (both read through indexed labels/properties)."""

from __future__ import annotations

from kith_common import metrics
from kith_common.graph import Graph

DELIVERY_BACKLOG = """
CALL { MATCH (d:DeliveryPending) RETURN count(d) AS pending }
CALL { MATCH (d:Delivery) WHERE d.dead_at > datetime() - duration('P1D') RETURN count(d) AS dead }
RETURN pending, dead
"""


def delivery_backlog(graph: Graph) -> metrics.Refresh:
    async def refresh() -> None:
        (row,) = await graph.query(DELIVERY_BACKLOG)
        metrics.DELIVERIES_PENDING.set(row["pending"])
        metrics.DEAD_LETTERS_DAY.set(row["dead"])

    return refresh
