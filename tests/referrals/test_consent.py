"""No referral without consent; withdrawal stops sharing, cancels, announces, in one go."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from kith_common.graph import Graph

from tests.helpers.referrals import (
    ORG_B,
    ORG_C,
    PRESCRIBER,
    SERVICE_C,
    WORKER_B,
    Api,
    key,
    principal,
    referral_in,
)

WITHDRAW = """
mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) {
  __typename ... on ConsentWithdrawn { consentId cancelledReferralIds replayed }
  ... on NotFoundError { message } ... on ConflictError { message }
  ... on InputError { field message } } }"""

READ = """query($id: ID!) { referral(id: $id) { id status reason person { id pseudonym homeArea } } }"""

NOTHING_WRITTEN = """
MATCH (r:Referral) WITH count(r) AS referrals
OPTIONAL MATCH (o:Outbox) RETURN referrals, count(o) AS events
"""


async def test_creating_without_consent_is_refused_and_writes_nothing(
    api: Api, graph: Graph
) -> None:
    refused = await api.create("PSN-NEW-1")
    assert refused["__typename"] == "ConsentRequiredError"
    assert "consent" in refused["message"]
    assert await graph.query(NOTHING_WRITTEN) == [{"referrals": 0, "events": 0}]


async def test_consent_must_cover_the_receiving_organisation(api: Api, graph: Graph) -> None:
    await api.consent("PSN-0001", shared_with=[ORG_B])
    refused = await api.create("PSN-0001", service=SERVICE_C)  # housing, org C: not covered
    assert refused["__typename"] == "ConsentRequiredError"
    assert (await api.create("PSN-0001"))["referral"]["status"] == "requested"


async def test_an_expired_or_other_purpose_consent_does_not_count(api: Api, graph: Graph) -> None:
    recorded = await api.consent("PSN-0001")
    await graph.execute(
        "MATCH (c:Consent {id: $id}) SET c.expires_at = datetime() - duration('PT1S')",
        id=recorded["consentId"],
    )
    assert (await api.create("PSN-0001"))["__typename"] == "ConsentRequiredError"
    await api.consent("PSN-0001", purpose="CARE_COORDINATION")
    assert (await api.create("PSN-0001"))["__typename"] == "ConsentRequiredError"


async def test_a_draft_needs_no_consent_until_it_is_sent(api: Api, graph: Graph) -> None:
    draft = (await api.create("PSN-0001", draft=True))["referral"]
    assert (draft["status"], draft["version"]) == ("draft", 1)
    refused = await api.change("send", draft, PRESCRIBER)
    assert refused["__typename"] == "ConsentRequiredError"
    assert (await graph.query("MATCH (o:Outbox) RETURN count(o) AS n")) == [{"n": 0}]
    # Drafts are the referrer's alone: the receiver cannot see one.
    hidden = await api.run(READ, {"id": draft["id"]}, WORKER_B)
    assert hidden["data"]["referral"] is None

    await api.consent("PSN-0001")
    sent = await api.change("send", draft, PRESCRIBER)
    assert sent["referral"] == {"id": draft["id"], "status": "requested", "version": 2}
    linked = await graph.query(
        "MATCH (:Referral {id: $id})-[:UNDER]->(c:Consent) RETURN count(c) AS n", id=draft["id"]
    )
    assert linked == [{"n": 1}]


async def test_safeguarding_without_consent_needs_a_justification_and_is_flagged(
    api: Api, graph: Graph
) -> None:
    missing = await api.consent("PSN-0001", basis="SAFEGUARDING", method=None)
    assert missing["__typename"] == "InputError"
    assert missing["field"] == "justification"
    recorded = await api.consent(
        "PSN-0001",
        basis="SAFEGUARDING",
        method=None,
        justification="Risk of serious harm; person lacks capacity to consent at present.",
    )
    assert recorded["reviewRequired"] is True
    stored = await graph.query(
        "MATCH (c:Consent {id: $id}) RETURN c.basis AS basis, c.review_required AS review,"
        " c.method AS method",
        id=recorded["consentId"],
    )
    assert stored == [{"basis": "safeguarding", "review": True, "method": None}]
    assert (await api.create("PSN-0001"))["referral"]["status"] == "requested"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"categories": []}, "categories"),
        ({"sharedWithOrganisationIds": [" "]}, "sharedWithOrganisationIds"),
        ({"method": None}, "method"),
        ({"justification": "not for consent"}, "justification"),
        ({"expiresAt": "2020-01-01T00:00:00+00:00"}, "expiresAt"),
        ({"expiresAt": "2099-01-01T00:00:00"}, "expiresAt"),
        ({"personPseudonym": "Jane Doe"}, "personPseudonym"),
        ({"idempotencyKey": "short"}, "idempotencyKey"),
    ],
)
async def test_bad_consent_input_names_the_field(
    api: Api, graph: Graph, extra: dict[str, object], field: str
) -> None:
    refused = await api.consent(**extra)  # type: ignore[arg-type]
    assert (refused["__typename"], refused["field"]) == ("InputError", field)
    assert await graph.query("MATCH (c:Consent) RETURN c") == []


async def test_consent_naming_an_unknown_organisation_is_not_found(api: Api) -> None:
    refused = await api.consent(shared_with=[ORG_B, "org-nowhere"])
    assert refused == {
        "__typename": "NotFoundError",
        "message": "no organisation with id org-nowhere",
    }


async def test_recording_consent_is_idempotent(api: Api, graph: Graph) -> None:
    from tests.helpers.referrals import RECORD_CONSENT

    given = {
        "idempotencyKey": key(),
        "personPseudonym": "PSN-0001",
        "categories": ["PSEUDONYM"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "WRITTEN",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    first = await api.ok(RECORD_CONSENT, {"i": given}, PRESCRIBER)
    again = await api.ok(RECORD_CONSENT, {"i": given}, PRESCRIBER)
    assert (first["created"], again["created"]) == (True, False)
    assert first["consentId"] == again["consentId"]
    changed = await api.ok(RECORD_CONSENT, {"i": {**given, "method": "VERBAL"}}, PRESCRIBER)
    assert changed["__typename"] == "ConflictError"


async def test_withdrawal_stops_sharing_cancels_open_referrals_and_announces_it(
    api: Api, graph: Graph
) -> None:
    consent = await api.consent("PSN-0001", shared_with=[ORG_B, ORG_C])
    open_one = await referral_in(api, "accepted", with_consent=False)
    other_one = (await api.create("PSN-0001", service=SERVICE_C))["referral"]
    finished = await referral_in(api, "received", with_consent=False)
    await api.change("reject", finished, WORKER_B, reason="NO_CAPACITY")
    before = await api.ok(READ, {"id": open_one["id"]}, WORKER_B)
    assert before["person"]["pseudonym"] == "PSN-0001"

    given = {"consentId": consent["consentId"], "idempotencyKey": key()}
    withdrawn = await api.ok(WITHDRAW, {"i": given}, PRESCRIBER)
    assert withdrawn["__typename"] == "ConsentWithdrawn"
    assert sorted(withdrawn["cancelledReferralIds"]) == sorted([open_one["id"], other_one["id"]])

    statuses = await graph.query(
        "MATCH (r:Referral) WHERE r.id IN $ids RETURN r.id AS id, r.status AS status",
        ids=withdrawn["cancelledReferralIds"],
    )
    assert {s["status"] for s in statuses} == {"cancelled"}
    last = await graph.query(
        "MATCH (r:Referral {id: $id})-[:CHANGED]->(h:StatusChange {to: 'cancelled'})"
        " RETURN h.actor AS actor, h.reason_code AS reason",
        id=other_one["id"],
    )
    assert last == [{"actor": "person", "reason": "consent-withdrawn"}]
    events = await graph.query(
        "MATCH (o:Outbox {subject: 'kith.consent.withdrawn'}) RETURN o.payload AS p"
    )
    orgs = sorted(json.loads(e["p"])["data"]["organisation_id"] for e in events)
    assert orgs == [ORG_B, ORG_C]

    again = await api.ok(WITHDRAW, {"i": given}, PRESCRIBER)
    assert (again["__typename"], again["replayed"]) == ("ConsentWithdrawn", True)
    twice = await api.ok(WITHDRAW, {"i": {**given, "idempotencyKey": key()}}, PRESCRIBER)
    assert twice["__typename"] == "ConflictError"


async def test_withdrawal_takes_the_receivers_access_away_at_once(api: Api, graph: Graph) -> None:
    consent = await api.consent("PSN-0009", categories=["PSEUDONYM"])
    referral = await referral_in(api, "received", pseudonym="PSN-0009", with_consent=False)
    before = await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    assert (before["person"]["pseudonym"], before["person"]["homeArea"]) == ("PSN-0009", None)
    given = {"consentId": consent["consentId"], "idempotencyKey": key()}
    assert (await api.ok(WITHDRAW, {"i": given}, PRESCRIBER))["__typename"] == "ConsentWithdrawn"
    seen = await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    assert seen["status"] == "cancelled"
    assert (seen["reason"], seen["person"]["pseudonym"], seen["person"]["homeArea"]) == (
        None,
        None,
        None,
    )


async def test_only_the_holding_organisation_withdraws(api: Api) -> None:
    consent = await api.consent("PSN-0001")
    stranger = principal("org-other-gp", *PRESCRIBER.roles, user="sp-x")
    given = {"consentId": consent["consentId"], "idempotencyKey": key()}
    refused = await api.ok(WITHDRAW, {"i": given}, stranger)
    assert refused["__typename"] == "NotFoundError"
