"""Notification delivery figures: `uv run python -m bench.notifications` (not part of `make
bench`). Its own Neo4j and NATS; the notifications service as a real subprocess.

- events/s from outbox commit to signed webhook received, with 1, 10 and 100 endpoints;
- commit → delivery latency (p50/p95/p99) at a steady 50 events/s;
- the ceilings on the same machine in the same run: raw JetStream publish → consume, and one
  Neo4j write transaction per event through the driver.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
import uuid
from collections.abc import Sequence
from contextlib import AsyncExitStack, ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import nats
from kith_common import outbox
from kith_common.events import REFERRAL_RECEIVED, Event
from kith_common.graph import Graph
from kith_common.jetstream import JetStreamPublisher
from kith_common.outbox import OutboxRelay
from kith_common.settings import Settings
from kith_devstack.inprocess import serving
from kith_devstack.processes import free_port
from kith_graph_schema.migrate import migrate
from kith_notifications.handlers import register_endpoint
from nats.js.api import StreamConfig
from neo4j import AsyncManagedTransaction
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.stack import BenchStack, infrastructure, service
from bench.stats import Row, table
from bench.timing import Stopwatch, paced, time_each


@dataclass
class Receiver:
    """Many partner endpoints on one server (`/hook/{n}`); first arrival time per event id."""

    arrived: dict[str, float] = field(default_factory=dict)
    expected: set[str] = field(default_factory=set)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            event_id = request.headers["webhook-id"]
            self.arrived.setdefault(event_id, time.perf_counter())
            if self.expected and self.expected <= self.arrived.keys():
                self.done.set()
            return Response(status_code=204)

        return Starlette(routes=[Route("/hook/{n}", hook, methods=["POST"])])

    def expect(self, ids: Sequence[str]) -> None:
        self.expected, self.done = set(ids), asyncio.Event()


def event_for(org: str) -> Event:
    rid = str(uuid.uuid4())
    data = {
        "referral_id": rid,
        "service_id": str(uuid.uuid4()),
        "to_organisation_id": org,
        "from_organisation_id": "bench-referrer",
    }
    return Event(type=REFERRAL_RECEIVED, aggregate_id=rid, data=data, aggregate_version=2)


async def commit(graph: Graph, events: Sequence[Event]) -> float:
    async def work(tx: AsyncManagedTransaction) -> None:
        await outbox.add(tx, *events)

    await graph.write(work)
    return time.perf_counter()


async def partners(graph: Graph, base: str, count: int, offset: int) -> list[str]:
    orgs = [f"bench-org-{offset + i}" for i in range(count)]
    await graph.execute("UNWIND $ids AS id MERGE (:Organisation {id: id, name: id})", ids=orgs)
    for i, org in enumerate(orgs):
        await register_endpoint(graph, org, f"{base}/hook/{offset + i}", allow_http=True)
    return orgs


async def throughput(graph: Graph, receiver: Receiver, orgs: list[str], total: int) -> Row:
    events = [event_for(orgs[i % len(orgs)]) for i in range(total)]
    receiver.expect([e.id for e in events])
    started = time.perf_counter()
    for i in range(0, total, 100):  # the outbox filled as fast as a writer can
        await commit(graph, events[i : i + 100])
    await asyncio.wait_for(receiver.done.wait(), timeout=900)
    elapsed = max(receiver.arrived[e.id] for e in events) - started
    latencies = [(receiver.arrived[e.id] - started) * 1000 for e in events]
    label = f"outbox → webhook, {len(orgs)} endpoint(s)"
    return Row.of(label, latencies, f"{total / elapsed:.0f} events/s")


async def steady(
    graph: Graph, receiver: Receiver, orgs: list[str], rate: float, seconds: float
) -> Row:
    events = [event_for(orgs[i % len(orgs)]) for i in range(int(rate * seconds))]
    receiver.expect([e.id for e in events])
    with Stopwatch() as offered:
        committed = await paced(rate, events, lambda event: commit(graph, [event]))
    await asyncio.wait_for(receiver.done.wait(), timeout=600)
    ms = [(receiver.arrived[e.id] - t) * 1000 for e, t in zip(events, committed, strict=True)]
    achieved = len(events) / offered.seconds
    return Row.of(
        f"commit → webhook at {rate:.0f} events/s steady", ms, f"offered {achieved:.1f}/s"
    )


async def jetstream_ceiling(nats_url: str, total: int) -> list[Row]:
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name="BENCH", subjects=["bench.>"]))
        payload = event_for("bench-org").to_json()

        async def publish(i: int) -> None:
            await js.publish("bench.raw", payload, headers={"Nats-Msg-Id": f"raw-{i}"})

        with Stopwatch() as publishing:  # one at a time, awaiting the ack, as the relay does
            publish_ms = await time_each(range(total), publish)
        published = publishing.seconds
        sub = await js.pull_subscribe("bench.raw", durable="bench-raw", stream="BENCH")
        consumed, started = 0, time.perf_counter()
        while consumed < total:
            for msg in await sub.fetch(100, timeout=5):
                await msg.ack()
                consumed += 1
        took = time.perf_counter() - started
    finally:
        await nc.close()
    return [
        Row.of(
            "raw JetStream publish (acked, sequential)",
            publish_ms,
            f"{total / published:.0f} msgs/s",
        ),
        Row(
            "raw JetStream pull consume + ack (batches of 100)",
            total,
            0,
            0,
            0,
            f"{total / took:.0f} msgs/s",
        ),
    ]


async def jetstream_steady(nats_url: str, rate: float, seconds: float) -> list[float]:
    """The floor under delivery latency: milliseconds from publish to a pull consumer having
    the message (fetching as the service consumers do), at the same steady rate."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        await js.add_stream(StreamConfig(name="BENCH_STEADY", subjects=["bench-steady.>"]))
        sub = await js.pull_subscribe("bench-steady.x", durable="steady", stream="BENCH_STEADY")
        total = int(rate * seconds)
        sent: dict[str, float] = {}
        got: dict[str, float] = {}

        async def consume() -> None:
            while len(got) < total:
                with contextlib.suppress(nats.errors.TimeoutError):
                    for msg in await sub.fetch(1, timeout=1.0):
                        got.setdefault(msg.data.decode(), time.perf_counter())
                        await msg.ack()

        async def publish(i: int) -> None:
            sent[str(i)] = time.perf_counter()
            await js.publish("bench-steady.x", str(i).encode(), headers={"Nats-Msg-Id": str(i)})

        consumer = asyncio.create_task(consume())
        await paced(rate, range(total), publish)
        await asyncio.wait_for(consumer, timeout=120)
    finally:
        await nc.close()
    return [(got[k] - t) * 1000 for k, t in sent.items()]


