"""Accept / reject latency, and what the authorisation + audit layer costs.

    uv run python -m bench.referral_transitions [--referrals 300]

Four measurements of the same change (received → accepted), each on its own fresh referrals:
  - acceptReferral / rejectReferral as GraphQL over HTTP against a real gateway process;
  - the transition handler in-process, with the organisation check and audit entry (as the API
    runs it) and without them (`enforce=False`, bench only), interleaved so drift hits both;
  - the bare change as one Cypher statement through the driver (the floor).
Not wired into `make bench` (bench/__main__.py) yet.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, ExitStack
from pathlib import Path

import httpx
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import free_port
from kith_gateway.kernel.access import Scope
from kith_gateway.referrals.changes import TransitionRequest
from kith_gateway.referrals.transitions import transition
from kith_graph_schema.migrate import migrate
from kith_referrals import Action

from bench.stack import BenchStack, infrastructure, service
from bench.stats import Row, mean, table
from bench.timing import time_each

REFERRER, RECEIVER, AREA = "bench-gp", "bench-foodbank", "E01010568"
SERVICE = str(uuid.uuid4())
WARMUP = 30

# Received referrals as the API and router leave them: person, consent, referral, history.
SEED = """
MERGE (a:Area:LSOA {code: $area}) SET a.name = 'bench area', a.level = 'LSOA'
MERGE (o:Organisation {id: $to_org}) SET o.name = 'Bench food bank'
MERGE (s:Service {id: $service}) SET s.status = 'active', s.organisation_id = $to_org
MERGE (o)-[:PROVIDES]->(s)
WITH s
UNWIND $ids AS id
CREATE (p:Person {id: randomUUID(), reference: 'BENCH-' + id, organisation_id: $from_org})
CREATE (c:Consent {id: randomUUID(), status: 'active', purpose: 'referral', basis: 'consent',
                   categories: ['pseudonym', 'home-area', 'referral-reason'],
                   shared_with: [$to_org], expires_at: datetime() + duration('P365D'),
                   organisation_id: $from_org})-[:ABOUT]->(p)
CREATE (r:Referral {id: id, idempotency_key: $from_org + ':' + id, status: 'received',
                    version: 3, reason: 'benchmark', from_organisation_id: $from_org,
                    to_organisation_id: $to_org, service_id: $service, created_at: datetime()})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s), (r)-[:UNDER]->(c)
