"""People and matching through the real gateway over HTTP: typed validation errors, access
by organisation and role, and an unmet need recorded, put in the outbox and published."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from math import cos, radians
from typing import Any

import httpx
import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from nats.js import JetStreamContext

from tests.helpers.matching import load_golden
from tests.helpers.matching_golden import GRASSINGTON, MANNINGHAM
from tests.support import serving

ORG_A, ORG_B = str(uuid.uuid4()), str(uuid.uuid4())

SAVE = """mutation($input: CreatePersonInput!) { createPerson(input: $input) {
  __typename
  ... on PersonSaved { created person { id pseudonym organisationId version
      profile { homeArea needs maxTravelKm languages availability { day start end } whatMatters } } }
  ... on InputError { field message }
  ... on ConflictError { message } } }"""
PERSON = """query($id: ID!) { person(id: $id) {
  __typename ... on PersonRecord { id profile { homeArea } } ... on NotFoundError { message } } }"""
MATCHES = """query($id: ID!, $after: String) { matches(personId: $id, first: 2, after: $after, nearMisses: true) {
  __typename
  ... on Matches { totalCount considered pageInfo { hasNextPage endCursor }
      items { rank score service { name } parts { name value weight points }
              explanation { needsCovered distanceKm nextSession session language capacity
                            whyAboveNext caveats } }
      nearMisses { service { name } reasons { reason detail } }
      unmetNeeds { need reason } }
  ... on InputError { field message }
  ... on NotFoundError { message } } }"""
MATCHES_FOR = """query($p: ProfileInput!) { matchesFor(profile: $p, first: 3) {
  __typename ... on Matches { totalCount items { service { name } } unmetNeeds { need reason } }
  ... on InputError { field message } } }"""


@dataclass
class Gateway:
    url: str
    issuer: DevIssuer
    graph: Graph

    def token(self, org: str = ORG_A, roles: tuple[str, ...] = ("social_prescriber",)) -> str:
        return self.issuer.mint(f"user-{org[:8]}", org, roles)

    async def call(
        self, query: str, variables: dict[str, Any], token: str | None
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(timeout=60) as client:
            response = await client.post(
                f"{self.url}/graphql",
                json={"query": query, "variables": variables},
                headers=headers,
            )
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture(scope="module")
async def gateway(_session_graph: Graph, settings: Settings) -> AsyncIterator[Gateway]:
    graph = await load_golden(_session_graph)
    async with AsyncExitStack() as running:
        issuer = DevIssuer("http://issuer.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        url = await running.enter_async_context(serving(gateway_app(wired)))
        yield Gateway(url, issuer, graph)


def person_input(**profile: Any) -> dict[str, Any]:
    base = {
        "homeArea": MANNINGHAM,
        "needs": ["loneliness"],
        "maxTravelKm": 2.0,
        "languages": ["ur", "en"],
        "preferredLanguage": "ur",
        "availability": [{"day": "TU", "start": "09:00", "end": "15:00"}],
        "whatMatters": "I want to meet people.",
    }
    return {"idempotencyKey": f"person-{uuid.uuid4()}", "profile": base | profile}


async def create(gw: Gateway, given: dict[str, Any], org: str = ORG_A) -> dict[str, Any]:
    body = await gw.call(SAVE, {"input": given}, gw.token(org))
    result: dict[str, Any] = body["data"]["createPerson"]
    return result


async def test_a_practitioner_records_a_person_once_and_only_their_organisation_sees_them(
    gateway: Gateway,
) -> None:
    given = person_input() | {"pseudonym": "BD-MATCH-001"}
    first = await create(gateway, given)
    assert first["__typename"] == "PersonSaved"
    assert first["created"] is True
    person = first["person"]
    assert person["organisationId"] == ORG_A
    assert person["pseudonym"] == "BD-MATCH-001"
    assert person["profile"]["availability"] == [{"day": "TU", "start": "09:00", "end": "15:00"}]
    again = await create(gateway, given)
    assert again["created"] is False
    assert again["person"]["id"] == person["id"]
    reused = await create(gateway, given | {"profile": given["profile"] | {"needs": ["pain"]}})
    assert reused["__typename"] == "ConflictError"

    mine = await gateway.call(PERSON, {"id": person["id"]}, gateway.token(ORG_A))
    assert mine["data"]["person"]["profile"]["homeArea"] == MANNINGHAM
    theirs = await gateway.call(PERSON, {"id": person["id"]}, gateway.token(ORG_B))
    assert theirs["data"]["person"]["__typename"] == "NotFoundError"
    matched = await gateway.call(MATCHES, {"id": person["id"]}, gateway.token(ORG_B))
    assert matched["data"]["matches"]["__typename"] == "NotFoundError"
    worker = await gateway.call(
        PERSON, {"id": person["id"]}, gateway.token(roles=("receiving_worker",))
    )
    assert worker["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    anonymous = await gateway.call(PERSON, {"id": person["id"]}, None)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("profile", "field", "words"),
    [
        ({"homeArea": "E01999999"}, "homeArea", "unknown area E01999999"),
        ({"homeArea": "BD8 7AB"}, "homeArea", "LSOA 2011 code"),
        ({"maxTravelKm": -1.0}, "maxTravelKm", "between 0 and 50"),
        ({"maxTravelKm": 80.0}, "maxTravelKm", "between 0 and 50"),
        ({"maxTravelKm": 0.0}, "maxTravelKm", "leaves nothing"),
        ({"maxTravelKm": 20.0, "travelModes": ["walk"]}, "maxTravelKm", "not realistic"),
        ({"needs": ["loneliness", "astrology"]}, "needs", "unknown need codes: astrology"),
        ({"needs": []}, "needs", "at least one need"),
        (
            {"availability": [{"day": "XX", "start": "09:00", "end": "10:00"}]},
            "availability",
            "day",
        ),
        (
            {"availability": [{"day": "MO", "start": "11:00", "end": "10:00"}]},
            "availability",
            "after",
        ),
        ({"accessNeeds": ["jetpack"]}, "accessNeeds", "not a known code"),
        ({"preferredLanguage": "pl"}, "preferredLanguage", "languages they speak"),
        ({"ageBand": "40"}, "ageBand", "must be one of"),
    ],
)
async def test_bad_profiles_are_typed_errors_that_say_what_is_wrong(
    gateway: Gateway, profile: dict[str, Any], field: str, words: str
) -> None:
    result = await create(gateway, person_input(**profile))
    assert result["__typename"] == "InputError"
    assert result["field"] == field
    assert words in result["message"]
    adhoc = await gateway.call(
        MATCHES_FOR, {"p": person_input(**profile)["profile"]}, gateway.token()
    )
    assert adhoc["data"]["matchesFor"] == {
        "__typename": "InputError",
        "field": field,
        "message": result["message"],
    }


async def test_matching_a_person_explains_pages_and_records_what_is_missing(
    gateway: Gateway, jetstream: JetStreamContext
) -> None:
    sub = await jetstream.subscribe("kith.matching.unmet-need")
    given = person_input(
        homeArea=GRASSINGTON,
        needs=["pain", "substance-use"],
        maxTravelKm=3.0,
        languages=["en"],
        preferredLanguage="en",
        availability=[],
        whatMatters="My back hurts and I drink too much since my wife died.",
    )
    person = (await create(gateway, given))["person"]
    body = await gateway.call(MATCHES, {"id": person["id"]}, gateway.token())
    page = body["data"]["matches"]
    assert page["__typename"] == "Matches", body
    assert page["items"][0]["service"]["name"] == "Upper Wharfedale Pain Support Group"
    top = page["items"][0]
    assert top["explanation"]["needsCovered"] == ["pain"]
    assert top["explanation"]["session"] == "2nd WE of the month 10:00-12:00"
    assert sum(p["points"] for p in top["parts"]) == pytest.approx(top["score"], abs=1e-3)
    assert page["unmetNeeds"] == [{"need": "substance-use", "reason": "no-provision"}]
    assert {"reason": "too-far", "detail": "online only; they want in person"} in [
        r for m in page["nearMisses"] for r in m["reasons"]
    ]

    rows = await gateway.graph.query(
        "MATCH (u:UnmetNeed {area: $area}) RETURN properties(u) AS u", area=GRASSINGTON
    )
    assert len(rows) == 1
    unmet = rows[0]["u"]
    assert {unmet["need"], unmet["reason"], unmet["organisation_id"]} == {
        "substance-use",
        "no-provision",
        ORG_A,
    }
    assert person["id"] not in json.dumps(unmet, default=str)  # no personal details
    outbox = await gateway.graph.query(
        "MATCH (o:Outbox {subject: 'kith.matching.unmet-need'}) RETURN o.payload AS payload"
    )
    assert len(outbox) == 1
    event = json.loads(outbox[0]["payload"])
    assert event["data"] == {
        "unmet_need_id": unmet["id"],
        "need": "substance-use",
        "area": GRASSINGTON,
        "reason": "no-provision",
        "organisation_id": ORG_A,
    }
    assert person["id"] not in outbox[0]["payload"]
    message = await sub.next_msg(timeout=20)  # published by the gateway's outbox relay
    assert json.loads(message.data)["id"] == event["id"]

    # Matching the same person again this month records and announces nothing new.
    await gateway.call(MATCHES, {"id": person["id"]}, gateway.token())
    assert (
        len(await gateway.graph.query("MATCH (u:UnmetNeed {area: $a}) RETURN u", a=GRASSINGTON))
        == 1
    )
    assert (
        len(
            await gateway.graph.query(
                "MATCH (o:Outbox {subject: 'kith.matching.unmet-need'}) RETURN o"
            )
        )
        == 1
    )

    cursor = page["pageInfo"]["endCursor"]
    nxt = await gateway.call(MATCHES, {"id": person["id"], "after": cursor}, gateway.token())
    assert [i["rank"] for i in nxt["data"]["matches"]["items"]][:1] in ([], [3])
    bad = await gateway.call(MATCHES, {"id": person["id"], "after": "nonsense"}, gateway.token())
    assert bad["data"]["matches"] == {
        "__typename": "InputError",
        "field": "after",
        "message": "not a cursor from a previous page",
    }


WAITING = """query($id: ID!) { matches(personId: $id, first: 3, nearMisses: true) {
  ... on Matches { items { service { id name waitingWeeks } }
                   nearMisses { service { id waitingWeeks } } } } }"""


async def test_each_match_shows_the_waiting_time_its_provider_gave(gateway: Gateway) -> None:
    given = person_input(
        homeArea=GRASSINGTON,
        needs=["pain"],
        maxTravelKm=3.0,
        languages=["en"],
        preferredLanguage="en",
        availability=[],
    )
    saved = await create(gateway, given)
    assert saved["__typename"] == "PersonSaved", saved
    person = saved
    first = await gateway.call(WAITING, {"id": person["person"]["id"]}, gateway.token())
    items = first["data"]["matches"]["items"]
    assert {i["service"]["waitingWeeks"] for i in items} == {None}  # nobody has said yet
    top = items[0]["service"]["id"]
    set_weeks = "MATCH (s:Service {id: $id}) SET s.capacity_waiting_weeks = $weeks"
    await gateway.graph.execute(set_weeks, id=top, weeks=4)  # as updateServiceCapacity writes it
    try:
        again = await gateway.call(WAITING, {"id": person["person"]["id"]}, gateway.token())
        shown = {
            i["service"]["id"]: i["service"]["waitingWeeks"]
            for i in again["data"]["matches"]["items"]
        }
        assert shown[top] == 4
        assert [w for s, w in shown.items() if s != top] == [None] * (len(shown) - 1)
    finally:
        await gateway.graph.execute(set_weeks, id=top, weeks=None)


POINTS = """query($id: ID!) { matches(personId: $id, first: 5) {
  ... on Matches { items { service { id lat lon } explanation { distanceKm } } } } }"""
HOME_POINT = "MATCH (a:Area:LSOA {code: $code}) RETURN a.point.y AS lat, a.point.x AS lon"


async def test_each_match_placed_by_its_venue_is_on_the_map_at_that_venue(
    gateway: Gateway,
) -> None:
    given = person_input(homeArea=GRASSINGTON, needs=["pain"], maxTravelKm=3.0,
                         languages=["en"], preferredLanguage="en", availability=[])  # fmt: skip
    saved = await create(gateway, given)
    found = await gateway.call(POINTS, {"id": saved["person"]["id"]}, gateway.token())
    items = found["data"]["matches"]["items"]
    home = (await gateway.graph.query(HOME_POINT, code=GRASSINGTON))[0]
    placed = [i for i in items if i["explanation"]["distanceKm"] is not None]
    assert placed, "the golden district has venues near Grassington"
    for item in placed:
        s = item["service"]
        # The point is the venue the distance was measured to: ~the same distance from home.
        dy, dx = (
            (s["lat"] - home["lat"]) * 111.2,
            (s["lon"] - home["lon"]) * 111.2 * cos(radians(home["lat"])),
        )
        assert abs((dy * dy + dx * dx) ** 0.5 - item["explanation"]["distanceKm"]) < 0.2
    for item in items:
        if item["explanation"]["distanceKm"] is None:
            assert item["service"]["lat"] is None
            assert item["service"]["lon"] is None
