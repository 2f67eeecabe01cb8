"""The commissioner's outcome evaluation over many people.

    uv run python -m bench.outcomes [--people 100000] [--repeat 5]

Seeds `--people` synthetic people (real-looking spread: 10 LSOAs across IMD deciles, three
languages, self-described ethnicity for two in three, two services, a pathway tier for half),
each with three measures (PHQ-9, GAD-7, PEG) at baseline and, for four in five, a review. Then
times, `--repeat` times each:
  - the raw Cypher (`report.PAIRS`, one statement per instrument, summed per combination of
    groups in the database) through the driver: the floor;
  - `report.instrument_report` for the three instruments, as the API runs it (rolling cells
    up into five dimensions, paired t intervals, MIC shares, small-number suppression);
  - the same-run baseline: the design before (one row per person and score, `PER_PERSON`
    below, grouped in Python), to show what summing in the database saves.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.outcomes.evaluation import Person, cells_of, evaluate
from kith_gateway.outcomes.instruments import built_in
from kith_gateway.outcomes.report import PAIRS, instrument_report, score_parameters
from kith_graph_schema.migrate import migrate

from bench.stack import infrastructure
from bench.stats import Row, table
from bench.timing import time_repeat

MEASURES = (("phq-9", "total", 27), ("gad-7", "total", 21), ("peg", "score", 10))
BATCH = 5_000

# The evaluation's query before it summed in the database: a row per person and score.
PER_PERSON = """
MATCH (b:Measure {instrument_id: $instrument, timepoint: 'baseline'})
WHERE ($org IS NULL OR b.organisation_id = $org) AND $score IN b.score_ids
MATCH (p:Person)-[:MEASURED]->(b)
// From the person, not an index: a person has a handful of measures, an instrument many.
CALL (p, b) {
  OPTIONAL MATCH (p)-[:MEASURED]->(f:Measure)
  WHERE f.instrument_id = b.instrument_id AND f.timepoint <> 'baseline'
    AND f.taken_at > b.taken_at AND $score IN f.score_ids
  RETURN f ORDER BY f.taken_at DESC LIMIT 1
}
RETURN [i IN range(0, size(b.score_ids) - 1) WHERE b.score_ids[i] = $score
        | b.score_values[i]][0] AS baseline,
       CASE WHEN f IS NULL THEN null ELSE [i IN range(0, size(f.score_ids) - 1)
         WHERE f.score_ids[i] = $score | f.score_values[i]][0] END AS later,
       b.service_id AS service,
       [(p)-[:ON_PATHWAY]->(e:PathwayEnrolment) | e.tier] AS tiers,
       [(p)-[:LIVES_IN]->(a:Area) | a.imd_decile][0] AS decile,
       [(p)-[:SELF_DESCRIBED]->(s:EthnicityStatement) | s.group][0] AS ethnicity,
       p.preferred_language AS language,
       CASE WHEN $costs THEN COUNT { (:Referral)-[:FOR]->(p) } ELSE 0 END AS referrals,
       CASE WHEN $costs THEN COUNT { (p)-[:CONTACTED]->(:Contact) } ELSE 0 END AS contacts
"""

AREAS = """
UNWIND range(0, 9) AS i
MERGE (a:Area:LSOA {code: 'E0109' + toString(1000 + i)})
SET a.imd_decile = i + 1, a.level = 'LSOA'
WITH count(*) AS _
UNWIND ['bench-coaching', 'bench-education'] AS sid
MERGE (:Service {id: sid, name: sid})
"""

PEOPLE = """
UNWIND $ids AS n
MATCH (a:Area {code: 'E0109' + toString(1000 + n % 10)})
CREATE (p:Person {id: 'bench-' + n, organisation_id: 'bench-org',
                  preferred_language: ['en', 'ur', 'pl'][n % 3]})-[:LIVES_IN]->(a)
FOREACH (_ IN CASE WHEN n % 3 > 0 THEN [1] ELSE [] END |
  CREATE (p)-[:SELF_DESCRIBED]->(:EthnicityStatement {person_id: p.id,
          group: ['white', 'asian', 'black', 'mixed', 'other'][n % 5]}))
FOREACH (_ IN CASE WHEN n % 2 = 0 THEN [1] ELSE [] END |
  CREATE (p)-[:ON_PATHWAY]->(:PathwayEnrolment {person_id: p.id, pathway_id: 'bench',
          tier: 1 + n % 3}))
