"""A person refers themselves: the service's own organisation records it, only where the
service takes self-referrals; consent, person and referral are written together or not at all."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph

from tests.helpers.referrals import (
    AREA,
    ORG_B,
    PRESCRIBER,
    SERVICE_B,
    SERVICE_C,
    WORKER_B,
    Api,
    deliver,
    key,
)

SELF = """
mutation($i: RecordSelfReferralInput!) { recordSelfReferral(input: $i) {
  __typename ... on ReferralCreated { created referral { id status version } }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } } }"""


def given(service: str = SERVICE_B, idem: str | None = None) -> dict[str, Any]:
    return {
        "idempotencyKey": idem or key(),
        "personPseudonym": "WALKIN-1",
        "homeArea": AREA,
        "serviceId": service,
        "reason": "Came to the drop-in asking about food support",
        "method": "VERBAL",
    }


async def open_to_self_referrals(graph: Graph, service: str) -> None:
    await graph.execute("MATCH (s:Service {id: $id}) SET s.self_referral = true", id=service)


async def test_a_self_referral_is_sent_delivered_and_then_worked_like_any_other(
    api: Api, graph: Graph
) -> None:
    await open_to_self_referrals(graph, SERVICE_B)
    done = await api.ok(SELF, {"i": given()}, WORKER_B)
    assert done["__typename"] == "ReferralCreated"
    referral = done["referral"]
    assert referral["status"] == "requested"
    received = await deliver(graph, referral)
    accepted = await api.change("accept", received, WORKER_B)
    assert accepted["referral"]["status"] == "accepted"
    query = "query($id: ID!) { referral(id: $id) { selfReferral } }"
    body = await api.run(query, {"id": referral["id"]}, WORKER_B)
    assert body["data"]["referral"] == {"selfReferral": True}
    rows = await graph.query(
        "MATCH (r:Referral {id: $id})-[:FOR]->(p:Person), (c:Consent)-[:ABOUT]->(p)"
        " RETURN r.self_referral AS self, r.from_organisation_id AS from_org,"
        " p.organisation_id AS holder, c.shared_with AS shared, c.method AS method",
        id=referral["id"],
    )
    assert rows == [
        {"self": True, "from_org": ORG_B, "holder": ORG_B, "shared": [ORG_B], "method": "verbal"}
    ]


async def test_a_retry_returns_the_same_referral_and_records_one_consent(
    api: Api, graph: Graph
) -> None:
    await open_to_self_referrals(graph, SERVICE_B)
    idem = key()
    first = await api.ok(SELF, {"i": given(idem=idem)}, WORKER_B)
    again = await api.ok(SELF, {"i": given(idem=idem)}, WORKER_B)
    assert again["created"] is False
    assert again["referral"]["id"] == first["referral"]["id"]
    counts = await graph.query(
        "MATCH (c:Consent) WITH count(c) AS consents MATCH (r:Referral)"
        " RETURN consents, count(r) AS referrals"
    )
    assert counts == [{"consents": 1, "referrals": 1}]


async def test_a_service_that_does_not_take_self_referrals_refuses_and_writes_nothing(
    api: Api, graph: Graph
) -> None:
    done = await api.ok(SELF, {"i": given()}, WORKER_B)
    assert (done["__typename"], done["field"]) == ("InputError", "serviceId")
    assert await graph.query("MATCH (n) WHERE n:Consent OR n:Referral OR n:Person RETURN n") == []


async def test_only_the_services_own_organisation_records_one(api: Api, graph: Graph) -> None:
    await open_to_self_referrals(graph, SERVICE_C)
    done = await api.ok(SELF, {"i": given(SERVICE_C)}, WORKER_B)
    assert done["__typename"] == "NotFoundError"
    body = await api.run(SELF, {"i": given()}, PRESCRIBER)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
