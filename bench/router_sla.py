"""What the router's SLA work costs per referral, against the bare Cypher through the driver.

    uv run python -m bench.router_sla [--referrals 300]

Rows: one level-1 escalation (lock, decide, Escalation node, outbox event) as the sweep does it;
one level-2 escalation (plus the next-best-service query and the proposal); a whole sweep batch
per referral; and the floor, one Cypher statement that sets the level and creates the node.
Not wired into `make bench` (bench/__main__.py).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_graph_schema.migrate import migrate
from kith_router.config import RouterConfig
from kith_router.domain import SlaPolicy, deadlines
from kith_router.sla import escalate_in
from kith_router.sweeper import SlaSweeper
from neo4j import AsyncManagedTransaction

from bench.stack import infrastructure
from bench.stats import Row, table
from bench.timing import time_each

WARMUP = 30
AREA = "E01010568"

# A food bank (referred to) and 50 open food services around the home area, for next-best.
DIRECTORY = """
MERGE (home:Area:LSOA {code: $area}) SET home.point = point({latitude: 53.796, longitude: -1.759})
MERGE (need:Need:TaxonomyTerm {id: 'need-food'}) SET need.code = 'food'
MERGE (s:Service {id: 'bench-foodbank'}) SET s.status = 'active', s.capacity_status = 'closed'
MERGE (s)-[:MEETS]->(need)
WITH need
UNWIND range(1, 50) AS n
MERGE (alt:Service {id: 'bench-alt-' + n}) SET alt.status = 'active', alt.capacity_status = 'open'
MERGE (alt)-[:MEETS]->(need)
MERGE (alt)-[:AVAILABLE_AT]->(sal:ServiceAtLocation {id: 'bench-sal-' + n})
MERGE (sal)-[:AT]->(l:Location {id: 'bench-loc-' + n})
SET l.point = point({latitude: 53.796 + n * 0.001, longitude: -1.759})
"""

OVERDUE = """
MATCH (s:Service {id: 'bench-foodbank'}), (home:Area {code: $area})
UNWIND $ids AS id
CREATE (p:Person {id: id + '-p', reference: 'BENCH-' + id, organisation_id: 'bench-gp'})
CREATE (p)-[:LIVES_IN]->(home)
CREATE (r:Referral {id: id, status: 'received', version: 3, service_id: s.id,
  from_organisation_id: 'bench-gp', to_organisation_id: 'bench-foodbank',
  sla_due_at: $first, second_due_at: $second, sla_level: 0, sla_next_due_at: $first})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
"""

RAW_ESCALATE = """
MATCH (r:Referral {id: $id})
SET r._lock = true
REMOVE r._lock
WITH r WHERE r.status = 'received' AND r.sla_level = 0
SET r.sla_level = 1, r.sla_next_due_at = r.second_due_at
CREATE (r)-[:ESCALATED]->(:Escalation {id: randomUUID(), level: 1, at: datetime()})
RETURN r.id AS id
"""


async def overdue(graph: Graph, count: int) -> list[str]:
    due = deadlines(datetime.now(UTC) - timedelta(days=30), SlaPolicy())
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for start in range(0, count, 500):
        batch = ids[start : start + 500]
        await graph.execute(OVERDUE, ids=batch, area=AREA, first=due.first, second=due.second)
    return ids


async def timed(ids: list[str], one: Callable[[str], Awaitable[object]]) -> list[float]:
    return await time_each(ids, one, warmup=WARMUP)


async def run(n: int, env: dict[str, str]) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        await migrate(graph.driver, graph.database)
        await graph.execute(DIRECTORY, area=AREA)
        now = datetime.now(UTC)

        async def escalate(referral_id: str) -> object:
            async def work(tx: AsyncManagedTransaction) -> object:
                return await escalate_in(tx, referral_id, now, "bench")

            return await graph.write(work)

        raw_ids, sla_ids = await overdue(graph, n + WARMUP), await overdue(graph, n + WARMUP)
        raw = await timed(raw_ids, lambda i: graph.execute(RAW_ESCALATE, id=i))
        level_1 = await timed(sla_ids, escalate)
        level_2 = await timed(sla_ids, escalate)
        sweep_ids = await overdue(graph, n)
        sweeper = SlaSweeper(graph, RouterConfig(batch=50))
        started = time.perf_counter()
        while await sweeper.sweep_once():
            pass
        per_referral = (time.perf_counter() - started) * 1000 / (2 * len(sweep_ids))
    finally:
        await graph.close()
    return [
        Row.of("escalation - one Cypher statement via driver", raw, "floor"),
        Row.of("escalation level 1 - sla.escalate_in", level_1, "lock, decide, node, outbox"),
        Row.of("escalation level 2 - with next-best + proposal", level_2, "50 candidate services"),
        Row(
            "sweep (claim + both levels), mean per escalation",
            2 * n,
            per_referral,
            per_referral,
            per_referral,
            "batch 50, one replica",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.router_sla")
    parser.add_argument("--referrals", type=int, default=300, help="timed referrals per row")
    args = parser.parse_args()
    configure_logging("bench", "warning")  # one info line per escalation would be timed too
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-sla-") as tmp,
        infrastructure(Path(tmp)) as stack,
    ):
        rows = asyncio.run(run(args.referrals, stack.env))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
