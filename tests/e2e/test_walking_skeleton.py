"""The walking skeleton, every hop real: directory → gateway → outbox → JetStream → router →
notifications → a partner's signed webhook."""

from __future__ import annotations

import json
import uuid

import httpx
from kith_notifications.handlers import register_endpoint
from standardwebhooks import Webhook

from tests.helpers.e2e import Stack
from tests.support import eventually

MANNINGHAM = {"lat": 53.806, "lon": -1.765}
HOME_AREA = "E01010568"

SERVICES = """
query($near: PointInput!, $km: Float!, $needs: [String!]) {
  services(near: $near, withinKm: $km, needs: $needs, first: 5) {
    edges { node { id name organisationId organisationName distanceKm needs capacityStatus } }
  }
}"""

CREATE = """
mutation($input: CreateReferralInput!) {
  createReferral(input: $input) {
    __typename
    ... on ReferralCreated { created referral { id status } }
    ... on InputError { field message }
    ... on NotFoundError { message }
    ... on ConflictError { message }
  }
}"""


RECORD_CONSENT = """
mutation($input: RecordConsentInput!) {
  recordConsent(input: $input) { __typename }
}"""


async def record_consent(stack: Stack, token: str, organisation_id: object) -> None:
    """No referral without consent: the person agrees to share with the receiving organisation."""
    given = {
        "idempotencyKey": f"consent-{uuid.uuid4()}",
        "personPseudonym": "BD-PSN-0042",
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [organisation_id],
        "purpose": "REFERRAL",
        "method": "VERBAL",
        "expiresAt": "2099-01-01T00:00:00Z",
    }
    body = await stack.graphql(RECORD_CONSENT, {"input": given}, token)
    assert body["data"]["recordConsent"]["__typename"] == "ConsentRecorded", body  # type: ignore[index]


async def find_food_bank(stack: Stack) -> dict[str, object]:
    body = await stack.graphql(SERVICES, {"near": MANNINGHAM, "km": 10, "needs": ["food"]})
    assert "errors" not in body, body
    found = [edge["node"] for edge in body["data"]["services"]["edges"]]  # type: ignore[index]
    assert found, "the demo district has food provision near Manningham"
    distances = [s["distanceKm"] for s in found]
    assert distances == sorted(distances)
    assert all("food" in s["needs"] for s in found)
    return found[0]  # type: ignore[no-any-return]


def referral_input(service_id: object, key: str | None = None) -> dict[str, object]:
    return {
        "input": {
            "idempotencyKey": key or f"test-{uuid.uuid4()}",
            "personPseudonym": "BD-PSN-0042",
            "homeArea": HOME_AREA,
            "serviceId": service_id,
            "reason": "Struggling to afford food since losing hours at work",
        }
    }


async def test_referral_reaches_the_partner_as_a_signed_webhook(stack: Stack) -> None:
    food_bank = await find_food_bank(stack)
    endpoint = await register_endpoint(
        stack.graph,
        str(food_bank["organisationId"]),
        f"{stack.receiver_url}/hook",
        allow_http=True,
    )
    token = stack.issuer.mint("sp-1", "org-gp-practice", ("social_prescriber",))
    await record_consent(stack, token, food_bank["organisationId"])

    body = await stack.graphql(CREATE, referral_input(food_bank["id"]), token)
    result = body["data"]["createReferral"]  # type: ignore[index]
    assert result["__typename"] == "ReferralCreated", result
    referral_id = result["referral"]["id"]
    assert result["referral"]["status"] == "requested"

    async def webhook_arrived() -> bool:
        return len(stack.receiver.received) >= 1

    await eventually(webhook_arrived)
    headers, raw = stack.receiver.received[0]
    payload = Webhook(endpoint.secret).verify(raw, headers)
    assert payload["type"] == "referral.received"
    assert payload["data"]["referral_id"] == referral_id
    assert headers["webhook-id"] == payload["data"]["event_id"]

    async def delivery_recorded() -> list[dict[str, object]] | None:
        rows = await stack.graph.query(
            "MATCH (r:Referral {id: $id}) "
            "OPTIONAL MATCH (d:Delivery {status: 'delivered'})-[:TO_ENDPOINT]->(:WebhookEndpoint) "
            "RETURN r.status AS status, count(d) AS deliveries",
            id=referral_id,
        )
        # The partner may answer before the sender records the attempt: wait for the record.
        return rows if rows and rows[0]["deliveries"] else None

    rows = await eventually(delivery_recorded)
    assert rows == [{"status": "received", "deliveries": 1}]
    assert len(stack.receiver.received) == 1
    # Nothing personal travelled: not the pseudonym, not the reason.
    assert b"BD-PSN-0042" not in raw
    assert b"afford food" not in raw


