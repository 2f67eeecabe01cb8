"""Loading a case meeting with 15 cases and their context for one participant.

    uv run python -m bench.meetings [--loads 300] [--cases 15]

Three measurements of the same read (a published meeting, 15 cases, each with needs,
referrals, a tier, open actions and decisions), as the ambulance service (a covered
participant, so every case is visible in full):
  - one raw Cypher statement through the driver: the context, no access rule, no audit (floor);
  - `reading.read_meeting` in-process: consent cover per case, the time-boxed access rule,
    context for visible cases only, an audit entry per case read (as the API runs it);
  - `meeting(id)` as GraphQL over HTTP against a real gateway process.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import uuid
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import free_port
from kith_gateway.kernel.access import Scope
from kith_gateway.meetings.reading import read_meeting
from kith_graph_schema.migrate import migrate

from bench.stack import BenchStack, infrastructure, service
from bench.stats import Row, table
from bench.timing import time_repeat

HOST, READER = "bench-gp", "bench-ambulance"
PARTNERS = [READER, "bench-housing", "bench-vcs"]
WARMUP = 20

SEED = """
UNWIND ['pain', 'housing', 'loneliness', 'debt'] AS code MERGE (:Need {code: code})
WITH count(*) AS _
CREATE (m:CaseMeeting {id: $meeting, idempotency_key: $meeting, title: 'Bench MDT',
  starts_at: $start, ends_at: $end, place: 'Room 1', recurrence: 'fortnightly',
  series_id: $meeting, occurrence: 1, host_organisation_id: $host, chair_user_id: 'chair',
  invited_organisation_ids: $partners, access_hours: 72, version: 1, published_at: $start})
WITH m
UNWIND range(1, $cases) AS n
CREATE (p:Person {id: randomUUID(), reference: 'BENCH-MTG-' + n, organisation_id: $host})
CREATE (:Consent {id: randomUUID(), status: 'active', purpose: 'care-coordination',
  basis: 'consent', shared_with: $partners, expires_at: $end + duration('P365D'),
  organisation_id: $host})-[:ABOUT]->(p)
CREATE (m)-[:HAS_CASE]->(c:MeetingCase {id: randomUUID(), person_id: p.id,
  lead_practitioner: 'Dr Bench', summary: 'Benchmark case summary, about two lines long.',
  review_required: false, carried: false, added_at: $start, added_by_organisation_id: $host})
  -[:ABOUT]->(p)
WITH m, p, c
MATCH (need:Need) WHERE need.code IN ['pain', 'housing']
MERGE (p)-[:HAS_NEED]->(need)
WITH DISTINCT m, p, c
CREATE (:Referral {id: randomUUID(), status: 'in-progress', service_id: 'svc-bench'})-[:FOR]->(p)
CREATE (p)-[:ON_PATHWAY]->(:PathwayEnrolment {person_id: p.id, pathway_id: 'pw', tier: 2})
CREATE (c)-[:DECIDED]->(:MeetingDecision {id: randomUUID(), kind: 'joint-visit',
  text: 'Joint home visit', recorded_at: $start})
WITH m, c
UNWIND $partners AS owner
CREATE (m)-[:HAS_ACTION]->(:MeetingAction {id: randomUUID(), meeting_id: m.id, status: 'open',
  version: 1, description: 'Follow up', owner_organisation_id: owner,
  due_on: date($end) + duration('P14D')})-[:FOR_CASE]->(c)
"""

RAW = """
MATCH (m:CaseMeeting {id: $id})-[:HAS_CASE]->(c:MeetingCase)-[:ABOUT]->(p:Person)
RETURN m {.*} AS m, c {.*} AS c, [(p)-[:HAS_NEED]->(n:Need) | n.code] AS needs,
  [(p)-[:ON_PATHWAY]->(e:PathwayEnrolment) | e.tier] AS tiers,
  [(r:Referral)-[:FOR]->(p) | r {.id, .status, .service_id}] AS referrals,
  [(a:MeetingAction)-[:FOR_CASE]->(c) | a {.*}] AS actions,
  [(c)-[:DECIDED]->(d:MeetingDecision) | d {.*}] AS decisions
