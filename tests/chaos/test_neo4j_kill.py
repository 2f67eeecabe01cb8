"""The Neo4j fault of `make chaos` (bench/chaos.py), short: the gateway, router and
notifications as real processes over a 3-node NATS cluster, referrals at a steady rate, and
the one Neo4j they share kill -9'd mid-run and started again on the same store.

While it is down every request fails cleanly (a 503 whose body is the typed, retryable
`UNAVAILABLE` error: no 500, no untyped error, no driver message) and the client repeats it
with the same idempotency key. Afterwards nothing is lost, doubled or half-written: each
answered referral exists once, was routed once, is one `requested` and one `received` event,
reached the partner under one webhook id; no outbox row is left and every consumer drained.

This test starts its own Neo4j: the session's is shared by every other test."""

from __future__ import annotations

import asyncio
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_graph_schema.migrate import migrate

from bench.chaos import chaos
from bench.chaos_cluster import Neo4jNode
from bench.chaos_report import Report
from bench.chaos_traffic import RETRYABLE


async def run_with_neo4j_killed(root: Path) -> Report:
    neo4j = Neo4jNode(root, heap="512m")
    await asyncio.to_thread(neo4j.start)
    try:
        settings = Settings.from_env({"KITH_ENV": "test", "NEO4J_URI": neo4j.uri})
        graph = Graph.from_settings(settings)
        try:
            await migrate(graph.driver, graph.database)
            return await chaos(
                graph, settings, root, seconds=16, rate=0.5, faults=["neo4j"], neo4j=neo4j
            )
        finally:
            await graph.close()
    finally:
        await asyncio.to_thread(neo4j.stop)


async def test_killing_neo4j_fails_requests_cleanly_and_loses_and_doubles_nothing(
    tmp_path: Path,
) -> None:
    report = await run_with_neo4j_killed(tmp_path)
    print(report.text(0))
    assert [f.split(" (")[0] for f in report.faults] == ["kill -9 Neo4j"]
    assert report.committed >= 4
    assert report.failures.get(RETRYABLE, 0) >= 1  # the outage was met, and refused cleanly
    assert report.problems == []  # no other kind of failure, nothing lost, doubled or left
