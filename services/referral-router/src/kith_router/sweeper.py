"""The SLA sweep: every replica runs one; the timers live in the graph, not in any process.

Like the outbox relay, a sweep first asks cheaply whether anything is due, then claims a
batch with a short lease (so replicas mostly split the work instead of queueing on the same
referrals), then handles each claimed referral in its own transaction (`sla.escalate_in`).
A replica that dies mid-batch leaves leases that expire; another replica picks those up.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_router.config import RouterConfig
from kith_router.domain import Step
from kith_router.sla import escalate_in

log = get_logger(__name__)

ANY_DUE = """
MATCH (r:Referral) WHERE r.sla_next_due_at <= $now
  AND (r.sla_lease_until IS NULL OR r.sla_lease_until < $now)
RETURN r.id AS id LIMIT 1
"""

# Claiming takes two statements: lock the candidates in id order (two replicas lock in the
# same order, so they queue instead of deadlocking), then re-check them now that they are
# locked: a replica that queued behind another sees its lease and leaves those referrals.
LOCK_CANDIDATES = f"""
MATCH (r:Referral) WHERE r.sla_next_due_at <= $now
  AND (r.sla_lease_until IS NULL OR r.sla_lease_until < $now)
WITH r ORDER BY r.sla_next_due_at, r.id LIMIT $limit
WITH r ORDER BY r.id
{write_lock("r")}
RETURN r.id AS id
"""

CLAIM_LOCKED = """
UNWIND $ids AS id
MATCH (r:Referral {id: id}) WHERE r.sla_next_due_at <= $now
  AND (r.sla_lease_until IS NULL OR r.sla_lease_until < $now)
SET r.sla_lease_until = $now + duration({seconds: $lease_seconds}), r.sla_lease_owner = $owner
RETURN r.id AS id
"""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class SlaSweeper:
    def __init__(self, graph: Graph, config: RouterConfig, clock: Clock = utc_now) -> None:
        self.graph, self.config, self.clock = graph, config, clock
        self.owner = str(uuid.uuid4())

    async def _claim(self, now: datetime) -> list[str]:
        async def work(tx: AsyncManagedTransaction) -> list[str]:
            locked = await tx.run(LOCK_CANDIDATES, now=now, limit=self.config.batch)
            ids = [record["id"] async for record in locked]
            lease = int(self.config.lease.total_seconds())
            claimed = await tx.run(
                CLAIM_LOCKED, ids=ids, now=now, lease_seconds=lease, owner=self.owner
            )
            return [record["id"] async for record in claimed]

        return await self.graph.write(work)

    async def _handle(self, referral_id: str, now: datetime) -> Step:
        async def work(tx: AsyncManagedTransaction) -> Step:
            return await escalate_in(tx, referral_id, now, self.owner)

        return await self.graph.write(work)

    async def sweep_once(self) -> list[Step]:
        """Handle one batch of due referrals; returns what was done to each."""
        now = self.clock()
        if not await self.graph.query(ANY_DUE, now=now):
            return []
        return [await self._handle(rid, now) for rid in await self._claim(now)]

    async def run(self, stop: asyncio.Event) -> None:
        log.info("sla_sweeper_started", owner=self.owner)
        interval = self.config.sweep_interval.total_seconds()
        while not stop.is_set():
            try:
                handled = len(await self.sweep_once())
            except Exception:  # keep sweeping after Neo4j hiccups; leases expire, work resumes
                log.exception("sla_sweep_failed", owner=self.owner)
                handled = 0
            if handled >= self.config.batch:
                continue  # a backlog (after downtime): next batch at once
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=interval)
        log.info("sla_sweeper_stopped", owner=self.owner)
