"""Contact details are erased a configured number of days after their referral closed
(`KITH_CONTACT_RETENTION_DAYS`); spent rate-limit counters are forgotten with them.

Every gateway replica runs the loop; each period's run is claimed in the graph
(`(:ScheduledRun {id: 'contact-erasure:<hour>'})`, the same lease as the equity check) so one
replica does the work. Erasing twice would be harmless anyway: it only removes what is there."""

from __future__ import annotations

from datetime import datetime, timedelta

from kith_common.graph import Graph
from kith_common.logging import get_logger
from kith_common.runtime import Loop, periodic
from kith_common.scheduled import claim_run, finish_run
from kith_referrals import TERMINAL

from kith_gateway.context import Clock
from kith_gateway.public.config import PublicConfig
from kith_gateway.public.ratelimit import FORGET_EXPIRED

log = get_logger(__name__)
JOB = "contact-erasure"
LEASE = timedelta(minutes=30)

ERASE = """
MATCH (c:ContactRequest)-[:ABOUT]->(r:Referral)
WHERE c.sealed IS NOT NULL AND r.status IN $closed
  AND coalesce(r.status_changed_at, r.created_at) < $before
WITH c LIMIT $limit
SET c.sealed = null, c.erased_at = $now
RETURN count(c) AS erased
"""


async def erase_expired(graph: Graph, config: PublicConfig, now: datetime) -> int:
    """One pass (whoever calls it); returns how many requests' details it erased."""
    closed = sorted(s.value for s in TERMINAL)
    before = now - config.retention
    rows = await graph.execute(ERASE, closed=closed, before=before, now=now, limit=10_000)
    await graph.execute(FORGET_EXPIRED, now=now)
    return int(rows[0]["erased"])


async def run_erasure(graph: Graph, config: PublicConfig, owner: str, now: datetime) -> int | None:
    """This hour's erasure, unless another replica has it (None then)."""
    period = now.strftime("%Y-%m-%dT%H")
    if not await claim_run(graph, JOB, period, owner, now, LEASE):
        return None
    erased = await erase_expired(graph, config, now)
    await finish_run(graph, JOB, period, owner, now, erased=erased)
    if erased:
        log.info("contact_details_erased", count=erased)
    return erased


def erasure_loop(graph: Graph, config: PublicConfig, owner: str, clock: Clock) -> Loop:
    async def once() -> None:
        await run_erasure(graph, config, owner, clock())

    return periodic(JOB, once, config.sweep_seconds)