WITH p, n
UNWIND $measures AS m
WITH p, n, m, toFloat((n * 7 + size(m.id) * 13) % (m.top + 1)) AS base
CREATE (p)-[:MEASURED]->(:Measure {id: p.id + ':' + m.id + ':b', person_id: p.id,
  instrument_id: m.id, timepoint: 'baseline', score_ids: [m.score], score_values: [base],
  taken_at: datetime('2026-01-01T00:00Z'), organisation_id: 'bench-org',
  service_id: ['bench-coaching', 'bench-education'][n % 2]})
FOREACH (_ IN CASE WHEN n % 5 > 0 THEN [1] ELSE [] END |
  CREATE (p)-[:MEASURED]->(:Measure {id: p.id + ':' + m.id + ':r', person_id: p.id,
    instrument_id: m.id, timepoint: 'review', score_ids: [m.score],
    score_values: [CASE WHEN base > n % 7 THEN base - n % 7 ELSE 0.0 END],
    taken_at: datetime('2026-04-01T00:00Z'), organisation_id: 'bench-org'}))
"""


def _groups(row: dict[str, Any]) -> dict[str, str]:
    """The groups as the design before built them, a person at a time."""
    decile = row["decile"]
    return {"tier": f"tier {max(row['tiers'])}" if row["tiers"] else "not on a pathway",
            "service": row["service"] or "not recorded",
            "imd_quintile": f"IMD quintile {(decile + 1) // 2}" if decile else "not recorded",
            "ethnicity": row["ethnicity"] or "not stated",
            "language": row["language"] or "not recorded"}  # fmt: skip


async def seed(graph: Graph, people: int) -> float:
    started = time.perf_counter()
    await graph.execute(AREAS)
    measures = [{"id": i, "score": s, "top": top} for i, s, top in MEASURES]
    for start in range(0, people, BATCH):
        ids = list(range(start, min(people, start + BATCH)))
        await graph.execute(PEOPLE, ids=ids, measures=measures)
    return time.perf_counter() - started


async def timed(repeat: int, one: Callable[[], Awaitable[None]]) -> list[float]:
    return await time_repeat(repeat, one)


async def run(env: dict[str, str], people: int, repeat: int) -> list[Row]:
    graph = Graph.from_settings(Settings.from_env(env))
    try:
        await migrate(graph.driver, graph.database)
        seconds = await seed(graph, people)
        print(f"seeded {people} people x 3 measures in {seconds:.0f} s")
        hide = Suppression(10)

        async def raw() -> None:
            for instrument, _, _ in MEASURES:
                rows = await graph.query(PAIRS, instrument=instrument, org=None, costs=False,
                                         scores=score_parameters(built_in()[instrument]))  # fmt: skip
                if sum(r["with_baseline"] for r in rows) != people:
                    raise RuntimeError(f"{instrument}: not {people} baselines")

        async def handler() -> None:
            for instrument, _, _ in MEASURES:
                await instrument_report(graph, built_in()[instrument], None, hide, None)

        async def before() -> None:
            for instrument, score, _ in MEASURES:
                definition = built_in()[instrument].score(score)
                rows = await graph.query(PER_PERSON, instrument=instrument, score=score,
                                         org=None, costs=False)  # fmt: skip
                found = [Person(r["baseline"], r["later"], _groups(r)) for r in rows]
                evaluate(definition, cells_of(definition, found), hide)

        await raw()  # warm the page cache and plan cache once
        raw_ms, api_ms = await timed(repeat, raw), await timed(repeat, handler)
        before_ms = await timed(repeat, before)
        ratio = Row.of("", api_ms).p95 / Row.of("", raw_ms).p95
        gain = Row.of("", before_ms).p95 / Row.of("", api_ms).p95
        return [
            Row.of(f"evaluation, {people} people x 3 — raw Cypher", raw_ms, "floor: 3 statements"),
            Row.of(f"evaluation, {people} people x 3 — instrument_report", api_ms,
                   f"p95 {ratio:.2f}x raw; 5 dimensions, CI, MIC, suppression"),
            Row.of(f"evaluation, {people} people x 3 — before (per person)", before_ms,
                   f"baseline: a row per person, grouped in Python ({gain:.1f}x slower)"),
        ]  # fmt: skip
    finally:
        await graph.close()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.outcomes")
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed reports per row")
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="kith-bench-outcomes-") as tmp,
        infrastructure(Path(tmp)) as stack,
    ):
        rows = asyncio.run(run(stack.env, args.people, args.repeat))
    print()
    print(table(rows))


if __name__ == "__main__":
    main()