async def neo4j_ceiling(graph: Graph, total: int) -> Row:
    async def write(i: int) -> None:
        await graph.execute("CREATE (:BenchWrite {id: $id, at: datetime()})", id=i)

    ms = await time_each(range(total), write)
    await graph.execute("MATCH (n:BenchWrite) DETACH DELETE n")
    return Row.of(
        "raw Neo4j: one write transaction per event", ms, f"{total / (sum(ms) / 1000):.0f} tx/s"
    )


async def run(args: argparse.Namespace, stack: BenchStack, services: ExitStack) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(stack.env))
    rows: list[Row] = []
    async with AsyncExitStack() as running:
        running.push_async_callback(graph.close)
        await migrate(graph.driver, graph.database)
        rows += await jetstream_ceiling(stack.nats_url, args.raw)
        rows.append(await neo4j_ceiling(graph, args.raw // 10))
        receiver = Receiver()
        base = await running.enter_async_context(serving(receiver.app()))
        port = free_port()
        env = {**stack.env, "KITH_NOTIFICATIONS_PORT": str(port)}
        services.enter_context(
            service(
                "notifications",
                ["kith-notifications"],
                env,
                f"http://127.0.0.1:{port}/readyz",
                stack.state / "notifications.log",
            )
        )
        # The bench writes the outbox as a service would, so it runs the relay a service runs
        # (woken by its commits), not relying on another process's safety poll.
        nc = await nats.connect(stack.nats_url)
        running.push_async_callback(nc.close)
        relay = OutboxRelay(graph, JetStreamPublisher(nc.jetstream(), "KITH"))
        stop = asyncio.Event()
        relaying = asyncio.create_task(relay.run(stop))
        running.push_async_callback(lambda: asyncio.wait_for(relaying, 30))
        running.callback(stop.set)
        offset = 0
        for count in args.endpoints:
            orgs = await partners(graph, base, count, offset)
            offset += count
            rows.append(await throughput(graph, receiver, orgs, args.events))
            print(table(rows[-1:]), flush=True)
        orgs = await partners(graph, base, 10, offset)
        floor = await jetstream_steady(stack.nats_url, args.rate, args.seconds)
        rows.append(Row.of(f"raw JetStream publish → pull consume, {args.rate:.0f}/s", floor))
        rows.append(await steady(graph, receiver, orgs, args.rate, args.seconds))
    return rows


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.notifications")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--endpoints", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--rate", type=float, default=50.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--raw", type=int, default=5000)
    return parser.parse_args()


def main() -> None:
    args = _args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-notify-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,
    ):
        rows = asyncio.run(run(args, stack, services))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
