"""`make chaos`: referrals at a steady rate through a 3-node NATS JetStream cluster while nodes
(the stream's leader among them) and Kith processes are kill -9'd and started again; then
proof that nothing was lost or doubled.

Every referral is created with its own idempotency key and re-sent with the same key until the
gateway answers (so a request lost in a fault is safe to retry). Afterwards: each answered
referral exists once in the graph and was routed (`received`); the stream holds exactly one
`requested` and one `received` event per referral (JetStream de-duplicates by event id); no
outbox row is left unpublished; and the partner saw one webhook id per referral (a retried
POST carries the same id, so partners de-duplicate).

    uv run python -m bench.chaos                       # 120 s, nodes and processes killed
    uv run python -m bench.chaos --seconds 30 --rate 2 --faults leader
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack import processes
from kith_devstack.inprocess import serving
from kith_graph_schema.migrate import migrate

from bench.chaos_cluster import KithProcess, NatsCluster
from bench.chaos_traffic import Partner, Report, Traffic, seed, verify

FAULTS = ("leader", "node", "router", "notifications", "gateway")


async def run_faults(
    faults: list[str], every: float, cluster: NatsCluster, procs: list[KithProcess]
) -> list[str]:
    """Each fault in turn: kill -9, wait `every` s under traffic, start again, wait."""
    done = []
    for fault in faults:
        await asyncio.sleep(every)
        if fault in ("leader", "node"):
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
) -> Report:
    """Run the harness against `graph` (migrated) with a fresh NATS cluster under `root`."""
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
            done = await run_faults(faults, every, cluster, procs)
            await sending
            return await verify(graph, cluster.urls, traffic, partner, done)
    finally:
        for proc in procs:
            await asyncio.to_thread(proc.stop)
        await asyncio.to_thread(cluster.stop)


async def standalone(args: argparse.Namespace) -> Report:
    with tempfile.TemporaryDirectory(prefix="kith-chaos-") as tmp:
        root, bolt = Path(tmp), processes.free_port()
        neo4j = processes.start_neo4j(root / "neo4j", bolt, heap="1g", log_file=root / "neo4j.log")
        with neo4j:
            uri = f"bolt://127.0.0.1:{bolt}"
            await asyncio.to_thread(processes.wait_for_neo4j, uri, 180, process=neo4j)
            settings = Settings.from_env({"KITH_ENV": "test", "NEO4J_URI": uri})
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
                )
            finally:
                await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="traffic duration")
    parser.add_argument("--rate", type=float, default=5.0, help="referrals per second")
    parser.add_argument("--replicas", type=int, default=2, help="replicas of every process")
    parser.add_argument(
        "--faults", default="node,leader,router,notifications,gateway", help=",".join(FAULTS)
    )
    args = parser.parse_args()
    started = time.monotonic()
    report = asyncio.run(standalone(args))
    print(report.text(time.monotonic() - started))
    raise SystemExit(0 if report.ok else 1)


if __name__ == "__main__":
    main()
