"""The equity check, run by itself every day, so system leads are told about an
under-referred group without anyone remembering to press `checkEquity`.

Every gateway replica runs the loop; each day's run is claimed in the graph
(`(:ScheduledRun {id: 'equity-check:YYYY-MM-DD'})`) so exactly one replica does the work. A
claim is a lease: if that replica dies mid-run, another takes the day over once the lease has
lapsed. Running twice would be harmless anyway — a flag is raised and announced once a month
(see `flags`) — the claim only saves the duplicate work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_common.graph import Graph
from kith_common.logging import get_logger
from kith_common.runtime import Loop, periodic
from kith_common.scheduled import claim_run, finish_run

from kith_gateway.context import Clock
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.flags import check_equity
from kith_gateway.insights.geography import Geography, resolve

log = get_logger(__name__)
JOB = "equity-check"
LEASE = timedelta(minutes=30)
CHECK_EVERY_SECONDS = 3600.0

# A district is checked when anyone living in it has been referred.
DISTRICTS = """
MATCH (d:Area:LAD)
WHERE EXISTS { (:Area:LSOA {lad_code: d.code})<-[:LIVES_IN]-(:Person)<-[:FOR]-(:Referral) }
RETURN d.code AS code ORDER BY code
"""


@dataclass(frozen=True)
class DailyCheck:
    period: str
    geographies: int
    raised: int


async def claim(graph: Graph, period: str, owner: str, now: datetime) -> bool:
    return await claim_run(graph, JOB, period, owner, now, LEASE)


async def _districts(graph: Graph) -> list[Geography]:
    return [await resolve(graph, row["code"], None) for row in await graph.query(DISTRICTS)]


async def run_daily_check(
    graph: Graph, config: InsightsConfig, owner: str, now: datetime
) -> DailyCheck | None:
    """Check every district with referrals, unless another replica has today's run."""
    period = now.date().isoformat()
    if not await claim(graph, period, owner, now):
        return None
    raised = 0
    districts = await _districts(graph)
    for geo in districts:
        raised += len((await check_equity(graph, geo, config, now)).raised)
    await finish_run(graph, JOB, period, owner, now, geographies=len(districts), raised=raised)
    log.info("equity_check_done", period=period, geographies=len(districts), raised=raised)
    return DailyCheck(period, len(districts), raised)


def equity_check_loop(
    graph: Graph,
    config: InsightsConfig,
    owner: str,
    clock: Clock,
    every: float = CHECK_EVERY_SECONDS,
) -> Loop:
    """Look hourly; the first replica to look on a new day runs that day's check."""

    async def once() -> None:
        await run_daily_check(graph, config, owner, clock())

    return periodic(JOB, once, every)
