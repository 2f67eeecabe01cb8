"""Gap map and equity audit at scale: `uv run python -m bench.insights [--people N] [--store D]`.

Seeds an isolated Neo4j with every LSOA in England, a synthetic directory imported through the
directory's importer, and synthetic people and referrals from `kith_devstack.demo_referrals`
(planned region by region, written with CREATE for speed: the graph starts empty). England
scale is the default: 1M people, 50k services, 5M referrals. Seeding that takes over an hour,
so `--store D` keeps the graph in D and a later run with the same D measures without seeding
again (after applying any new migrations, as a deployment would). Then
measures, p50/p95/p99, over real HTTP through the gateway's ASGI app with a real token:
- the gap map for an ICB-sized geography (Greater Manchester's 10 LADs, 1,673 LSOAs);
- the equity audit for one LAD (Bradford, 310 LSOAs),
each against the same Cypher run raw through the driver in the same run.
Nothing is cached: every answer is read from the live graph, using the milestones every
status-change writer keeps on its referral (kith_referrals.milestones; insights README).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.settings import Settings
from kith_devstack import demo_referrals as demo
from kith_devstack import processes
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_devstack.processes import REPO_ROOT
from kith_gateway.app import create_app
from kith_gateway.insights import queries as q
from kith_gateway.insights.geography import resolve
from kith_gateway.insights.reach import Place, bounding_box
from kith_graph_schema.migrate import migrate
from kith_referrals.milestones import SUMMARISE

from bench.seed import seed
from bench.stats import Row, against, table
from bench.timing import time_repeat

GREATER_MANCHESTER = [f"E0800000{i}" for i in range(1, 10)] + ["E08000010"]
BRADFORD = "E08000032"
ENGLAND_ADULTS = 44.0e6  # IoD2019 mid-2015 adults in England, near enough to size the plan

PEOPLE = """
UNWIND $rows AS row
MATCH (a:Area {code: row.home_area})
CREATE (p:Person {id: row.id, reference: row.reference, organisation_id: row.organisation_id,
  home_area: row.home_area, age_band: row.age_band, preferred_language: row.preferred_language,
  languages: row.languages, source: 'demo-referrals'})-[:LIVES_IN]->(a)
FOREACH (g IN CASE WHEN row.ethnicity_recorded THEN [row.ethnicity] ELSE [] END |
  CREATE (p)-[:SELF_DESCRIBED]->(:EthnicityStatement {person_id: p.id, group: g,
          source: 'demo-referrals'}))
"""

REFERRALS = f"""
UNWIND $rows AS row
MATCH (p:Person {{id: row.person_id}})
MATCH (s:Service {{id: row.service_id}})
CREATE (r:Referral {{id: row.id, status: row.status, version: row.version,
  created_at: row.created_at, received_at: row.received_at, updated_at: row.changes[-1].at,
  from_organisation_id: row.from_org, to_organisation_id: row.to_org,
  service_id: row.service_id, source: 'demo-referrals'}})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
FOREACH (c IN row.changes | CREATE (r)-[:CHANGED]->(:StatusChange {{referral_id: row.id,
  from: c.from, to: c.to, at: c.at, version: c.version, reason_code: c.reason_code}}))
