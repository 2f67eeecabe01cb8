"""The gap map over a constructed district whose every number is worked out by hand.

Three LSOAs on one line of latitude, ~1.98 km apart: A (1,000 residents, 800 adults, IMD
decile 5), B (3,000 / 2,400, decile 9), C (2,000 / 1,600, decile 2). Pain services at A (open)
and at C (waiting list), a closed food service at C, an online pain service. Reach 2.5 km.

2SFCA: the site at A reaches A and B: 1 / 4,000 residents; the site at C reaches B and C:
1 / 5,000. Per 10,000: A 2.5, B 4.5, C 2.0 (median 2.5).
Chronic pain at 43.5% of adults: A 348, B 1,044, C 696. Service-equivalents (per resident x
residents): A 0.25, B 1.35, C 0.4. Gap: A 1,392, B 773.3, C 1,740 -> rank C, A, B.
C is deprived (decile 2) with provision below the median: a priority.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from kith_common.graph import Graph
from kith_gateway.insights import export, svg
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.geography import resolve
from kith_gateway.insights.handlers import Window, gap_map

from tests.helpers.insights import (
    EMPTY_LAD,
    LAD,
    LEAD,
    A,
    Api,
    B,
    C,
)

GAP_MAP = """
query($g: GeographyInput!, $need: String, $km: Float, $p: Float) {
  gapMap(geography: $g, need: $need, reachKm: $km, prevalence: $p) {
    __typename
    ... on InputError { field message }
    ... on NotFoundError { message }
    ... on GapMap {
      kind code name need reachKm prevalence suppressionThreshold placeBasedServices
      onlineServices { key count }
      totals { ...F }
      lsoas { rank code imdDecile adults estimatedChronicPain servicesWithinReach
              servicesByCapacity { key count } provisionPer10k gapScore priority friction { ...F } }
      byImdDecile { imdDecile lsoas population provisionPer10k }
      attribution
    }
  }
}
fragment F on Friction {
  referrals referralsPer1000 acceptanceRate rejectionRate
  rejectionsByReason { key count } medianDaysToFirstContact medianDaysToCompletion
  unmetNeeds unmetNeedsByReason { key count }
}
"""


async def _map(api: Api, geography: dict[str, Any], **extra: Any) -> dict[str, Any]:
    variables = {"g": geography, "need": "pain", "km": 2.5, **extra}
    return await api.ok(GAP_MAP, variables, LEAD)


def _counts(items: list[dict[str, Any]]) -> dict[str, int | None]:
    return {i["key"]: i["count"] for i in items}


async def test_need_provision_and_gap_per_lsoa(district: Graph, api: Api) -> None:
    got = await _map(api, {"code": LAD})
    assert (got["kind"], got["name"], got["prevalence"]) == ("LAD", "Testshire", 0.435)
    assert got["placeBasedServices"] == 2
    assert _counts(got["onlineServices"]) == {"open": 1}
    rows = {r["code"]: r for r in got["lsoas"]}
    assert [r["code"] for r in got["lsoas"]] == [C, A, B]
    assert [rows[c]["provisionPer10k"] for c in (A, B, C)] == pytest.approx([2.5, 4.5, 2.0])
    assert [rows[c]["estimatedChronicPain"] for c in (A, B, C)] == pytest.approx([348, 1044, 696])
    assert [rows[c]["gapScore"] for c in (A, B, C)] == pytest.approx([1392, 773.333, 1740])
    assert [rows[c]["priority"] for c in (A, B, C)] == [False, False, True]
    assert [rows[c]["servicesWithinReach"] for c in (A, B, C)] == [1, 2, 1]
    assert _counts(rows[B]["servicesByCapacity"]) == {"open": 1, "waitlist": 1}
    deciles = {d["imdDecile"]: d for d in got["byImdDecile"]}
    assert deciles[2]["provisionPer10k"] == pytest.approx(2.0)
    assert deciles[1]["lsoas"] == 0
    assert "Open Government Licence v3.0" in got["attribution"]


async def test_demand_and_friction_with_suppression(district: Graph, api: Api) -> None:
    got = await _map(api, {"code": LAD})
    rows = {r["code"]: r["friction"] for r in got["lsoas"]}
    b = rows[B]
    assert b["referrals"] == 25
    assert b["referralsPer1000"] == pytest.approx(8.333, abs=1e-3)
    assert b["acceptanceRate"] == pytest.approx(12 / 23)  # 12 accepted, 11 rejected
    assert b["medianDaysToFirstContact"] == pytest.approx(6.5)  # days 1..12
    assert b["medianDaysToCompletion"] == pytest.approx(24.5)  # days 20..29
    assert b["unmetNeeds"] == 10
    # 11 "no capacity" is above the threshold, but B's other reason (0) is hidden, so it
    # would be recoverable from the row: hidden too. Same for unmet "too far".
    assert _counts(b["rejectionsByReason"]) == {"no-capacity": None, "not-eligible": None}
    assert _counts(b["unmetNeedsByReason"]) == {"full": None, "too-far": None}
    for small in (rows[A], rows[C]):  # 3 and 0 referrals: nothing about them is shown
        assert small["referrals"] is None
        assert small["referralsPer1000"] is None
        assert small["acceptanceRate"] is None
        assert small["unmetNeeds"] is None
    totals = got["totals"]
    assert totals["referrals"] == 28
    assert totals["acceptanceRate"] == pytest.approx(0.5)
    assert _counts(totals["rejectionsByReason"]) == {"no-capacity": 11, "not-eligible": None}
    assert totals["unmetNeeds"] == 12
    assert totals["medianDaysToFirstContact"] == 6.5


async def test_geographies_msoa_custom_and_empty(district: Graph, api: Api) -> None:
    msoa = await _map(api, {"code": "E02000001"})
    assert (msoa["kind"], sorted(r["code"] for r in msoa["lsoas"])) == ("MSOA", [A, B])
    # Provision counts people outside the chosen LSOAs: B still shares C's service.
    assert {r["code"]: r["provisionPer10k"] for r in msoa["lsoas"]}[B] == pytest.approx(4.5)
    custom = await _map(api, {"lsoas": [C, A]})
    assert custom["kind"] == "CUSTOM"
    assert custom["code"].startswith("custom:")
    empty = await _map(api, {"code": EMPTY_LAD})
    assert empty["lsoas"] == []
    assert empty["totals"]["referrals"] is None
    assert all(d["lsoas"] == 0 for d in empty["byImdDecile"])


@pytest.mark.parametrize(
    ("geography", "extra", "kind"),
    [
        ({"code": "E0800009"}, {}, "InputError"),
        ({"code": "E08000097"}, {}, "NotFoundError"),
        ({"code": LAD, "lsoas": [A]}, {}, "InputError"),
        ({"lsoas": [A, "E01999999"]}, {}, "NotFoundError"),
        ({"code": LAD}, {"km": 0.0}, "InputError"),
        ({"code": LAD}, {"p": 1.5}, "InputError"),
        ({"code": LAD}, {"need": "Pain!"}, "InputError"),
    ],
)
async def test_bad_questions_get_typed_answers(
    district: Graph, api: Api, geography: dict[str, Any], extra: dict[str, Any], kind: str
) -> None:
    got = await _map(api, geography, **extra)
    assert got["__typename"] == kind
    assert got.get("message")


async def test_csv_and_svg(district: Graph) -> None:
    geo = await resolve(district, LAD, None)
    built = await gap_map(district, geo, "pain", InsightsConfig(reach_km=2.5), Window())
    lines = export.render(built).splitlines()
    assert lines[0].startswith("rank,lsoa_code,lsoa_name")
    first = dict(zip(lines[0].split(","), lines[1].split(","), strict=False))
    assert (first["lsoa_code"], first["priority"], first["referrals"]) == (C, "True", "[c]")
    assert "Open Government Licence v3.0" in lines[-1]
    picture = svg.render(built)
    assert picture.startswith("<svg")
    assert picture.count("<circle") >= 3
    assert "Open Government Licence v3.0" in picture
    assert "English Indices of Deprivation" in picture
    empty = await gap_map(
        district, await resolve(district, EMPTY_LAD, None), None, InsightsConfig(), Window()
    )
    assert "No LSOAs" in svg.render(empty)
    assert len(export.render(empty).splitlines()) == 3


async def test_a_time_window_counts_only_referrals_made_in_it(district: Graph) -> None:
    geo = await resolve(district, LAD, None)
    later = Window(since=datetime(2030, 1, 1, tzinfo=UTC))
    built = await gap_map(district, geo, "pain", InsightsConfig(reach_km=2.5), later)
    assert built.total.referrals is None
    assert all(r.shown.referrals is None for r in built.rows)


async def test_the_needs_a_map_can_be_drawn_for(district: Graph, api: Api) -> None:
    got = await api.run("{ gapMapNeeds { code name } }", None, LEAD)
    assert [(n["code"], n["name"]) for n in got["data"]["gapMapNeeds"]] == [
        ("food", "food"),
        ("pain", "pain"),
    ]
