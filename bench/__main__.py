"""The core suite of `make bench`: `services(near…)` over HTTP vs its Cypher, referrals
(alone, in a burst, at a steady rate) through to a signed webhook, a meeting with 15 cases.

    uv run python -m bench [--services 20000 --queries 500 --referrals 300 --rate 50]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

import nats
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import REPO_ROOT, free_port

from bench import meetings, notifications, referrals, services_query
from bench.seed import seed
from bench.stack import BenchStack, infrastructure, service
from bench.stats import Row, against, table


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--referrals", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rate", type=float, default=50.0, help="steady referrals/s")
    parser.add_argument("--seconds", type=float, default=20.0, help="of steady load")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


async def run(args: argparse.Namespace, stack: BenchStack, services: ExitStack) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(stack.env))
    rows: list[Row] = []
    async with AsyncExitStack() as running:
        running.push_async_callback(graph.close)
        seeded = await seed(graph, REPO_ROOT, args.services, args.seed)
        print(
            f"seeded {len(seeded.areas)} LSOAs in {seeded.areas_seconds:.1f}s; imported "
            f"{seeded.imported} services in {seeded.import_seconds:.1f}s "
            f"({seeded.imported / seeded.import_seconds:.0f} records/s)",
            flush=True,
        )
        issuer = DevIssuer("http://bench-issuer", "kith")
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        receiver = referrals.Receiver()
        receiver_url = await running.enter_async_context(serving(receiver.app()))
        gw_port = free_port()
        env = {
            **stack.env,
            "KITH_JWT_ISSUER": issuer.issuer,
            "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
            "KITH_GATEWAY_PORT": str(gw_port),
            "KITH_ROUTER_PORT": str(free_port()),
            "KITH_NOTIFICATIONS_PORT": str(free_port()),
        }
        gateway = f"http://127.0.0.1:{gw_port}"
        for name, cmd, port in (
            ("gateway", ["kith-gateway"], env["KITH_GATEWAY_PORT"]),
            ("router", ["kith-router"], env["KITH_ROUTER_PORT"]),
            ("notifications", ["kith-notifications"], env["KITH_NOTIFICATIONS_PORT"]),
        ):
            services.enter_context(
                service(
                    name, cmd, env, f"http://127.0.0.1:{port}/readyz", stack.state / f"{name}.log"
                )
            )
        rows += await services_query.measure(
            gateway, graph.driver, seeded.areas, args.queries, args.concurrency
        )
        # The import announced every service; let the pipeline drain that backlog first, so the
        # referral figures measure referrals, not the queue ahead of them (reported separately).
        drained = await wait_until_drained(graph, stack.nats_url)
        print(f"event backlog from the import drained in {drained:.1f}s", flush=True)
        targets = await referrals.register_partners(graph, receiver_url, 50)
        token = issuer.mint("bench", "bench-referrer", ("social_prescriber",))
        rows += await referral_rows(args, graph, gateway, token, targets, receiver, stack)
        reader = issuer.mint("bench-reader", meetings.READER, ("receiving_worker",))
        rows += await meetings.measure(graph, gateway, reader, args.queries // 2)
    return rows


async def referral_rows(
    args: argparse.Namespace,
    graph: Graph,
    gateway: str,
    token: str,
    targets: list[tuple[str, str, str]],
    receiver: referrals.Receiver,
    stack: BenchStack,
) -> list[Row]:
    """#21 targets 1 and 2: createReferral alone and in a burst, next to its unit of work
    through the driver; commit → webhook at a steady rate, next to raw JetStream."""
    one = await referrals.measure(gateway, token, targets, receiver, args.referrals, 1)
    raw = await referrals.through_driver(graph, "bench-referrer", targets, args.referrals)
    burst = await referrals.measure(
        gateway, token, targets, receiver, args.referrals * 2, args.concurrency
    )
    c = args.concurrency
    steady = await referrals.steady(gateway, token, targets, receiver, args.rate, args.seconds)
    floor = await notifications.jetstream_steady(stack.nats_url, args.rate, args.seconds)
    created, raw_row = Row.of("", one.created_ms), Row.of("", raw)
    return [
        Row.of("createReferral unit of work via driver, c=1", raw, "baseline"),
        against(
            Row.of("createReferral over HTTP, c=1", one.created_ms,
                   f"p95 {created.p95 / raw_row.p95:.2f}x driver"),
            "p95 ≤ 60 ms", created.p95 <= 60,
        ),
        against(
            Row.of(f"createReferral over HTTP, c={c}", burst.created_ms,
                   f"{burst.created_per_s:.0f} referrals/s"),
            "≥ 100 referrals/s", burst.created_per_s >= 100,
        ),
        Row.of(f"referral → webhook (burst at c={c})", burst.e2e_ms,
               f"{burst.e2e_per_s:.1f} referrals/s end to end"),
        Row.of(f"raw JetStream publish → pull consume, {args.rate:.0f}/s", floor, "baseline"),
        against(
            Row.of(f"referral committed → webhook, {args.rate:.0f}/s steady", steady),
            "p99 ≤ 250 ms", Row.of("", steady).p99 <= 250,
        ),
    ]  # fmt: skip


async def wait_until_drained(graph: Graph, nats_url: str) -> float:
    started = time.perf_counter()
    nc = await nats.connect(nats_url)
    js = nc.jetstream()
    try:
        while True:
            pending = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
            consumers = await js.consumers_info("KITH")
            waiting = sum((c.num_pending or 0) + (c.num_ack_pending or 0) for c in consumers)
            if pending[0]["n"] == 0 and waiting == 0:
                return time.perf_counter() - started
            await asyncio.sleep(0.5)
    finally:
        await nc.close()


def main() -> None:
    args = _args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,  # closed first: services stop before Neo4j and NATS
    ):
        rows = asyncio.run(run(args, stack, services))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
