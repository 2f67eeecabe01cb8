"""A person asks a service to contact them, with no account: the request reaches the food
bank's inbox as a self-referral, the contact details are sealed at rest and only the food
bank reads them (audited), abuse is limited per address and contact, and the details are
erased a configured time after the referral closes, by one replica."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from kith_common.envelope import EnvelopeError, KeyRing
from kith_common.graph import Graph
from kith_gateway.public.config import PublicConfig
from kith_gateway.public.erasure import erase_expired, run_erasure
from kith_gateway.public.sealing import Envelope

from tests.helpers.referrals import (  # noqa: F401  (api is a fixture)
    AREA,
    ORG_B,
    ORG_C,
    SERVICE_B,
    SERVICE_C,
    WORKER_B,
    Api,
    api,
    deliver,
    key,
    principal,
)

ASK = """
mutation($i: AskToBeContactedInput!) { askToBeContacted(input: $i) {
  __typename ... on AskSent { reference serviceName organisationName replayed }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } ... on TooManyRequests { message retryAfterSeconds } } }"""

CONTACT = """query($id: ID!) { contactDetails(referralId: $id) {
  reference contactBy bestTime language name phone email erasedAt } }"""

INBOX = "{ referrals(first: 10) { edges { node { id status version selfReferral reason } } } }"
PHONE = "07700 900982"


@pytest.fixture
async def open_to_asks(api: Api, graph: Graph) -> Api:  # noqa: F811
    await graph.execute(
        "MATCH (s:Service {id: $id}), (a:LSOA {code: $area})"
        " SET s.self_referral = true MERGE (s)-[:COVERS]->(a)",
        id=SERVICE_B, area=AREA,
    )  # fmt: skip
    return api


def asking(**changes: Any) -> dict[str, Any]:
    return {
        "idempotencyKey": key(), "serviceId": SERVICE_B, "contactBy": "PHONE", "phone": PHONE,
        "name": "Sam", "bestTime": "MORNING", "language": "ur", "consent": True,
        "helpWith": "We have run out of food this week", **changes,
    }  # fmt: skip


async def send(api: Api, given: dict[str, Any], address: str | None = "203.0.113.9") -> Any:  # noqa: F811
    result = await api.schema.execute(
        ASK, variable_values={"i": given},
        context_value=dataclasses.replace(api.context(None), client_address=address),
    )  # fmt: skip
    assert result.errors is None, result.errors
    return result.data["askToBeContacted"]  # type: ignore[index]


async def inbox(api: Api) -> list[dict[str, Any]]:  # noqa: F811
    body = await api.ok(INBOX, None, WORKER_B)
    return [e["node"] for e in body["edges"]]


async def test_the_request_arrives_in_the_inbox_and_only_the_food_bank_reads_how_to_reach_them(
    open_to_asks: Api, graph: Graph
) -> None:
    api = open_to_asks  # noqa: F811
    sent = await send(api, asking())
    assert sent["__typename"] == "AskSent"
    assert sent["organisationName"] == "Food bank"
    assert len(sent["reference"]) == 11
    (referral,) = await inbox(api)
    assert referral["selfReferral"] is True
    assert referral["reason"] == "We have run out of food this week"
    assert (await deliver(graph, referral))["status"] == "received"
    stored = await graph.query("MATCH (c:ContactRequest) RETURN c.sealed AS sealed")
    assert PHONE.replace(" ", "") not in stored[0]["sealed"].replace(" ", "")
    assert "Sam" not in stored[0]["sealed"]
    details = await api.ok(CONTACT, {"id": referral["id"]}, WORKER_B)
    assert details["phone"] == PHONE
    assert details["name"] == "Sam"
    assert details["bestTime"] == "morning"
    assert details["reference"] == sent["reference"]
    audit = await graph.query(
        "MATCH (a:AuditEvent {what: 'contact-details.read'}) RETURN a.who AS who, a.subject_id AS s"
    )
    assert audit == [{"who": WORKER_B.user_id, "s": referral["id"]}]
    housing = principal(ORG_C, *WORKER_B.roles, user="worker-c")
    other = await api.run(CONTACT, {"id": referral["id"]}, housing)
    assert other == {"data": {"contactDetails": None}}
    anonymous = await api.run(CONTACT, {"id": referral["id"]}, None)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_double_submitted_form_is_one_request(open_to_asks: Api) -> None:
    given = asking()
    first = await send(open_to_asks, given)
    again = await send(open_to_asks, given)
    assert again["replayed"] is True
    assert again["reference"] == first["reference"]
    assert len(await inbox(open_to_asks)) == 1


async def test_clear_errors_for_what_a_person_can_get_wrong(open_to_asks: Api) -> None:
    api = open_to_asks  # noqa: F811
    cases = {
        "phone": asking(phone="12"),
        "email": asking(contactBy="EMAIL", email="not-an-email"),
        "consent": asking(consent=False),
        "helpWith": asking(helpWith="   "),
        "website": asking(website="http://spam.example"),
    }
    for field, given in cases.items():
        result = await send(api, given)
        assert (result["__typename"], result["field"]) == ("InputError", field)
    refused = await send(api, asking(serviceId=SERVICE_C))
    assert refused["__typename"] == "InputError"
    assert "does not take requests" in refused["message"]
    assert await inbox(api) == []


async def test_too_many_requests_from_one_address_are_refused(open_to_asks: Api) -> None:
    api = open_to_asks  # noqa: F811
    for n in range(5):
        sent = await send(api, asking(phone=f"07700 90000{n}"))
        assert sent["__typename"] == "AskSent"
    limited = await send(api, asking(phone="07700 900099"))
    assert limited["__typename"] == "TooManyRequests"
    assert 0 < limited["retryAfterSeconds"] <= 3600
    elsewhere = await send(api, asking(phone="07700 900098"), address="198.51.100.7")
    assert elsewhere["__typename"] == "AskSent"
    counters = await open_to_asks.graph.query("MATCH (w:RateWindow) RETURN w.id AS id")
    assert not any("203.0.113.9" in row["id"] for row in counters)


async def test_contact_details_are_erased_after_retention_by_one_replica(
    open_to_asks: Api, graph: Graph
) -> None:
    api = open_to_asks  # noqa: F811
    await send(api, asking())
    (referral,) = await inbox(api)
    received = await deliver(graph, referral)
    config = PublicConfig(retention=timedelta(days=30), pepper="p")
    now = datetime.now(UTC)
    assert await erase_expired(graph, config, now + timedelta(days=60)) == 0  # still open
    rejected = await api.change("reject", received, WORKER_B, reason="NO_CAPACITY")
    assert rejected["__typename"] == "ReferralChanged", rejected
    assert await erase_expired(graph, config, now + timedelta(days=29)) == 0  # kept 30 days
    later = now + timedelta(days=31)
    runs = [await run_erasure(graph, config, owner, later) for owner in ("a", "b")]
    assert runs == [1, None]  # the hour's run is claimed by the first replica only
    details = await api.ok(CONTACT, {"id": referral["id"]}, WORKER_B)
    assert details["phone"] is None
    assert details["name"] is None
    assert details["erasedAt"] is not None


def test_a_sealed_value_opens_only_on_its_own_record() -> None:
    envelope = Envelope(KeyRing.development())
    sealed = envelope.seal({"phone": PHONE}, "record-1")
    assert envelope.open(sealed, "record-1") == {"phone": PHONE}
    with pytest.raises(EnvelopeError):
        envelope.open(sealed, "record-2")
