"""The gateway queries the prescriber's pages need, on the real stack: the caseload with open
referrals and tiers, a person's overview (consents by organisation name), the needs taxonomy,
and home areas found by a place name. Another organisation sees none of the people."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from kith_common.graph import Graph

from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack

CREATE = """mutation($i: CreatePersonInput!) { createPerson(input: $i) {
  __typename ... on PersonSaved { person { id } } ... on InputError { field message } } }"""
CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"""
CASELOAD = """{ caseload { id pseudonym needs homeArea tiers openReferrals escalatedReferrals
  declinedReferrals proposals } }"""
OVERVIEW = """query($id: ID!) { personOverview(personId: $id) { homeArea needs tiers
  consents { status purpose method categories sharedWith expiresAt } } }"""
AREAS = """query($p: String!) { homeAreaSearch(place: $p) { place tooBroad
  options { code name neighbourhood district distanceKm } } }"""


async def _person(stack: WebStack, pseudonym: str) -> str:
    profile = {"homeArea": "E01010568", "needs": ["food"], "maxTravelKm": 3.0}
    given = {"idempotencyKey": str(uuid.uuid4()), "pseudonym": pseudonym, "profile": profile}
    saved = (await as_user(stack, "prescriber", CREATE, {"i": given}))["createPerson"]
    assert saved["__typename"] == "PersonSaved", saved
    return str(saved["person"]["id"])


async def test_the_caseload_lists_my_people_with_names_not_codes(
    web_stack: WebStack, district: Graph
) -> None:
    person_id = await _person(web_stack, "BD-CASE-0001")
    found = (await as_user(web_stack, "prescriber", CASELOAD, {}))["caseload"]
    mine = next(p for p in found if p["id"] == person_id)
    assert mine["pseudonym"] == "BD-CASE-0001"
    assert mine["homeArea"] == "Bradford 016A"
    assert mine["needs"]
    assert all(not n.isupper() for n in mine["needs"])
    assert mine["openReferrals"] == 0
    others = await as_user(web_stack, "housing", "{ needOptions { code } }", {})
    assert others["needOptions"]  # any practitioner may read the taxonomy...
    body = await _raw(web_stack, "housing", CASELOAD)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"  # ...not someone's caseload


async def _raw(stack: WebStack, username: str, query: str) -> Any:
    token = stack.issuer.token_for(stack.users[username])
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(
            f"{stack.gateway}/graphql",
            json={"query": query},
            headers={"authorization": f"Bearer {token}"},
        )
    return answer.json()


async def test_a_persons_overview_names_the_organisations_their_consent_covers(
    web_stack: WebStack, district: Graph
) -> None:
    person_id = await _person(web_stack, "BD-CASE-0002")
    food_bank = web_stack.users["foodbank"]
    consent = {
        "idempotencyKey": str(uuid.uuid4()),
        "personPseudonym": "BD-CASE-0002",
        "categories": ["PSEUDONYM", "HOME_AREA"],
        "purpose": "REFERRAL",
        "sharedWithOrganisationIds": [food_bank.organisation_id],
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    await as_user(web_stack, "prescriber", CONSENT, {"i": consent})
    seen = (await as_user(web_stack, "prescriber", OVERVIEW, {"id": person_id}))["personOverview"]
    assert seen["homeArea"] == "Bradford 016A"
    [recorded] = seen["consents"]
    assert recorded["status"] == "active"
    assert recorded["sharedWith"] == [food_bank.organisation_name]
    elsewhere = await as_user(web_stack, "coach", OVERVIEW, {"id": person_id})
    assert elsewhere["personOverview"] is None  # another organisation's person


async def test_a_home_area_is_found_by_a_place_name(web_stack: WebStack, district: Graph) -> None:
    near = (await as_user(web_stack, "prescriber", AREAS, {"p": "Bradford 016"}))["homeAreaSearch"]
    assert near["place"]
    assert not near["tooBroad"]
    assert {o["name"] for o in near["options"]} >= {"Bradford 016A", "Bradford 016B"}
    broad = (await as_user(web_stack, "prescriber", AREAS, {"p": "Bradford"}))["homeAreaSearch"]
    assert broad["tooBroad"]
    assert not broad["options"]
    town = (await as_user(web_stack, "prescriber", AREAS, {"p": "Skipton"}))["homeAreaSearch"]
    assert town["options"]
    assert all(o["distanceKm"] is not None for o in town["options"])
    unknown = (await as_user(web_stack, "prescriber", AREAS, {"p": "Xyzzyville"}))["homeAreaSearch"]
    assert unknown == {"place": None, "tooBroad": False, "options": []}
