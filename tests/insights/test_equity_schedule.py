"""The daily equity check: one replica a day does it (a lease in the graph), it raises what
`checkEquity` would, and a replica that died mid-run is taken over once its lease lapses."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from kith_common.graph import Graph
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.schedule import LEASE, claim, run_daily_check

from tests.helpers.insights import LAD, NOW, ORG_GP


async def test_one_of_two_replicas_runs_the_days_check_and_it_raises_the_flags(
    area: Graph,
) -> None:
    config = InsightsConfig()
    runs = await asyncio.gather(
        run_daily_check(area, config, "replica-1", NOW),
        run_daily_check(area, config, "replica-2", NOW),
    )
    done = [r for r in runs if r is not None]
    assert len(done) == 1
    assert (done[0].period, done[0].geographies) == (NOW.date().isoformat(), 1)
    flags = await area.query(
        "MATCH (f:EquityFlag {dimension: 'ethnicity', group: 'pakistani', measure: 'referral'})"
        " RETURN f.scope AS scope, f.organisation_id AS org ORDER BY org"
    )
    assert flags == [{"scope": LAD, "org": ""}, {"scope": LAD, "org": ORG_GP}]
    assert done[0].raised == len(await area.query("MATCH (f:EquityFlag) RETURN f"))
    assert await run_daily_check(area, config, "replica-1", NOW + timedelta(hours=2)) is None
    # Next day: the check runs again, and this month's flags are not announced twice.
    tomorrow = await run_daily_check(area, config, "replica-2", NOW + timedelta(days=1))
    assert tomorrow is not None
    assert tomorrow.raised == 0


async def test_a_run_abandoned_mid_way_is_taken_over_after_its_lease(area: Graph) -> None:
    period = NOW.date().isoformat()
    assert await claim(area, period, "replica-that-dies", NOW)
    assert not await claim(area, period, "replica-2", NOW + LEASE - timedelta(seconds=1))
    took_over = await run_daily_check(area, InsightsConfig(), "replica-2", NOW + LEASE * 2)
    assert took_over is not None
    rows = await area.query(
        "MATCH (j:ScheduledRun) RETURN j.status AS status, j.owner AS owner, j.attempts AS n"
    )
    assert rows == [{"status": "done", "owner": "replica-2", "n": 2}]