"""

MEETING = """query($id: ID!) { meeting(id: $id) { id version agenda { __typename
  ... on AgendaCase { id summary needs tier referrals { id status }
    actions { id dueOn status } decisions { kind text } } } } }"""


async def timed(n: int, one: Callable[[], Awaitable[int]], cases: int) -> list[float]:
    async def checked() -> None:
        if (seen := await one()) != cases:
            raise RuntimeError(f"saw {seen} cases, expected {cases}")

    return await time_repeat(n, checked, warmup=WARMUP)


async def gateway_process(
    stack: BenchStack, running: AsyncExitStack, services: ExitStack
) -> tuple[str, str]:
    """A real gateway subprocess trusting an in-process dev issuer; returns (url, token)."""
    issuer = DevIssuer("http://bench-issuer", "kith")
    issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
    port = free_port()
    env = {**stack.env, "KITH_JWT_ISSUER": issuer.issuer,
           "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
           "KITH_GATEWAY_PORT": str(port)}  # fmt: skip
    ready = f"http://127.0.0.1:{port}/readyz"
    services.enter_context(
        service("gateway", ["kith-gateway"], env, ready, stack.state / "gateway.log")
    )
    token = issuer.mint("bench-reader", READER, ("receiving_worker",), ttl_seconds=7200)
    return f"http://127.0.0.1:{port}", token


async def measure(graph: Graph, gateway: str, token: str, loads: int, cases: int = 15) -> list[Row]:
    """Seed one published meeting and time loading it three ways (`token`: a READER user)."""
    meeting_id = str(uuid.uuid4())
    start = datetime.now(UTC) - timedelta(hours=1)
    await graph.execute(SEED, meeting=meeting_id, start=start, end=start + timedelta(hours=2),
                        host=HOST, partners=PARTNERS, cases=cases)  # fmt: skip
    scope = Scope("bench-reader", READER, False, False, "care-coordination")

    async def raw() -> int:
        return len(await graph.query(RAW, id=meeting_id))

    async def handler() -> int:
        view = await read_meeting(graph, scope, meeting_id, datetime.now(UTC))
        return len(view.cases) if view else 0

    raw_ms = await timed(loads, raw, cases)
    handler_ms = await timed(loads, handler, cases)
    async with httpx.AsyncClient(timeout=30) as client:

        async def http() -> int:
            response = await client.post(
                f"{gateway}/graphql", json={"query": MEETING, "variables": {"id": meeting_id}},
                headers={"authorization": f"Bearer {token}"},
            )  # fmt: skip
            agenda = response.json()["data"]["meeting"]["agenda"]
            return sum(1 for item in agenda if item["__typename"] == "AgendaCase")

        http_ms = await timed(loads, http, cases)
    ratio = Row.of("", handler_ms).p95 / Row.of("", raw_ms).p95
    return [
        Row.of(f"meeting, {cases} cases — raw Cypher via driver", raw_ms, "floor: no rule/audit"),
        Row.of(
            f"meeting, {cases} cases — read_meeting (as the API)",
            handler_ms,
            f"p95 {ratio:.2f}x raw; {cases} audit entries per read",
        ),
        Row.of(f"meeting(id), {cases} cases — GraphQL over HTTP", http_ms),
    ]


async def run(loads: int, cases: int, stack: BenchStack, services: ExitStack) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(stack.env))
    async with AsyncExitStack() as running:
        running.push_async_callback(graph.close)
        await migrate(graph.driver, graph.database)
        gateway, token = await gateway_process(stack, running, services)
        return await measure(graph, gateway, token, loads, cases)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.meetings")
    parser.add_argument("--loads", type=int, default=300, help="timed loads per row")
    parser.add_argument("--cases", type=int, default=15)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-meetings-") as tmp,
        infrastructure(Path(tmp)) as stack,
        ExitStack() as services,  # closed first: the gateway stops before Neo4j and NATS
    ):
        rows = asyncio.run(run(args.loads, args.cases, stack, services))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
