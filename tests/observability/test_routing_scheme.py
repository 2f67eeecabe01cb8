"""`make test` runs the referrals, router, notifications and observability suites a second time
with `KITH_TEST_NEO4J_SCHEME=neo4j`: the driver's routing scheme, as against a cluster or Aura
(a single Neo4j 5 answers the routing table with itself). This proves the run really routed."""

from __future__ import annotations

import os

import pytest
from kith_common.graph import Graph
from neo4j import AsyncNeo4jDriver


@pytest.mark.skipif(
    os.environ.get("KITH_TEST_NEO4J_SCHEME") != "neo4j", reason="the bolt:// run of the suite"
)
async def test_the_suite_reads_and_writes_through_the_routing_driver(graph: Graph) -> None:
    assert isinstance(graph.driver, AsyncNeo4jDriver)  # a routing driver, not a direct one
    await graph.execute("CREATE (:RoutingProbe {at: datetime()})")
    assert await graph.query("MATCH (p:RoutingProbe) RETURN count(p) AS n") == [{"n": 1}]
