"""The evaluation: paired change with its t interval, the MIC share, follow-up counted, small
numbers suppressed as in the equity audit, through the real schema on the real graph."""

from __future__ import annotations

import math
import random
import statistics
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.outcomes.evaluation import Person, evaluate, paired_change, t975
from kith_gateway.outcomes.instruments import built_in

from tests.helpers.outcomes import AREA, LEAD, ORG_A, PRESCRIBER, SERVICE_R
from tests.helpers.referrals import Api

PHQ9 = built_in()["phq-9"].score("total")


def test_t_quantiles_match_the_tables() -> None:
    assert t975(1) == 12.706
    assert t975(30) == 2.042
    assert abs(t975(31) - 2.0395) < 0.001  # expansion just past the table
    assert abs(t975(120) - 1.9799) < 0.001
    assert abs(t975(10_000) - 1.96) < 0.001


def test_paired_change_worked_example() -> None:
    # changes -5 -3 -4 -6 -2: mean -4, sd 1.5811, se 0.7071, t(4) 2.776 -> ±1.963
    change = paired_change([-5, -3, -4, -6, -2])
    assert change.mean == -4
    assert change.low == pytest.approx(-5.963, abs=0.001)
    assert change.high == pytest.approx(-2.037, abs=0.001)


@given(st.lists(st.floats(-27, 27), min_size=2, max_size=200))
def test_the_interval_holds_the_mean_and_narrows_with_agreement(changes: list[float]) -> None:
    c = paired_change(changes)
    assert c.low is not None and c.high is not None  # noqa: PT018
    assert c.low - 1e-9 <= c.mean <= c.high + 1e-9
    spread = statistics.stdev(changes)
    assert math.isclose(c.high - c.low, 2 * t975(len(changes) - 1) * spread /
                        math.sqrt(len(changes)), rel_tol=1e-9, abs_tol=1e-9)  # fmt: skip


def test_small_groups_and_what_recovers_them_are_hidden() -> None:
    people = [Person(15, 9, {"language": "en"}) for _ in range(25)]
    people += [Person(15, 14, {"language": "en"}) for _ in range(10)]
    people += [Person(15, 14, {"language": "pl"}) for _ in range(4)]
    people += [Person(12, None, {"language": "en"}) for _ in range(11)]
    results = {(g.dimension, g.group): g for g in evaluate(PHQ9, people, Suppression(10))}
    everyone = results[("all", "all")]
    assert (everyone.with_baseline, everyone.with_follow_up, everyone.without_follow_up) == (
        50, 39, 11)  # fmt: skip
    assert everyone.reached_mic == 25  # 6 points down; the 14 who moved 1 point did not
    assert results[("language", "pl")].change is None
    # With "pl" hidden, "en" could be worked out from the total: it is hidden as well.
    assert results[("language", "en")].with_follow_up is None


async def _seed(api: Api, n_follow: int, n_lost: int) -> list[tuple[float, float]]:
    rng = random.Random(7)
    pairs = []
    for i in range(n_follow + n_lost):
        person = str(uuid.uuid4())
        base = float(rng.randint(10, 27))
        later = max(0.0, base - rng.randint(0, 9)) if i < n_follow else None
        await api.graph.execute(
            """MATCH (a:Area {code: $area})
            CREATE (p:Person {id: $id, organisation_id: $org, preferred_language: 'en'})
                   -[:LIVES_IN]->(a)
            CREATE (p)-[:CONTACTED]->(:Contact {id: randomUUID(), person_id: $id})
            CREATE (p)-[:MEASURED]->(:Measure {id: randomUUID(), person_id: $id,
              instrument_id: 'phq-9', timepoint: 'baseline', score_ids: ['total'],
              score_values: [$base], taken_at: datetime('2026-01-01T00:00Z'),
              organisation_id: $org, service_id: $svc})
            FOREACH (v IN CASE WHEN $later IS NULL THEN [] ELSE [$later] END |
              CREATE (p)-[:MEASURED]->(:Measure {id: randomUUID(), person_id: $id,
                instrument_id: 'phq-9', timepoint: 'review', score_ids: ['total'],
                score_values: [v], taken_at: datetime('2026-03-01T00:00Z'),
                organisation_id: $org}))""",
            area=AREA, id=person, org=ORG_A, base=base, later=later, svc=SERVICE_R,
        )  # fmt: skip
        if later is not None:
            pairs.append((base, later))
    return pairs


EVALUATION = """query { outcomeEvaluation(instrumentIds: ["phq-9"], costPerSession: 40) {
  suppressionThreshold csv scores { scoreId cost { perPersonImproved peopleImproved label }
  groups { dimension group peopleWithBaseline withFollowUp withoutFollowUp meanChange
           changeLow changeHigh reachedMic shareReachedMic } } } }"""


async def test_an_evaluation_with_costs_before_anyone_is_measured(api: Api) -> None:
    """Found by the GraphQL fuzzer: no one measured yet was an IndexError, not a report."""
    report = await api.ok(EVALUATION, None, LEAD)
    (score,) = report["scores"]
    assert score["groups"] == []
    assert score["cost"]["peopleImproved"] == 0
    assert score["cost"]["perPersonImproved"] is None


async def test_evaluation_through_the_api(api: Api) -> None:
    pairs = await _seed(api, 30, 12)
    report = await api.ok(EVALUATION, None, LEAD)
    (score,) = report["scores"]
    groups = {(g["dimension"], g["group"]): g for g in score["groups"]}
    everyone = groups[("all", "all")]
    changes = [b - a for a, b in pairs]
    assert everyone["peopleWithBaseline"] == 42
    assert everyone["withFollowUp"] == 30
    assert everyone["withoutFollowUp"] == 12
    assert everyone["meanChange"] == pytest.approx(statistics.fmean(changes))
    assert everyone["reachedMic"] == sum(1 for a, b in pairs if a - b >= 5)
    assert groups[("service", "Health coaching")]["withFollowUp"] == 30
    assert groups[("imd_quintile", "IMD quintile 1")]["peopleWithBaseline"] == 42
    assert ("tier", "not on a pathway") in groups
    # one contact each at 40 a session, over the people who reached the MIC
    assert score["cost"]["perPersonImproved"] == pytest.approx(42 * 40 / everyone["reachedMic"])
    assert "x cost per session" in score["cost"]["label"]
    assert report["csv"].splitlines()[0].startswith("instrument,score,dimension,group")
    body = await api.run(EVALUATION, None, PRESCRIBER)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_no_individual_shows_through_a_small_cohort(api: Api) -> None:
    await _seed(api, 4, 2)
    report = await api.ok(EVALUATION, None, LEAD)
    everyone = report["scores"][0]["groups"][0]
    assert everyone["withFollowUp"] is None
    assert everyone["meanChange"] is None
    assert "[c]" in report["csv"]