async def test_same_idempotency_key_creates_one_referral_and_one_event(stack: Stack) -> None:
    food_bank = await find_food_bank(stack)
    token = stack.issuer.mint("sp-1", "org-gp-practice", ("social_prescriber",))
    await record_consent(stack, token, food_bank["organisationId"])
    request = referral_input(food_bank["id"], key="retry-key-0001")

    first = (await stack.graphql(CREATE, request, token))["data"]["createReferral"]  # type: ignore[index]
    second = (await stack.graphql(CREATE, request, token))["data"]["createReferral"]  # type: ignore[index]
    assert first["created"] is True
    assert second["created"] is False
    assert first["referral"]["id"] == second["referral"]["id"]

    counts = await stack.graph.query(
        "MATCH (r:Referral) WITH count(r) AS referrals "
        "MATCH (o:Outbox {subject: 'kith.referral.requested'}) RETURN referrals, count(o) AS events"
    )
    assert counts == [{"referrals": 1, "events": 1}]

    async def published_once() -> bool:
        info = await stack.js.stream_info("KITH", subjects_filter="kith.referral.requested")
        return (info.state.subjects or {}).get("kith.referral.requested") == 1

    await eventually(published_once)

    changed = referral_input(food_bank["id"], key="retry-key-0001")
    changed["input"]["reason"] = "A different reason"  # type: ignore[index]
    third = (await stack.graphql(CREATE, changed, token))["data"]["createReferral"]  # type: ignore[index]
    assert third["__typename"] == "ConflictError"


async def test_mutations_need_a_genuine_token(stack: Stack) -> None:
    food_bank = await find_food_bank(stack)
    request = referral_input(food_bank["id"])

    anonymous = await stack.graphql(CREATE, request)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"  # type: ignore[index]
    assert "needs a bearer token" in anonymous["errors"][0]["message"]  # type: ignore[index]

    from kith_devstack.issuer import DevIssuer

    forger = DevIssuer(stack.issuer.issuer, stack.issuer.audience, kid=stack.issuer.kid)
    forged = await stack.graphql(CREATE, request, forger.mint("x", "org", ("platform_admin",)))
    assert forged["errors"][0]["message"] == "bearer token is invalid"  # type: ignore[index]
    assert await stack.graph.query("MATCH (r:Referral) RETURN r") == []


async def test_bad_input_gets_a_typed_error_and_writes_nothing(stack: Stack) -> None:
    token = stack.issuer.mint("sp-1", "org-gp-practice", ("social_prescriber",))
    missing = referral_input(str(uuid.uuid4()))
    body = await stack.graphql(CREATE, missing, token)
    assert body["data"]["createReferral"]["__typename"] == "NotFoundError"  # type: ignore[index]

    bad_area = referral_input(str(uuid.uuid4()))
    bad_area["input"]["homeArea"] = "BD8 7QP"  # type: ignore[index]
    body = await stack.graphql(CREATE, bad_area, token)
    assert body["data"]["createReferral"] == {  # type: ignore[index]
        "__typename": "InputError",
        "field": "homeArea",
        "message": "must be an English LSOA 2011 code such as E01010568",
    }
    bad_radius = await stack.graphql(SERVICES, {"near": MANNINGHAM, "km": 1000, "needs": None})
    assert bad_radius["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"  # type: ignore[index]
    written = await stack.graph.query(
        "MATCH (n) WHERE n:Referral OR n.subject STARTS WITH 'kith.referral' RETURN n"
    )
    assert written == []
    assert json.dumps(body)  # the error body is plain JSON, safe to show


async def test_every_service_reports_health_and_readiness(stack: Stack) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        for base in (stack.gateway, *stack.workers):
            assert (await client.get(f"{base}/healthz")).json() == {"status": "ok"}
            ready = await client.get(f"{base}/readyz")
            assert ready.status_code == 200
            assert ready.json() == {"status": "ready", "checks": {"neo4j": True, "nats": True}}
            assert ready.headers["x-request-id"]
