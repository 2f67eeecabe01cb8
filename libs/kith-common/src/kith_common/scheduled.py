"""A periodic job that runs once per period across any number of replicas.

Each run is a `(:ScheduledRun {id: '<job>:<period>'})` node. A replica claims it with a lease;
the run is locked before it is read, so two replicas claiming at once are serialised and the
second sees the first's claim. A replica that dies mid-run lets its lease lapse, and the next
claim after that takes the run over; a finished run is never claimed again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from kith_common.graph import Graph
from kith_common.locks import write_lock

LOCK = f"""
MERGE (j:ScheduledRun {{id: $id}})
ON CREATE SET j.job = $job, j.period = $period, j.status = 'pending', j.attempts = 0
{write_lock("j")}
"""

CLAIM = """
MATCH (j:ScheduledRun {id: $id})
WHERE j.status <> 'done' AND coalesce(j.lease_until, datetime('1970-01-01T00:00:00Z')) < $now
SET j.status = 'running', j.owner = $owner, j.lease_until = $now + $lease,
    j.attempts = j.attempts + 1
RETURN j.attempts AS attempt
"""

FINISH = """
MATCH (j:ScheduledRun {id: $id, owner: $owner})
SET j += $facts, j.status = 'done', j.finished_at = $now
"""


def run_id(job: str, period: str) -> str:
    return f"{job}:{period}"


async def claim_run(
    graph: Graph, job: str, period: str, owner: str, now: datetime, lease: timedelta
) -> bool:
    """True when this replica now holds the period's run."""

    async def work(tx: AsyncManagedTransaction) -> bool:
        await tx.run(LOCK, id=run_id(job, period), job=job, period=period)
        params = {"id": run_id(job, period), "owner": owner, "now": now, "lease": lease}
        return await (await tx.run(CLAIM, params)).single() is not None

    return await graph.write(work)


async def finish_run(
    graph: Graph, job: str, period: str, owner: str, now: datetime, **facts: Any
) -> None:
    """Mark the run done, with what it found (`facts`, stored on the run)."""
    await graph.execute(FINISH, id=run_id(job, period), owner=owner, now=now, facts=facts)
