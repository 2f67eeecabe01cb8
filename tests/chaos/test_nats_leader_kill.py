"""The short version of `make chaos` (bench/chaos.py): a 3-node NATS JetStream cluster with the
KITH stream on 3 replicas, the gateway, router and notifications as real processes, referrals
at a steady rate, and the stream's leader kill -9'd mid-run and started again. Nothing lost,
nothing doubled: each answered referral exists once, was routed once, is one `requested` and
one `received` event in the stream, reached the partner under one webhook id, and no outbox
row is left unpublished."""

from __future__ import annotations

from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings

from bench.chaos import chaos


async def test_killing_the_stream_leader_loses_and_doubles_nothing(
    graph: Graph, settings: Settings, tmp_path: Path
) -> None:
    report = await chaos(graph, settings, tmp_path, seconds=16, rate=0.5, faults=["leader"])
    print(report.text(0))
    assert len(report.faults) == 1
    assert report.faults[0].startswith("kill -9 NATS")
    assert report.committed >= 4
    assert report.problems == []
