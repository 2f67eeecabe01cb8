"""The public directory through the real schema, with no caller: plain words, places from
real data, filters that hold for every result, and a service page with what a person needs."""

from __future__ import annotations

import math
from typing import Any

from kith_common.graph import Graph

from tests.support import SchemaClient

FIND = """
query($text: String!, $place: String, $near: PointInput, $day: Weekday, $time: String,
      $womenOnly: Boolean! = false, $stepFree: Boolean! = false, $free: Boolean! = false,
      $languages: [String!], $first: Int! = 20) {
  findHelp(text: $text, place: $place, near: $near, day: $day, time: $time,
           womenOnly: $womenOnly, stepFree: $stepFree, freeOfCharge: $free,
           languages: $languages, first: $first) {
    understood { needs { code name } place placeNotFound nearMe day time languages
                 womenOnly stepFree freeOfCharge words }
    edges { node { id name organisationName summary distanceKm needs { code }
                   languages { code name } whoFor { womenOnly } freeOfCharge
                   venues { stepFree lat lon postcode } sessions { days opensAt closesAt } } }
    pageInfo { hasNextPage }
  } }"""

SERVICE = """
query($id: ID!) { publicService(id: $id) {
  id name description organisationName writtenIn needs { code name } languages { code name }
  whoFor { womenOnly menOnly minimumAge maximumAge description }
  sessions { days weekOfMonth opensAt closesAt description }
  venues { name address postcode lat lon stepFree access directions }
  online contact { phone email website } freeOfCharge costs takesSelfReferrals
  lastChecked freshness } }"""


async def find(public: SchemaClient, text: str, **variables: Any) -> dict[str, Any]:
    body = await public.run(FIND, {"text": text, **variables}, None)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["findHelp"]
    return result


def nodes(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in result["edges"]]


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371 * math.hypot(x, math.radians(lat2 - lat1))


async def test_plain_words_and_a_town_find_services_for_that_need_nearby(
    public: SchemaClient,
) -> None:
    result = await find(public, "help with money worries in Keighley")
    assert result["understood"]["needs"][0]["code"] == "debt"
    assert result["understood"]["place"] == "Keighley"
    found = nodes(result)
    assert found, "the demo district has debt advice around Keighley"
    for node in found:
        assert "debt" in {n["code"] for n in node["needs"]}
        assert node["distanceKm"] is not None
        assert node["distanceKm"] <= 4.0
    distances = [n["distanceKm"] for n in found]
    assert distances == sorted(distances)


IN_CRAVEN = """
MATCH (s:Service {id: $id})
RETURN EXISTS { (s)-[:AVAILABLE_AT]->()-[:AT]->()-[:IN]->(a:LSOA {lad_code: 'E07000163'}) }
    OR EXISTS { (s)-[:COVERS]->(c:Area)
                WHERE c.code = 'E07000163' OR c.lad_code = 'E07000163' } AS inside
"""


async def test_a_local_authority_by_name_searches_inside_it(
    public: SchemaClient, district: Graph
) -> None:
    craven = await find(public, "walking in craven")
    assert craven["understood"]["place"] == "Craven"
    assert nodes(craven)
    for node in nodes(craven):  # a venue in Craven, or Craven in the area it covers
        assert await district.query(IN_CRAVEN, id=node["id"]) == [{"inside": True}], node


async def test_a_postcode_district_venues_have_is_a_place(
    public: SchemaClient, district: Graph
) -> None:
    rows = await district.query(
        "MATCH (l:Location) WHERE l.postcode_norm STARTS WITH 'BD8 ' RETURN count(l) AS n"
    )
    assert rows[0]["n"] > 0
    result = await find(public, "bd8")
    assert result["understood"]["place"] == "BD8"
    assert nodes(result)


async def test_a_place_no_data_knows_is_said_back_not_guessed(public: SchemaClient) -> None:
    result = await find(public, "food in Atlantis")
    assert result["understood"]["placeNotFound"] == "atlantis"
    assert result["edges"] == []


async def test_women_only_step_free_and_free_hold_for_every_result(public: SchemaClient) -> None:
    women = nodes(await find(public, "women only"))
    assert women
    assert all(n["whoFor"]["womenOnly"] for n in women)
    step_free = nodes(await find(public, "", stepFree=True, first=50))
    assert step_free
    assert all(any(v["stepFree"] for v in n["venues"]) for n in step_free)
    free = nodes(await find(public, "free", first=50))
    assert free
    assert all(n["freeOfCharge"] is True for n in free)


async def test_language_spoken_and_near_me(public: SchemaClient) -> None:
    near = {"lat": 53.806, "lon": -1.765}
    result = await find(public, "near me, urdu", near=near)
    assert result["understood"]["nearMe"]
    assert result["understood"]["languages"] == ["ur"]
    found = nodes(result)
    assert found
    for node in found:
        assert "ur" in {g["code"] for g in node["languages"]}
        assert node["distanceKm"] <= 5.0


async def test_day_and_time_find_what_is_open_then(public: SchemaClient) -> None:
    result = await find(public, "saturday 11am")
    assert result["understood"]["day"] == "SA"
    assert result["understood"]["time"] == "11:00"
    found = nodes(result)
    assert found
    for node in found:
        assert any(
            "SA" in s["days"] and s["opensAt"] <= "11:00" < s["closesAt"] for s in node["sessions"]
        ), node


async def test_bad_input_is_a_clear_error(public: SchemaClient) -> None:
    body = await public.run(FIND, {"text": "food", "time": "25:99"}, None)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "HH:MM" in body["errors"][0]["message"]
    body = await public.run(FIND, {"text": "x" * 301}, None)
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_service_page_says_what_when_where_who_how_and_when_checked(
    public: SchemaClient,
) -> None:
    some = nodes(await find(public, "", stepFree=True))[0]
    body = await public.run(SERVICE, {"id": some["id"]}, None)
    page = body["data"]["publicService"]
    assert page["name"] == some["name"]
    assert page["description"]
    assert page["sessions"]
    assert page["sessions"][0]["opensAt"]
    venue = page["venues"][0]
    assert venue["address"]
    assert venue["postcode"]
    assert venue["stepFree"] is True
    assert page["contact"]["email"] or page["contact"]["phone"]
    assert page["lastChecked"]
    assert page["freshness"] in ("FRESH", "DUE", "STALE")
    assert page["writtenIn"] == "en"
    assert page["languages"]
    gone = await public.run(SERVICE, {"id": "00000000-0000-0000-0000-000000000000"}, None)
    assert gone["data"]["publicService"] is None
