"""Retention: the notification plumbing is kept only while it is useful.

- published outbox rows: 30 days (as long as the KITH stream keeps the message);
- delivered and dead deliveries with their attempts: 90 days (partners' delivery log and
  dead-letter replay reach that far back);
- inbox items: 365 days.

Audit events are never touched here: they are kept (NHS records guidance) and archived by
export, never edited (deploy/README.md). Every notifications replica runs the loop; each day's
purge is claimed in the graph (`(:ScheduledRun {id: 'retention:YYYY-MM-DD'})`) under a lease,
so one replica does it and another takes over if it dies. Each batch is one transaction, so an
interrupted purge leaves nothing half-deleted and the next one carries on.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_common.graph import Graph
from kith_common.logging import get_logger
from kith_common.runtime import Loop, periodic
from kith_common.scheduled import claim_run, finish_run

from kith_notifications.config import Clock, system_clock

log = get_logger(__name__)
JOB = "retention"
LEASE = timedelta(minutes=30)
CHECK_EVERY_SECONDS = 3600.0

PURGES = {
    "outbox": """
MATCH (o:Outbox) WHERE o.published_at < $before AND NOT o:OutboxPending
WITH o LIMIT $batch
DETACH DELETE o
RETURN count(*) AS n
""",
    "deliveries": """
CALL () {
  MATCH (d:Delivery) WHERE d.delivered_at < $before AND d.status = 'delivered' RETURN d
  UNION
  MATCH (d:Delivery) WHERE d.dead_at < $before AND d.status = 'dead' RETURN d
}
WITH d LIMIT $batch
CALL (d) { OPTIONAL MATCH (d)-[:ATTEMPT]->(a:DeliveryAttempt) DETACH DELETE a }
DETACH DELETE d
RETURN count(*) AS n
""",
    "inbox": """
MATCH (i:InboxItem) WHERE i.recorded_at < $before
WITH i LIMIT $batch
DETACH DELETE i
RETURN count(*) AS n
""",
}


def _days(env: Mapping[str, str], name: str, default: int) -> timedelta:
    raw = env.get(name, "")
    try:
        days = float(raw) if raw else default
    except ValueError as exc:
        raise ValueError(f"{name} must be a number of days, got {raw!r}") from exc
    if days < 1:
        raise ValueError(f"{name} must be at least 1 day, got {raw!r}")
    return timedelta(days=days)


@dataclass(frozen=True)
class RetentionPolicy:
    outbox: timedelta = timedelta(days=30)
    deliveries: timedelta = timedelta(days=90)
    inbox: timedelta = timedelta(days=365)
    batch: int = 5000

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RetentionPolicy:
        env = os.environ if env is None else env
        return cls(
            outbox=_days(env, "KITH_RETAIN_OUTBOX_DAYS", 30),
            deliveries=_days(env, "KITH_RETAIN_DELIVERIES_DAYS", 90),
            inbox=_days(env, "KITH_RETAIN_INBOX_DAYS", 365),
        )

    def kept(self, kind: str) -> timedelta:
        return {"outbox": self.outbox, "deliveries": self.deliveries, "inbox": self.inbox}[kind]


async def purge(graph: Graph, policy: RetentionPolicy, now: datetime) -> dict[str, int]:
    """Delete what has aged out, one batch per transaction; returns how many of each."""
    purged: dict[str, int] = {}
    for kind, query in PURGES.items():
        purged[kind] = 0
        while True:
            rows = await graph.execute(query, before=now - policy.kept(kind), batch=policy.batch)
            purged[kind] += rows[0]["n"]
            if rows[0]["n"] < policy.batch:
                break
    return purged


async def daily_purge(graph: Graph, policy: RetentionPolicy, owner: str, now: datetime) -> bool:
    """Today's purge, if this replica claims it; False when another replica has it or it is
    done."""
    period = now.date().isoformat()
    if not await claim_run(graph, JOB, period, owner, now, LEASE):
        return False
    purged = await purge(graph, policy, now)
    await finish_run(graph, JOB, period, owner, now, purged=list(purged.values()))
    log.info("retention_purged", period=period, **purged)
    return True


def retention_loop(
    graph: Graph, policy: RetentionPolicy, owner: str, clock: Clock = system_clock
) -> Loop:
    return periodic(JOB, lambda: daily_purge(graph, policy, owner, clock()), CHECK_EVERY_SECONDS)
