"""The evaluation report: one named Cypher per instrument that pairs each baseline with its
latest later measure and sums the pairs per combination of groups in the database (a few
hundred rows, not one per person), then rolls the cells up and suppresses in Python
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
    Cell,
    CostPerImproved,
    GroupResult,
    cost_per_improved,
    evaluate,
)
from kith_gateway.outcomes.instruments import Instrument, ScoreDefinition

# The same rule as `scoring.change_reaches_mic` (tests compare the two on the same people):
# a gain of at least the MIC, or of at least MIC x baseline for a relative one (never from 0).
_REACHED = """CASE WHEN sc.mic IS NULL OR later IS NULL THEN 0
  WHEN sc.relative AND base = 0 THEN 0
  WHEN gain >= CASE WHEN sc.relative THEN sc.mic * base ELSE sc.mic END - 1e-9 THEN 1
  ELSE 0 END"""

# Each baseline with its latest later measure per score; the person's groups read once for
# every score of the instrument; summed per combination of groups.
PAIRS = f"""
MATCH (b:Measure {{instrument_id: $instrument, timepoint: 'baseline'}})
WHERE $org IS NULL OR b.organisation_id = $org
MATCH (p:Person)-[:MEASURED]->(b)
// From the person, not an index: a person has a handful of measures, an instrument many.
WITH p, b, COLLECT {{
  MATCH (p)-[:MEASURED]->(f:Measure)
  WHERE f.instrument_id = b.instrument_id AND f.timepoint <> 'baseline'
    AND f.taken_at > b.taken_at
  RETURN f ORDER BY f.taken_at DESC
}} AS follow_ups
CALL (p) {{
  OPTIONAL MATCH (p)-[:ON_PATHWAY]->(e:PathwayEnrolment)
  RETURN max(e.tier) AS tier
}}
WITH b, follow_ups, tier, b.service_id AS service, p.preferred_language AS language,
     [(p)-[:LIVES_IN]->(a:Area) | a.imd_decile][0] AS decile,
     [(p)-[:SELF_DESCRIBED]->(s:EthnicityStatement) | s.group][0] AS ethnicity,
     CASE WHEN $costs THEN COUNT {{ (:Referral)-[:FOR]->(p) }} ELSE 0 END AS referrals,
     CASE WHEN $costs THEN COUNT {{ (p)-[:CONTACTED]->(:Contact) }} ELSE 0 END AS contacts
UNWIND $scores AS sc
WITH sc, tier, service, language, decile, ethnicity, referrals, contacts,
     [i IN range(0, size(b.score_ids) - 1) WHERE b.score_ids[i] = sc.id
      | b.score_values[i]][0] AS base,
     [f IN follow_ups WHERE sc.id IN f.score_ids | [i IN range(0, size(f.score_ids) - 1)
       WHERE f.score_ids[i] = sc.id | f.score_values[i]][0]][0] AS later
WHERE base IS NOT NULL
WITH sc, tier, service, language, decile, ethnicity, referrals, contacts, base, later,
     later - base AS change, CASE WHEN sc.lower THEN base - later ELSE later - base END AS gain
RETURN sc.id AS score, tier, service, language, decile, ethnicity,
       count(*) AS with_baseline, count(later) AS with_follow_up,
       sum(coalesce(change, 0.0)) AS sum_change, sum(coalesce(change * change, 0.0)) AS sum_squares,
       sum({_REACHED}) AS reached, sum(referrals) AS referrals, sum(contacts) AS contacts
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


def score_parameters(instrument: Instrument) -> list[dict[str, Any]]:
    """What PAIRS needs of each score's definition: its id, direction and MIC."""
    return [{"id": s.id, "lower": s.lower_is_better, "mic": s.mic.value if s.mic else None,
             "relative": bool(s.mic and s.mic.kind != "absolute")} for s in instrument.scores]  # fmt: skip


def _cell(row: dict[str, Any], services: dict[str, str]) -> Cell:
    decile = row["decile"]
    groups = {
        "tier": f"tier {row['tier']}" if row["tier"] is not None else "not on a pathway",
        "service": services.get(row["service"] or "", "not recorded"),
        "imd_quintile": f"IMD quintile {(decile + 1) // 2}" if decile else "not recorded",
        "ethnicity": row["ethnicity"] or "not stated",
        "language": row["language"] or "not recorded",
    }
    return Cell(groups, row["with_baseline"], row["with_follow_up"], row["sum_change"],
                row["sum_squares"], row["reached"], row["referrals"], row["contacts"])  # fmt: skip


async def instrument_report(
    graph: Graph, instrument: Instrument, org: str | None, hide: Suppression,
    costs: Costs | None,
) -> list[ScoreReport]:  # fmt: skip
    """Every score of one instrument, from one round trip for the pairs and one for names."""
    rows = await graph.query(PAIRS, instrument=instrument.id, org=org, costs=costs is not None,
                             scores=score_parameters(instrument))  # fmt: skip
    ids = sorted({r["service"] for r in rows if r["service"]})
    names = {r["id"]: r["name"] for r in await graph.query(SERVICE_NAMES, ids=ids)}
    return [_score(instrument, score, [_cell(r, names) for r in rows if r["score"] == score.id],
                   hide, costs) for score in instrument.scores]  # fmt: skip


def _score(instrument: Instrument, score: ScoreDefinition, cells: list[Cell],
           hide: Suppression, costs: Costs | None) -> ScoreReport:  # fmt: skip
    groups = evaluate(score, cells, hide)
    cost = None
    if costs is not None and score.mic is not None:
        reached = groups[0].reached_mic if groups else None  # nobody measured yet
        cost = cost_per_improved(cells, reached, costs.per_referral, costs.per_session)
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
