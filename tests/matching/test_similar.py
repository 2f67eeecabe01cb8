"""People like them: referral history per service x cohort (one of the same needs, home area
in the same IMD quintile), blended into the score, ignored below the minimum count.

In the domain (hypothesis) and through the real candidate query over referrals in Neo4j."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import AsyncIterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from kith_common.graph import Graph
from kith_gateway.matching.config import MatchingConfig, Weights
from kith_gateway.matching.domain import Candidate, History, Place, match
from kith_gateway.matching.domain.scoring import similar
from kith_gateway.matching.handlers import matches_for_profile
from kith_gateway.people.domain import Profile

from tests.helpers import matching_scenarios as sc
from tests.helpers.matching import CONFIG, HOME, NOW, candidates, profiles, request
from tests.helpers.matching_golden import GRASSINGTON, HOLME_WOOD

# The signal decides (and the service-wide outcomes, which the same referrals move, do not).
LOUD = MatchingConfig(weights=Weights(similar=0.6, outcomes=0.0))
histories = st.builds(
    lambda d, a, c: History(d, min(a, d), min(c, a, d)),
    st.integers(0, 40),
    st.integers(0, 40),
    st.integers(0, 40),
)


def order(profile: Profile, cands: list[Candidate], cfg: MatchingConfig) -> list[str]:
    return [r.scored.candidate.id for r in match(profile, HOME, cands, cfg, NOW).ranked]


@settings(max_examples=150, deadline=None)
@given(profiles, st.lists(candidates, max_size=20), st.lists(histories, min_size=20))
def test_histories_below_the_minimum_never_change_anything(
    profile: Profile, cands: list[Candidate], hs: list[History]
) -> None:
    few = [dataclasses.replace(h, decided=h.decided % LOUD.similar_min) for h in hs]
    thin = [
        dataclasses.replace(c, similar=History(h.decided, min(h.accepted, h.decided), 0))
        for c, h in zip(cands, few, strict=False)
    ]
    assert order(profile, thin, LOUD) == order(profile, cands, LOUD)
    assert all(similar(c, LOUD) == 0.5 for c in thin)


@settings(max_examples=150, deadline=None)
@given(histories, histories)
def test_more_accepted_and_completed_scores_higher(a: History, b: History) -> None:
    base = Candidate("x", "X", "o", "O", frozenset({"pain"}), (Place("l", False, 0, None),))
    sa = similar(dataclasses.replace(base, similar=a), CONFIG)
    sb = similar(dataclasses.replace(base, similar=b), CONFIG)
    assert 0 <= sa <= 1
    same_size = a.decided == b.decided >= CONFIG.similar_min
    if same_size and a.accepted >= b.accepted and a.completed >= b.completed:
        assert sa >= sb


@settings(max_examples=100, deadline=None)
@given(profiles, st.lists(st.tuples(candidates, histories), max_size=20), candidates, histories)
def test_with_any_histories_an_unrelated_service_never_reorders_the_others(
    profile: Profile,
    pairs: list[tuple[Candidate, History]],
    extra: Candidate,
    h: History,
) -> None:
    cands = [dataclasses.replace(c, similar=hc) for c, hc in pairs]
    others = frozenset({"housing", "food", "debt", "pain", "sleep"}) - profile.needs
    extra = dataclasses.replace(extra, needs=others or frozenset({"carers"}), semantic=None)
    extra = dataclasses.replace(extra, similar=h)
    before = order(profile, cands, LOUD)
    assert before == order(profile, list(reversed(cands)), LOUD)
    assert [i for i in order(profile, [*cands, extra], LOUD) if i != extra.id] == before


# --- through the real query: synthetic people and referrals in the golden directory ----------

BATCHES = itertools.count()  # each call's people and referrals get their own ids
PEOPLE_AND_REFERRALS = """
MATCH (s:Service {name: $service}), (a:Area {code: $area}), (n:Need {code: $need})
UNWIND range(1, size($statuses)) AS i
CREATE (p:Person {id: $tag + '-person-' + $service + '-' + i, test_similar: true})
CREATE (p)-[:LIVES_IN]->(a), (p)-[:HAS_NEED]->(n)
CREATE (r:Referral {id: $tag + '-ref-' + $service + '-' + i, service_id: s.id,
                    status: $statuses[i - 1], test_similar: true})
CREATE (r)-[:FOR]->(p), (r)-[:TO]->(s)
"""


@pytest.fixture
async def history(golden_graph: Graph) -> AsyncIterator[Graph]:
    yield golden_graph
    await golden_graph.execute("MATCH (n {test_similar: true}) DETACH DELETE n")


async def add(
    graph: Graph,
    service: str,
    statuses: list[str],
    area: str = HOLME_WOOD,
    need: str = "loneliness",
) -> None:
    await graph.execute(
        PEOPLE_AND_REFERRALS,
        service=service,
        area=area,
        need=need,
        statuses=statuses,
        tag=f"sim{next(BATCHES)}",
    )


LONELY = sc.profile(needs=["loneliness"], max_travel_km=5.0)  # Manningham, decile 1


async def ranked(graph: Graph) -> list[str]:
    # One need, so diversity re-ranking has nothing to add: the order is the score's.
    page = await matches_for_profile(graph, LONELY, request(config=LOUD))
    return [s.scored.candidate.name for s in page.suggestions]


GOOD = ["completed"] * 10 + ["accepted"] * 2
BAD = ["rejected"] * 12


async def test_people_like_them_change_the_ranking_only_when_enough_and_alike(
    history: Graph,
) -> None:
    before = await ranked(history)
    assert len(before) >= 2
    first, second = before[0], before[1]

    # Too few (9 < 10): ignored, whatever they say.
    await add(history, first, BAD[:9])
    await add(history, second, GOOD[:9])
    assert await ranked(history) == before

    # Enough, but not like her: home areas in another IMD quintile (Grassington, decile 9),
    # or referred for another need.
    await add(history, first, BAD, area=GRASSINGTON)
    await add(history, second, GOOD, area=GRASSINGTON)
    await add(history, first, BAD, need="debt")
    await add(history, second, GOOD, need="debt")
    assert await ranked(history) == before

    # Enough people like her (same need, Holme Wood is decile 1 like Manningham).
    await add(history, first, BAD[:3])
    await add(history, second, GOOD[:3])
    after = await ranked(history)
    assert after.index(second) < after.index(first)
    page = await matches_for_profile(history, LONELY, request(config=LOUD))
    top = page.suggestions[0]
    assert top.scored.candidate.name == second
    assert top.scored.components["similar"] == 1.0
    assert "people like them" in (top.explanation.why_above_next or "")


async def test_the_default_weight_keeps_the_signal_small(history: Graph) -> None:
    plain = await matches_for_profile(history, LONELY, request())
    name = plain.suggestions[0].scored.candidate.name
    await add(history, name, GOOD)  # 12 decided, all accepted, 10 completed
    helped = await matches_for_profile(history, LONELY, request())
    top = next(s for s in helped.suggestions if s.scored.candidate.name == name)
    assert top.scored.components["similar"] == pytest.approx(22 / 24)
    assert top.scored.components["outcomes"] == pytest.approx(11 / 14)  # service-wide
    w = MatchingConfig().weights
    lift = top.scored.total - plain.suggestions[0].scored.total
    expected = w.similar * (22 / 24 - 0.5) + w.outcomes * (11 / 14 - 0.5)
    assert lift == pytest.approx(expected, abs=1e-6)
