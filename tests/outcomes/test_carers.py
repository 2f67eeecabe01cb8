"""Carers: linked with the person's consent and terms, their own contact preferences kept,
idempotent, audited; another organisation cannot link to someone it does not reach."""

from __future__ import annotations

from typing import Any

from tests.helpers.outcomes import PRESCRIBER, STRANGER, _mutation, add_person, listed
from tests.helpers.referrals import Api, key

LINK = _mutation("linkCarer", "LinkCarerInput")
CARERS = """query($p: ID!) { personCarers(personId: $p) { carerPersonId relationship maySee
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
        "carerPersonId": carer, "relationship": "partner", "maySee": ["check-ins", "goals"],
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