"""

# The floor: the same state change with no organisation check, audit, history key or outbox.
RAW_ACCEPT = """
MATCH (r:Referral {id: $id})
SET r._lock = true
REMOVE r._lock
WITH r WHERE r.version = $version AND r.status = 'received'
SET r.status = 'accepted', r.version = r.version + 1
CREATE (r)-[:CHANGED]->(:StatusChange {from: 'received', to: 'accepted', at: datetime()})
RETURN r.version AS version
"""

ACCEPT = """mutation($i: ReferralActionInput!) { acceptReferral(input: $i) { __typename } }"""
REJECT = """mutation($i: RejectReferralInput!) { rejectReferral(input: $i) { __typename } }"""


async def seed(graph: Graph, count: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(count)]
    for start in range(0, count, 500):
        await graph.execute(
            SEED,
            ids=ids[start : start + 500],
            area=AREA,
            to_org=RECEIVER,
            from_org=REFERRER,
            service=SERVICE,
        )
    return ids


async def timed(ids: list[str], one: Callable[[str], Awaitable[None]]) -> list[float]:
    return await time_each(ids, one, warmup=WARMUP)


async def over_http(gateway: str, token: str, ids: list[str], reject: bool) -> list[float]:
    async with httpx.AsyncClient(timeout=30) as client:

        async def one(referral_id: str) -> None:
            given: dict[str, object] = {
                "referralId": referral_id,
                "expectedVersion": 3,
                "idempotencyKey": f"bench-{uuid.uuid4()}",
            }
            if reject:
                given["reason"] = "NO_CAPACITY"
            response = await client.post(
                f"{gateway}/graphql",
                json={"query": REJECT if reject else ACCEPT, "variables": {"i": given}},
                headers={"authorization": f"Bearer {token}"},
            )
            kind = response.json()["data"]
            if "ReferralChanged" not in str(kind):
                raise RuntimeError(response.text)

        return await timed(ids, one)


async def handler_pair(graph: Graph, ids: list[str]) -> tuple[list[float], list[float]]:
    """The handler with and without the authorisation + audit layer, alternating."""
    scope = Scope("bench-worker", RECEIVER, False, True, "direct-care-receiving")
    with_layer: list[float] = []
    without: list[float] = []
    for n, referral_id in enumerate(ids):
        enforce = n % 2 == 0
        request = TransitionRequest(referral_id, Action.ACCEPT, 3, f"bench-{uuid.uuid4()}")
        started = time.perf_counter()
        await transition(graph, scope, request, enforce=enforce)
        (with_layer if enforce else without).append((time.perf_counter() - started) * 1000)
    return with_layer[WARMUP // 2 :], without[WARMUP // 2 :]


async def raw_driver(graph: Graph, ids: list[str]) -> list[float]:
    async def one(referral_id: str) -> None:
        rows = await graph.execute(RAW_ACCEPT, id=referral_id, version=3)
        if not rows:
            raise RuntimeError("raw accept did not apply")

    return await timed(ids, one)


async def gateway_process(
    stack: BenchStack, running: AsyncExitStack, services: ExitStack
) -> tuple[str, str]:
    """A real gateway subprocess trusting an in-process dev issuer; returns (url, token)."""
    issuer = DevIssuer("http://bench-issuer", "kith")
    issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
    port = free_port()
    env = {
        **stack.env,
        "KITH_JWT_ISSUER": issuer.issuer,
        "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
        "KITH_GATEWAY_PORT": str(port),
    }
    ready = f"http://127.0.0.1:{port}/readyz"
    services.enter_context(
        service("gateway", ["kith-gateway"], env, ready, stack.state / "gateway.log")
    )
    token = issuer.mint("bench-worker", RECEIVER, ("receiving_worker",), ttl_seconds=7200)
    return f"http://127.0.0.1:{port}", token


async def run(n: int, stack: BenchStack, services: ExitStack) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(stack.env))
    async with AsyncExitStack() as running:
        running.push_async_callback(graph.close)
        await migrate(graph.driver, graph.database)
        size = n + WARMUP
        ids = await seed(graph, size * 5)
        pools = [ids[i * size : (i + 1) * size] for i in range(5)]
        gateway, token = await gateway_process(stack, running, services)
        raw = await raw_driver(graph, pools[0])
        on, off = await handler_pair(graph, pools[1] + pools[2])
        accept = await over_http(gateway, token, pools[3], reject=False)
        reject = await over_http(gateway, token, pools[4], reject=True)
    ratio_p50 = Row.of("", on).p50 / Row.of("", off).p50
    ratio_mean = mean(on) / mean(off)
    return [
        Row.of("accept — one Cypher statement via driver", raw, "floor"),
        Row.of("accept — handler, no authz/audit (bench only)", off, "baseline for the layer"),
        Row.of(
            "accept — handler, authz + audit (as the API)",
            on,
            f"layer cost p50 {ratio_p50:.2f}x, mean {ratio_mean:.2f}x",
        ),
        Row.of("acceptReferral — GraphQL over HTTP", accept),
        Row.of("rejectReferral — GraphQL over HTTP", reject),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.referral_transitions")
    parser.add_argument("--referrals", type=int, default=300, help="timed changes per row")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-transitions-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,  # closed first: the gateway stops before Neo4j and NATS
    ):
        rows = asyncio.run(run(args.referrals, stack, services))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
