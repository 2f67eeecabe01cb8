"""The evaluation report: one named Cypher per score, grouped and suppressed in Python
(`evaluation.py`), and the same report as CSV. System leads see every organisation's people;
an organisation admin sees the measures their own organisation recorded. Only aggregates
leave this module: nobody reaches an individual through the evaluation."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph

from kith_gateway.insights.disclosure import HIDDEN, Suppression
from kith_gateway.outcomes.evaluation import (
    CostPerImproved,
    GroupResult,
    Person,
    cost_per_improved,
    evaluate,
)
from kith_gateway.outcomes.instruments import Instrument, ScoreDefinition

# Each baseline with its latest later measure; the groups come from the person's record.
PAIRS = """
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

SERVICE_NAMES = "MATCH (s:Service) WHERE s.id IN $ids RETURN s.id AS id, s.name AS name"


@dataclass(frozen=True)
class Costs:
    per_referral: float
    per_session: float


@dataclass(frozen=True)
class ScoreReport:
    instrument: Instrument
    score: ScoreDefinition
    groups: list[GroupResult]
    cost: CostPerImproved | None


def _person(row: dict[str, Any], services: dict[str, str]) -> Person:
    decile = row["decile"]
    groups = {
        "tier": f"tier {max(row['tiers'])}" if row["tiers"] else "not on a pathway",
        "service": services.get(row["service"] or "", "not recorded"),
        "imd_quintile": f"IMD quintile {(decile + 1) // 2}" if decile else "not recorded",
        "ethnicity": row["ethnicity"] or "not stated",
        "language": row["language"] or "not recorded",
    }
    return Person(row["baseline"], row["later"], groups, row["referrals"], row["contacts"])


async def score_report(
    graph: Graph, instrument: Instrument, score: ScoreDefinition, org: str | None,
    hide: Suppression, costs: Costs | None,
) -> ScoreReport:  # fmt: skip
    rows = await graph.query(PAIRS, instrument=instrument.id, score=score.id, org=org,
                             costs=costs is not None)  # fmt: skip
    ids = sorted({r["service"] for r in rows if r["service"]})
    names = {r["id"]: r["name"] for r in await graph.query(SERVICE_NAMES, ids=ids)}
    people = [_person(r, names) for r in rows]
    groups = evaluate(score, people, hide)
    cost = None
    if costs is not None and score.mic is not None:
        reached = groups[0].reached_mic if groups else None  # nobody measured yet
        cost = cost_per_improved(people, reached, costs.per_referral,
                                 costs.per_session)  # fmt: skip
    return ScoreReport(instrument, score, groups, cost)


COLUMNS = ("instrument", "score", "dimension", "group", "people_with_baseline",
           "with_follow_up", "without_follow_up", "mean_change", "ci_low", "ci_high",
           "reached_mic", "share_reached_mic", "share_low", "share_high", "better")  # fmt: skip


def _v(value: float | int | None, digits: int = 2) -> str:
    if value is None:
        return HIDDEN
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def render_csv(reports: list[ScoreReport]) -> str:
    """`[c]` marks a value hidden for small numbers; an empty cell means not applicable."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in reports:
        for g in r.groups:
            c, s = g.change, g.share_mic
            writer.writerow([
                r.instrument.id, r.score.id, g.dimension, g.group, _v(g.with_baseline),
                _v(g.with_follow_up), _v(g.without_follow_up), _v(c.mean if c else None),
                _v(c.low if c else None), _v(c.high if c else None),
                "" if r.score.mic is None else _v(g.reached_mic),
                "" if r.score.mic is None else _v(s[0] if s else None, 3),
                "" if r.score.mic is None else _v(s[1] if s else None, 3),
                "" if r.score.mic is None else _v(s[2] if s else None, 3), r.score.better,
            ])  # fmt: skip
    return out.getvalue()
