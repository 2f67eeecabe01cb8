"""`make chaos`: referrals at a steady rate through a 3-node NATS JetStream cluster while nodes
(the stream's leader among them) and Kith processes are kill -9'd and started again; then
proof that nothing was lost or doubled.

Every referral is created with its own idempotency key and re-sent with the same key until the
gateway answers (so a request lost in a fault is safe to retry). Afterwards: each answered
referral exists once in the graph and was routed (`received`); the stream holds exactly one
`requested` and one `received` event per referral (JetStream de-duplicates by event id); no
outbox row is left unpublished; and the partner saw one webhook id per referral (a retried
POST carries the same id, so partners de-duplicate); and every durable consumer's lag drained.
While Neo4j is down the gateway must refuse cleanly: a 503 whose body is the typed,
retryable `UNAVAILABLE` error; any other failure (a 500, an untyped error, the driver's
message) is counted as unclean and fails the run.

    uv run python -m bench.chaos                       # 120 s, nodes and processes killed
    uv run python -m bench.chaos --seconds 30 --rate 2 --faults leader
    uv run python -m bench.chaos --seconds 60 --rate 5 --faults neo4j
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.inprocess import serving
from kith_graph_schema.migrate import migrate

from bench.chaos_cluster import KithProcess, NatsCluster, Neo4jNode
from bench.chaos_report import Report, verify
from bench.chaos_traffic import Partner, Traffic, seed

FAULTS = ("leader", "node", "router", "notifications", "gateway", "neo4j")


async def run_faults(
    faults: list[str],
    every: float,
    cluster: NatsCluster,
    procs: list[KithProcess],
    neo4j: Neo4jNode | None,
) -> list[str]:
    """Each fault in turn: kill -9, wait `every` s under traffic, start again, wait."""
    done = []
    for fault in faults:
        await asyncio.sleep(every)
        if fault == "neo4j":
            if neo4j is None:
                raise ValueError("the neo4j fault needs a Neo4j the harness started")
            await asyncio.to_thread(neo4j.kill)
            done.append("kill -9 Neo4j")
            await asyncio.sleep(every)
            started = time.monotonic()
            await asyncio.to_thread(neo4j.start)
            done[-1] += f" (answering again {time.monotonic() - started:.0f} s after its start)"
        elif fault in ("leader", "node"):
            index = await cluster.stream_leader()
            index = index if fault == "leader" else (index + 1) % cluster.size
            cluster.kill(index)
            done.append(f"kill -9 NATS {cluster.name(index)} ({fault})")
            await asyncio.sleep(every)
            await asyncio.to_thread(cluster.start_node, index)
        else:
            victim = next(p for p in procs if p.kind == fault)
            victim.kill()
            done.append(f"kill -9 {fault} replica {victim.replica}")
            await asyncio.sleep(every)
            await asyncio.to_thread(victim.start)
    return done


async def chaos(
    graph: Graph,
    settings: Settings,
    root: Path,
    *,
    seconds: float,
    rate: float,
    faults: list[str],
    replicas: int = 1,
    neo4j: Neo4jNode | None = None,
) -> Report:
    """Run the harness against `graph` (migrated) with a fresh NATS cluster under `root`;
    the `neo4j` fault kills and restarts `neo4j`, which must be the database `graph` uses."""
    cluster = NatsCluster(root / "nats")
    await asyncio.to_thread(cluster.start)
    partner = Partner()
    procs: list[KithProcess] = []
    try:
        await cluster.create_stream()
        async with AsyncExitStack() as stack:
            hook = await stack.enter_async_context(serving(partner.app()))
            world = await seed(graph, f"{hook}/hook")
            issuer_url = await stack.enter_async_context(serving(world.issuer_app()))
            env = world.env(settings, cluster.urls, issuer_url)
            kinds = ["gateway", "router", "notifications"] * replicas
            procs = [KithProcess(k, i, env, root) for i, k in enumerate(kinds)]
            for proc in procs:
                await asyncio.to_thread(proc.start)
            gateways = [p.url for p in procs if p.kind == "gateway"]
            traffic = Traffic(world, gateways, rate)
            every = seconds / (2 * len(faults) + 1) if faults else seconds
            sending = asyncio.create_task(traffic.run(seconds))
            done = await run_faults(faults, every, cluster, procs, neo4j)
            await sending
            return await verify(graph, cluster.urls, traffic, partner, done)
    finally:
        for proc in procs:
            await asyncio.to_thread(proc.stop)
        await asyncio.to_thread(cluster.stop)


async def standalone(args: argparse.Namespace, root: Path) -> Report:
    neo4j = Neo4jNode(root)
    try:
        await asyncio.to_thread(neo4j.start)
        settings = Settings.from_env({"KITH_ENV": "test", "NEO4J_URI": neo4j.uri})
        graph = Graph.from_settings(settings)
        try:
            await migrate(graph.driver, graph.database)
            faults = [f for f in args.faults.split(",") if f]
            return await chaos(
                graph,
                settings,
                root,
                seconds=args.seconds,
                rate=args.rate,
                faults=faults,
                replicas=args.replicas,
                neo4j=neo4j,
            )
        finally:
            await graph.close()
    finally:
        neo4j.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="traffic duration")
    parser.add_argument("--rate", type=float, default=5.0, help="referrals per second")
    parser.add_argument("--replicas", type=int, default=2, help="replicas of every process")
    parser.add_argument(
        "--faults", default="node,leader,router,notifications,gateway,neo4j", help=",".join(FAULTS)
    )
    args = parser.parse_args()
    started, root = time.monotonic(), Path(tempfile.mkdtemp(prefix="kith-chaos-"))
    report = asyncio.run(standalone(args, root))
    print(report.text(time.monotonic() - started))
    if report.ok:
        shutil.rmtree(root, ignore_errors=True)
    else:
        print(f"  every process's log is kept in {root}")
    raise SystemExit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
