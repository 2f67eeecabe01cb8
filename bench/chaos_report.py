"""The chaos harness's reckoning: once traffic stops, wait for everything to settle, then
count referrals in the graph, events in the stream, what the partner received, outbox rows
left and each consumer's lag, beside how the requests that failed during faults failed."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import nats
from kith_common.graph import Graph

from bench.chaos_traffic import RETRYABLE, UNREACHABLE, Partner, Traffic

SETTLE_SECONDS = 180.0


@dataclass
class Report:
    committed: int
    in_graph: int
    routed: int
    requested_events: int
    received_events: int
    pending_outbox: int
    webhook_ids: dict[str, int]
    posts: int
    retries: int
    faults: list[str]
    settled_in: float
    failures: dict[str, int] = field(default_factory=dict)  # failed requests, by kind
    lag: dict[str, int] = field(default_factory=dict)  # durable → pending + unacknowledged

    def _unclean(self) -> list[str]:
        """Failed requests that were not the clean refusal. A request to a gateway replica
        that was just killed gets no answer, which only that fault explains."""
        allowed = {RETRYABLE} | (
            {UNREACHABLE} if any("gateway" in f for f in self.faults) else set()
        )
        return [
            f"{n} requests failed with {kind}"
            for kind, n in self.failures.items()
            if kind not in allowed
        ]

    @property
    def problems(self) -> list[str]:
        n, found = self.committed, self._unclean()
        for what, count in (
            ("referrals in the graph", self.in_graph),
            ("referrals routed (received)", self.routed),
            ("requested events in the stream", self.requested_events),
            ("received events in the stream", self.received_events),
            ("referrals the partner heard of", len(self.webhook_ids)),
        ):
            if count != n:
                found.append(f"{what}: {count}, expected {n}")
        doubled = [r for r, ids in self.webhook_ids.items() if ids != 1]
        if doubled:
            found.append(f"{len(doubled)} referrals reached the partner under several webhook ids")
        if self.pending_outbox:
            found.append(f"{self.pending_outbox} outbox rows never published")
        found += [f"consumer {d} still has {n} events to handle" for d, n in self.lag.items() if n]
        return found

    @property
    def ok(self) -> bool:
        return self.committed > 0 and not self.problems

    def text(self, elapsed: float) -> str:
        lines = [f"chaos: {self.committed} referrals answered ({self.retries} retried requests)"]
        lines += [f"  fault: {fault}" for fault in self.faults]
        lines.append(
            f"  in graph {self.in_graph}, routed {self.routed}, stream requested "
            f"{self.requested_events} / received {self.received_events}, outbox pending "
            f"{self.pending_outbox}, partner referrals {len(self.webhook_ids)} "
            f"({self.posts} POSTs), consumer lag {sum(self.lag.values())}, "
            f"settled {self.settled_in:.1f} s after traffic; {elapsed:.0f} s"
        )
        lines += [f"  failed requests: {n} of {kind}" for kind, n in sorted(self.failures.items())]
        lines += [f"  PROBLEM: {p}" for p in self.problems] or ["  no lost and no doubled events"]
        return "\n".join(lines)


# Every referral to the chaos service, answered or not: a doubled one would be counted too.
COUNTS = """
MATCH (r:Referral {service_id: $service})
RETURN count(r) AS in_graph, count(CASE WHEN r.status = 'received' THEN 1 END) AS routed
"""


async def _stream_counts(urls: list[str]) -> tuple[int, int]:
    nc = await nats.connect(servers=urls)
    try:
        js = nc.jetstream(timeout=10)
        info = await js.stream_info("KITH", subjects_filter="kith.referral.*")
        subjects = info.state.subjects or {}
        return subjects.get("kith.referral.requested", 0), subjects.get("kith.referral.received", 0)
    finally:
        await nc.close()


async def _consumer_lag(urls: list[str]) -> dict[str, int]:
    """Every durable consumer of the stream: events not yet delivered plus not yet acked."""
    nc = await nats.connect(servers=urls)
    try:
        consumers = await nc.jetstream(timeout=10).consumers_info("KITH")
    finally:
        await nc.close()
    return {
        str(c.name): (c.num_pending or 0) + (c.num_ack_pending or 0)
        for c in consumers
        if c.config.durable_name
    }


async def verify(
    graph: Graph, urls: list[str], traffic: Traffic, partner: Partner, faults: list[str]
) -> Report:
    """Wait (up to SETTLE_SECONDS) until every answered referral reached the partner, the
    outbox drained and every consumer caught up; then count everything."""
    ids, started = sorted(traffic.committed), time.monotonic()
    while time.monotonic() - started < SETTLE_SECONDS:
        pending = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
        reached = set(ids) <= set(partner.ids_by_referral)
        if pending[0]["n"] == 0 and reached and not any((await _consumer_lag(urls)).values()):
            break
        await asyncio.sleep(0.5)
    settled = time.monotonic() - started
    (counts,) = await graph.query(COUNTS, service=traffic.world.service)
    pending = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
    requested, received = await _stream_counts(urls)
    return Report(
        committed=len(ids),
        in_graph=counts["in_graph"],
        routed=counts["routed"],
        requested_events=requested,
        received_events=received,
        pending_outbox=pending[0]["n"],
        webhook_ids={r: len(partner.ids_by_referral[r]) for r in partner.ids_by_referral},
        posts=partner.posts,
        retries=traffic.retries,
        faults=faults,
        settled_in=settled,
        failures=dict(traffic.failures),
        lag=await _consumer_lag(urls),
    )
