"""Carers: linked with the person's consent and terms, their own contact preferences kept,
idempotent, audited; another organisation cannot link to someone it does not reach."""

from __future__ import annotations

from typing import Any

from tests.helpers.matching import load_golden
from tests.helpers.matching_golden import MANNINGHAM
from tests.helpers.outcomes import PRESCRIBER, STRANGER, _mutation, add_person, listed
from tests.helpers.referrals import Api, key

LINK = _mutation("linkCarer", "LinkCarerInput")
CARERS = """query($p: ID!) { personCarers(personId: $p) { carerPersonId carerPseudonym relationship maySee
  mayDo consentMethod channels bestTimes } }"""


def _link(person: str, carer: str, **extra: Any) -> dict[str, Any]:
    return {"idempotencyKey": key(), "personId": person, "carerPersonId": carer,
            "relationship": "partner", "maySee": ["goals", "check-ins"],
            "mayDo": ["attend-reviews"], "consentMethod": "VERBAL",
            "channels": ["text"], "bestTimes": "weekday evenings", **extra}  # fmt: skip


async def test_a_carer_is_linked_on_the_persons_terms(api: Api) -> None:
    person, carer = await add_person(api.graph), await add_person(api.graph, "PSN-CARER")
    given = _link(person, carer)
    first = await api.ok(LINK, {"i": given}, PRESCRIBER)
    assert first["created"]
    assert (await api.ok(LINK, {"i": given}, PRESCRIBER))["created"] is False
    assert await listed(api, CARERS, {"p": person}, PRESCRIBER) == [{
        "carerPersonId": carer, "carerPseudonym": "PSN-CARER", "relationship": "partner", "maySee": ["check-ins", "goals"],
        "mayDo": ["attend-reviews"], "consentMethod": "verbal", "channels": ["text"],
        "bestTimes": "weekday evenings",
    }]  # fmt: skip
    events = await api.graph.query("MATCH (o:Outbox) RETURN o.subject AS s")
    assert events == [{"s": "kith.outcomes.carer-linked"}]
    audit = await api.graph.query(
        "MATCH (a:AuditEvent {what: 'outcomes.carers.read'}) RETURN a.person_id AS p"
    )
    assert audit == [{"p": person}]


async def test_carer_links_refuse_what_the_person_did_not_agree(api: Api) -> None:
    person, carer = await add_person(api.graph), await add_person(api.graph, "PSN-CARER")
    for extra, field in (({"maySee": ["everything"]}, "maySee"),
                         ({"maySee": [], "mayDo": []}, "maySee"),
                         ({"relationship": "boss"}, "relationship"),
                         ({"channels": []}, "channels"),
                         ({"carerPersonId": person}, "carerPersonId")):  # fmt: skip
        out = await api.ok(LINK, {"i": _link(person, carer, **extra)}, PRESCRIBER)
        assert (out["__typename"], out["field"]) == ("InputError", field)
    out = await api.ok(LINK, {"i": _link(person, carer)}, STRANGER)
    assert out["__typename"] == "NotFoundError"
    assert await api.graph.query("MATCH (l:CarerLink) RETURN count(l) AS n") == [{"n": 0}]


SAVE_PERSON = """mutation($i: CreatePersonInput!) { createPerson(input: $i) { __typename
  ... on PersonSaved { person { id } } ... on InputError { field message } } }"""
MATCHES = """query($id: ID!) { matches(personId: $id, first: 10) { __typename
  ... on Matches { items { service { name } } } ... on NotFoundError { message } } }"""


async def _profiled(api: Api, pseudonym: str, needs: list[str], what_matters: str) -> str:
    profile = {"homeArea": MANNINGHAM, "needs": needs, "maxTravelKm": 3.0,
               "languages": ["en"], "preferredLanguage": "en",
               "availability": [{"day": "TU", "start": "09:00", "end": "21:00"},
                                {"day": "WE", "start": "09:00", "end": "17:00"}],
               "whatMatters": what_matters}  # fmt: skip
    given = {"idempotencyKey": key(), "pseudonym": pseudonym, "profile": profile}
    saved = await api.ok(SAVE_PERSON, {"i": given}, PRESCRIBER)
    assert saved["__typename"] == "PersonSaved", saved
    return str(saved["person"]["id"])


async def test_a_carer_is_matched_on_their_own_needs_and_linked_the_right_way_round(
    api: Api,
) -> None:
    """The carer is a person of their own: matching them finds carers' support, matching the
    person they care for does not; the link runs carer -> person, never back."""
    await load_golden(api.graph)
    person = await _profiled(api, "PSN-CARED", ["pain"], "I want to manage my pain.")
    carer = await _profiled(api, "PSN-CARER", ["carers"], "A break from caring, some support.")
    linked = await api.ok(LINK, {"i": _link(person, carer)}, PRESCRIBER)
    assert linked["__typename"] == "OutcomeSaved"

    for_carer = await api.ok(MATCHES, {"id": carer}, PRESCRIBER)
    names = [i["service"]["name"] for i in for_carer["items"]]
    assert set(names[:2]) == {"Carers' Relaxation Sessions", "Carers' Evening Support Group"}, names
    for_person = await api.ok(MATCHES, {"id": person}, PRESCRIBER)
    assert not [i for i in for_person["items"] if "Carers" in i["service"]["name"]], for_person

    listed_for_person = await listed(api, CARERS, {"p": person}, PRESCRIBER)
    assert [c["carerPersonId"] for c in listed_for_person] == [carer]
    assert [c["carerPseudonym"] for c in listed_for_person] == ["PSN-CARER"]
    assert await listed(api, CARERS, {"p": carer}, PRESCRIBER) == [], "not the other way round"
    pairs = await api.graph.query(
        "MATCH (c:Person)-[:CARES_FOR]->(l:CarerLink)-[:FOR]->(p:Person)"
        " RETURN c.id AS carer, p.id AS person, l.carer_person_id AS said"
    )
    assert pairs == [{"carer": carer, "person": person, "said": carer}]


async def test_a_carer_is_named_by_your_organisations_reference(api: Api) -> None:
    person, carer = await add_person(api.graph), await add_person(api.graph, "PSN-CARER")
    by_reference = {**_link(person, carer), "carerReference": " PSN-CARER "}
    del by_reference["carerPersonId"]
    assert (await api.ok(LINK, {"i": by_reference}, PRESCRIBER))["created"]
    found = await listed(api, CARERS, {"p": person}, PRESCRIBER)
    assert [c["carerPersonId"] for c in found] == [carer]
    for reference in ("PSN-NOBODY", "  ", None):
        given = {**by_reference, "idempotencyKey": key(), "carerReference": reference}
        out = await api.ok(LINK, {"i": given}, PRESCRIBER)
        assert (out["__typename"], out["field"]) == ("InputError", "carerReference")
    # Another organisation's reference names nobody for this caller.
    other = {**by_reference, "idempotencyKey": key(), "carerReference": "PSN-CARER"}
    assert (await api.ok(LINK, {"i": other}, STRANGER))["__typename"] == "InputError"
    assert await api.graph.query("MATCH (l:CarerLink) RETURN count(l) AS n") == [{"n": 1}]