WITH r
{SUMMARISE}"""

SEEDED = """
OPTIONAL MATCH (p:Person {source: 'demo-referrals'})
RETURN count(p) AS people, COUNT { (:Referral) } AS referrals
"""

GAP_MAP = """query($g: GeographyInput!) { gapMap(geography: $g) { __typename ... on GapMap {
  lsoas { code gapScore provisionPer10k friction { referrals medianDaysToFirstContact } } } } }"""
AUDIT = """query($g: GeographyInput!) { equityAudit(geography: $g) { __typename
  ... on EquityAudit { dimensions { dimension groups { group referralRatio { value } } } } } }"""


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.insights")
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--referrals", type=int, default=5_000_000, help="about this many")
    parser.add_argument("--store", type=Path, help="keep (or reuse) the seeded graph here")
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--lads", choices=["england", "measured"], default="england",
        help="measured: people only in the LADs measured (GM, Bradford), at England's density",
    )  # fmt: skip
    return parser.parse_args()


@contextmanager
def neo4j(state: Path) -> Iterator[str]:
    port = processes.free_port()
    with processes.start_neo4j(
        state / "neo4j", port, heap="4g", pagecache="8g", log_file=state / "neo4j.log"
    ) as proc:
        uri = f"bolt://127.0.0.1:{port}"
        processes.wait_for_neo4j(uri, timeout=180, process=proc)
        yield uri


async def _write(graph: Graph, query: str, rows: list[dict[str, Any]], batch: int = 5000) -> None:
    for start in range(0, len(rows), batch):
        await graph.execute(query, rows=rows[start : start + batch])


async def seed_people(
    graph: Graph, people: int, referrals: int, seed_value: int, only: list[str] | None = None
) -> tuple[int, int, float]:
    """Plan and write region by region (a LAD at a time) to keep memory flat. The next LAD is
    planned in a thread while two others are written in their own transactions, so Python and
    both of Neo4j's cores work at once (LADs share no people; a deadlock on a shared service
    is retried by the driver). `only` seeds just those LADs, at England's density."""
    world = await demo.load_world(graph)
    by_lad: dict[str, list[dict[str, Any]]] = {}
    for area in world["lsoas"]:
        by_lad.setdefault(area["lad"], []).append(area)
    lads = sorted(lad for lad in by_lad if not only or lad in only)

    def planned(i: int) -> demo.Plan:
        part = {
            "lsoas": by_lad[lads[i]],
            "practices": [p for p in world["practices"] if p["lad"] == lads[i]],
            "targets": [t for t in world["targets"] if t["lad"] == lads[i]],
        }
        rate = people / ENGLAND_ADULTS * 1000
        return demo.plan(part, seed=seed_value * 1000 + i, per_1000_adults=rate,
                         referrals_per_person=referrals / people)  # fmt: skip

    async def write(made: demo.Plan) -> None:
        await _write(graph, PEOPLE, made.people)
        await _write(graph, REFERRALS, made.referrals)
        await demo.retally(graph, sorted({p["home_area"] for p in made.people}), 200)

    started, n_people, n_refs = time.perf_counter(), 0, 0
    writing: set[asyncio.Task[None]] = set()
    upcoming = asyncio.create_task(asyncio.to_thread(planned, 0))
    for i in range(len(lads)):
        made = await upcoming
        if i + 1 < len(lads):
            upcoming = asyncio.create_task(asyncio.to_thread(planned, i + 1))
        writing.add(asyncio.create_task(write(made)))
        if len(writing) == 2:
            done, writing = await asyncio.wait(writing, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                task.result()
        n_people, n_refs = n_people + len(made.people), n_refs + len(made.referrals)
        if i % 25 == 0:
            rate = n_refs / (time.perf_counter() - started)
            print(f"  {i}/{len(lads)} LADs: {n_people} people, {n_refs} referrals"
                  f" ({rate:.0f} referrals/s)", flush=True)  # fmt: skip
    for task in writing:
        await task
    return n_people, n_refs, time.perf_counter() - started


async def _time(work: Callable[[], Awaitable[Any]], repeat: int) -> list[float]:
    await work()  # warm: plan caches, page cache
    return await time_repeat(repeat, work)


async def raw_gap_map(graph: Graph, codes: list[str], tallied: bool = False) -> None:
    """The gap map's reads, straight through the driver (the floor under the API), counting
    the referrals row by row or reading the per-LSOA tallies."""
    scope = await graph.query_values(q.SCOPE_OF_CODES, codes=codes)
    places = [Place(r["area"]["code"], r["area"]["lat"], r["area"]["lon"], 1) for r in scope]
    south, west, north, east = bounding_box(places, 5.0)
    box = {"south": south, "west": west, "north": north, "east": east}
    await graph.query_values(q.SITES, need=None, **box)
    south, west, north, east = bounding_box(places, 10.0)
    await graph.query_values(q.RING, south=south, west=west, north=north, east=east)
    await graph.query_values(q.ONLINE, need=None, codes=codes)
    window = {"since": None, "until": None, "org": None, "need": None}
    if tallied:
        await graph.query_values(q.FRICTION_TALLIED, codes=codes)
    else:
        await graph.query_values(q.FRICTION, codes=codes, accepted=q.ACCEPTED_STATES, **window)
    await graph.query_values(q.UNMET, codes=codes, need=None, since=None, until=None)


async def measure(graph: Graph, repeat: int) -> list[Row]:
    issuer = DevIssuer("http://bench-issuer", "kith")
    async with AsyncExitStack() as running:
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        verifier = JwksVerifier(f"{issuer_url}/.well-known/jwks.json", issuer.issuer, "kith")
        url = await running.enter_async_context(serving(create_app(graph, verifier, {})))
        client = await running.enter_async_context(httpx.AsyncClient(timeout=300))
        headers = {"authorization": f"Bearer {issuer.mint('lead', 'icb', ('system_lead',))}"}
        icb = (await resolve(graph, None, await _lsoas_of(graph, GREATER_MANCHESTER))).codes
        bradford = (await resolve(graph, BRADFORD, None)).codes

        async def post(query: str, geography: dict[str, Any]) -> None:
            body = {"query": query, "variables": {"g": geography}}
            reply = (await client.post(f"{url}/graphql", json=body, headers=headers)).json()
            assert "errors" not in reply, reply

        now = datetime.now(UTC)
        cube = {"codes": bradford, "need": None, "since": None, "until": None, "org": None}
        gap = Row.of(f"gap map GraphQL, {len(icb)} LSOAs (GM ICB)",
                     await _time(lambda: post(GAP_MAP, {"lsoas": icb}), repeat))  # fmt: skip
        audit = Row.of(f"equity audit GraphQL, LAD ({len(bradford)} LSOAs)",
                       await _time(lambda: post(AUDIT, {"code": BRADFORD}), repeat))  # fmt: skip
        return [
            against(gap, "p95 ≤ 500 ms", gap.p95 <= 500),
            Row.of("  same reads, raw Cypher via driver, referral rows",
                   await _time(lambda: raw_gap_map(graph, icb), repeat)),
            Row.of("  same reads, raw Cypher via driver, per-LSOA tallies",
                   await _time(lambda: raw_gap_map(graph, icb, tallied=True), repeat)),
            against(audit, "p95 ≤ 150 ms", audit.p95 <= 150),
            Row.of("  same cube, raw Cypher via driver, referral rows",
                   await _time(lambda: graph.query_values(q.EQUITY_CUBE, accepted=q.ACCEPTED_STATES,
                                                   now=now, **cube), repeat)),
            Row.of("  same cube, raw Cypher via driver, per-LSOA tallies",
                   await _time(lambda: graph.query_values(q.CUBE_TALLIED, codes=bradford),
                               repeat)),
        ]  # fmt: skip


async def _lsoas_of(graph: Graph, lads: list[str]) -> list[str]:
    rows = await graph.query(
        "MATCH (a:Area:LSOA) WHERE a.lad_code IN $lads RETURN a.code AS c", lads=lads
    )
    return [r["c"] for r in rows]


async def run(args: argparse.Namespace, uri: str) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env({"NEO4J_URI": uri, "KITH_ENV": "test"}))
    try:
        held = await graph.query(SEEDED)
        if held and held[0]["people"]:
            started = time.perf_counter()
            applied = await migrate(graph.driver, graph.database)
            print(f"reusing the stored graph: {held[0]}; migrations {applied or 'none'} applied"
                  f" in {time.perf_counter() - started:.0f}s", flush=True)  # fmt: skip
        else:
            seeded = await seed(graph, REPO_ROOT, args.services, args.seed)
            print(f"seeded {len(seeded.areas)} LSOAs; {seeded.imported} services "
                  f"in {seeded.import_seconds:.0f}s", flush=True)  # fmt: skip
            only = [*GREATER_MANCHESTER, BRADFORD] if args.lads == "measured" else None
            people, refs, seconds = await seed_people(
                graph, args.people, args.referrals, args.seed, only
            )
            print(f"wrote {people} people, {refs} referrals in {seconds:.0f}s", flush=True)
        return await measure(graph, args.repeat)
    finally:
        await graph.close()


def main() -> None:
    args = _args()
    configure_logging("bench", "warning")  # an info line per request would be timed too
    with ExitStack() as stack:
        state = args.store or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        uri = stack.enter_context(neo4j(state))
        rows = asyncio.run(run(args, uri))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
