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
from kith_gateway.outcomes.evaluation import (
    Person,
    cells_of,
    evaluate,
    paired_change,
    summed_change,
    t975,
)
from kith_gateway.outcomes.instruments import built_in
from kith_gateway.outcomes.report import instrument_report

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


@given(st.lists(st.integers(-27, 27), min_size=1, max_size=200))
def test_the_summed_interval_is_the_listed_one(changes: list[int]) -> None:
    """The database sums changes and their squares; the interval from the sums is the one
    from the list (whole-point changes, as PHQ-9 and GAD-7 give)."""
    listed, summed = paired_change(changes), summed_change(
        len(changes), float(sum(changes)), float(sum(c * c for c in changes)))  # fmt: skip
    assert summed.mean == pytest.approx(listed.mean)
    if listed.low is None:
        assert summed.low is None
    else:
        assert summed.low == pytest.approx(listed.low, abs=1e-6)
        assert summed.high == pytest.approx(listed.high, abs=1e-6)


def test_small_groups_and_what_recovers_them_are_hidden() -> None:
    people = [Person(15, 9, {"language": "en"}) for _ in range(25)]
    people += [Person(15, 14, {"language": "en"}) for _ in range(10)]
    people += [Person(15, 14, {"language": "pl"}) for _ in range(4)]
    people += [Person(12, None, {"language": "en"}) for _ in range(11)]
    results = {
        (g.dimension, g.group): g for g in evaluate(PHQ9, cells_of(PHQ9, people), Suppression(10))
    }
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


SEED_PERSON = """MATCH (a:Area {code: $area})
CREATE (p:Person {id: $id, organisation_id: $org, preferred_language: $language})
       -[:LIVES_IN]->(a)
FOREACH (t IN $tiers | CREATE (p)-[:ON_PATHWAY]->(:PathwayEnrolment {person_id: $id, tier: t}))
WITH p
UNWIND $measures AS m
CREATE (p)-[:MEASURED]->(:Measure {id: randomUUID(), person_id: $id, instrument_id: $instrument,
  timepoint: m.timepoint, score_ids: m.ids, score_values: m.values,
  taken_at: datetime(m.at), organisation_id: $org, service_id: $svc})"""


def _measure(timepoint: str, at: str, scores: dict[str, float]) -> dict[str, object]:
    return {"timepoint": timepoint, "at": at, "ids": list(scores), "values": list(scores.values())}


async def _seed_random(api: Api, instrument: str, people: int) -> dict[str, list[Person]]:
    """People with several follow-ups (only the latest after the baseline counts), one taken
    before the baseline (ignored), scores missing at random, and tiers and languages mixed."""
    rng, scores = random.Random(18), built_in()[instrument].scores
    expected: dict[str, list[Person]] = {s.id: [] for s in scores}
    for _ in range(people):
        person, language = str(uuid.uuid4()), rng.choice(["en", "ur", "pl"])
        tiers = rng.sample([1, 2, 3], rng.randint(0, 2))
        base = {s.id: float(rng.randint(0, int(s.high))) for s in scores if rng.random() < 0.9}
        early = {s.id: float(rng.randint(0, int(s.high))) for s in scores}
        mid = {s.id: float(rng.randint(0, int(s.high))) for s in scores}
        last = {s.id: float(rng.randint(0, int(s.high))) for s in scores if rng.random() < 0.5}
        measures = [_measure("baseline", "2026-02-01T00:00Z", base),
                    _measure("review", "2026-01-01T00:00Z", early)]  # fmt: skip
        followed = rng.random() < 0.7
        if followed:
            measures += [_measure("review", "2026-03-01T00:00Z", mid),
                         _measure("keep-in-touch", "2026-05-01T00:00Z", last)]  # fmt: skip
        await api.graph.execute(SEED_PERSON, area=AREA, id=person, org=ORG_A, svc=SERVICE_R,
                                language=language, tiers=tiers, instrument=instrument,
                                measures=[m for m in measures if m["ids"]])  # fmt: skip
        for s in scores:
            if s.id in base:
                later = (last.get(s.id, mid[s.id])) if followed else None
                groups = {"tier": f"tier {max(tiers)}" if tiers else "not on a pathway",
                          "service": "Health coaching", "imd_quintile": "IMD quintile 1",
                          "ethnicity": "not stated", "language": language}  # fmt: skip
                expected[s.id].append(Person(base[s.id], later, groups))
    return expected


@pytest.mark.parametrize("instrument", ["peg", "ons4"])
async def test_the_database_sums_agree_with_the_person_by_person_rules(
    api: Api, instrument: str
) -> None:
    """PEG's MIC is relative to the baseline (never reached from 0); ONS4 has four scores and
    no MIC: the report summed in Cypher equals the pure rules applied person by person."""
    expected = await _seed_random(api, instrument, 60)
    hide = Suppression(3)
    reports = await instrument_report(api.graph, built_in()[instrument], None, hide, None)
    for report in reports:
        people = expected[report.score.id]
        want = evaluate(report.score, cells_of(report.score, people), hide)
        assert [(g.dimension, g.group) for g in report.groups] == [
            (g.dimension, g.group) for g in want]  # fmt: skip
        for got, ref in zip(report.groups, want, strict=True):
            assert (got.with_baseline, got.with_follow_up, got.without_follow_up,
                    got.reached_mic) == (ref.with_baseline, ref.with_follow_up,
                                         ref.without_follow_up, ref.reached_mic)  # fmt: skip
            assert (got.change is None) == (ref.change is None)
            if got.change and ref.change:
                assert got.change.mean == pytest.approx(ref.change.mean)
                assert got.change.low == pytest.approx(ref.change.low)
            assert got.share_mic == pytest.approx(ref.share_mic)
    everyone = reports[0].groups[0]
    assert everyone.with_follow_up, "the test data has pairs"
