"""An organisation admin manages notifications through the GraphQL gateway: endpoints are
verified, input is checked with typed errors, and everything is scoped to their organisation."""

from __future__ import annotations

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from standardwebhooks import Webhook

from tests.helpers.notifications import SUBSCRIBE, Admin, register
from tests.support import eventually

UPDATE = """
mutation($id: ID!, $input: NotificationSubscriptionInput!) {
  updateNotificationSubscription(id: $id, input: $input) {
    __typename
    ... on SubscriptionSaved { subscription { id eventTypes digest } }
    ... on InputError { field message }
    ... on NotFoundError { message }
  }
}"""

REMOVE = """
mutation($id: ID!) { removeNotificationSubscription(id: $id) {
  __typename ... on SubscriptionRemoved { id } ... on NotFoundError { message } } }"""

LIST = "{ notificationSubscriptions { id eventTypes channel } webhookEndpoints { id status } }"


async def test_admins_only_and_only_with_a_token(admin: Admin) -> None:
    anonymous = await admin.gql(LIST, anonymous=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    worker = await admin.gql(LIST, token=admin.token("receiving_worker"))
    assert worker["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "org_admin" in worker["errors"][0]["message"]


async def test_registration_pings_the_endpoint_with_a_signed_message(admin: Admin) -> None:
    result = await register(admin)
    assert result["__typename"] == "WebhookEndpointRegistered"
    assert result["endpoint"]["status"] == "VERIFIED"
    assert result["endpoint"]["circuit"] == "CLOSED"
    ping = admin.partner.hits[0]
    payload = Webhook(result["secret"]).verify(ping.body, ping.headers)
    assert payload["type"] == "webhook.verification"
    assert payload["data"]["endpoint_id"] == result["endpoint"]["id"]

    again = await register(admin)  # a retry with the same key: the same endpoint, no new ping
    assert again["created"] is False
    assert again["endpoint"]["id"] == result["endpoint"]["id"]
    assert len(admin.partner.hits) == 1
    other = await register(admin, url=admin.partner_url + "?v=2")
    assert other["__typename"] == "ConflictError"


async def test_the_verification_ping_continues_the_registrations_trace(
    admin: Admin, spans: InMemorySpanExporter
) -> None:
    result = await register(admin)
    assert result["endpoint"]["status"] == "VERIFIED"
    finished = spans.get_finished_spans()
    (mutation,) = [s for s in finished if s.name == "graphql mutation registerWebhookEndpoint"]
    (ping,) = [s for s in finished if s.name == "POST webhook verification"]
    assert mutation.context is not None
    assert ping.context is not None
    assert ping.context.trace_id == mutation.context.trace_id
    assert ping.kind == SpanKind.CLIENT
    assert dict(ping.attributes or {}) == {
        "http.request.method": "POST",
        "kith.webhook.endpoint.id": result["endpoint"]["id"],
        "http.response.status_code": admin.partner.status,
    }  # never the URL
    _, trace_id, parent_id, _ = admin.partner.hits[0].headers["traceparent"].split("-")
    assert (int(trace_id, 16), int(parent_id, 16)) == (
        ping.context.trace_id,
        ping.context.span_id,
    )  # the partner can join the trace


async def test_an_endpoint_that_does_not_answer_2xx_fails_verification_until_fixed(
    admin: Admin,
) -> None:
    admin.partner.status = 404
    result = await register(admin)
    endpoint = result["endpoint"]
    assert endpoint["status"] == "FAILED"
    assert endpoint["verificationStatusCode"] == 404
    assert endpoint["verificationError"] == "HTTP 404"

    admin.partner.status = 204
    again = await admin.gql(
        "mutation($id: ID!) { verifyWebhookEndpoint(endpointId: $id) { __typename } }",
        {"id": endpoint["id"]},
    )
    assert again["data"]["verifyWebhookEndpoint"]["__typename"] == "WebhookVerificationStarted"

    async def verified() -> bool:
        listed = await admin.gql(LIST)
        return bool(
            listed["data"]["webhookEndpoints"] == [{"id": endpoint["id"], "status": "VERIFIED"}]
        )

    await eventually(verified)


@pytest.mark.parametrize(
    ("url", "gateway_env", "message"),
    [
        ("not a url", {}, "must use http or https"),
        ("http://partner.example/hook", {"KITH_ENV": "production"}, "must use https"),
        ("https://127.0.0.1:9/hook", {"KITH_WEBHOOK_ALLOWED_NETWORKS": ""}, "private, loopback"),
        ("https://localhost/hook", {"KITH_WEBHOOK_ALLOWED_NETWORKS": ""}, "private, loopback"),
        ("https://169.254.169.254/hook", {}, "metadata"),
        ("https://partner.invalid/hook", {}, "does not resolve"),
        ("https://user:secret@partner.example/hook", {}, "user name or password"),
    ],
)
async def test_urls_that_are_refused_get_a_clear_input_error(
    admin: Admin, url: str, message: str
) -> None:
    result = await register(admin, url=url)
    assert result["__typename"] == "InputError"
    assert result["field"] == "url"
    assert message in result["message"]
    assert admin.partner.hits == []
    assert await admin.graph.query("MATCH (e:WebhookEndpoint) RETURN e") == []


async def test_subscriptions_are_data_the_admin_manages(admin: Admin) -> None:
    endpoint = (await register(admin))["endpoint"]
    variables = {
        "key": "subscription-0001",
        "input": {
            "eventTypes": ["referral.received", "referral.requested", "referral.received"],
            "channel": "WEBHOOK",
            "endpointId": endpoint["id"],
            "needCodes": [admin.org.need],
            "areaCodes": [admin.org.lad],
            "serviceIds": [admin.org.service_id],
        },
    }
    created = (await admin.gql(SUBSCRIBE, variables))["data"]["createNotificationSubscription"]
    assert created["__typename"] == "SubscriptionSaved", created
    subscription = created["subscription"]
    assert subscription["eventTypes"] == ["referral.received", "referral.requested"]
    assert subscription["endpointId"] == endpoint["id"]
    assert subscription["digest"] == "IMMEDIATE"
    repeat = (await admin.gql(SUBSCRIBE, variables))["data"]["createNotificationSubscription"]
    assert repeat["created"] is False
    assert repeat["subscription"]["id"] == subscription["id"]

    email = {
        "eventTypes": ["referral.requested"],
        "channel": "EMAIL",
        "email": "referrals@foodbank.example",
        "digest": "DAILY",
    }
    updated = await admin.gql(UPDATE, {"id": subscription["id"], "input": email})
    assert updated["data"]["updateNotificationSubscription"]["subscription"]["digest"] == "DAILY"
    listed = (await admin.gql(LIST))["data"]["notificationSubscriptions"]
    assert listed == [
        {"id": subscription["id"], "eventTypes": ["referral.requested"], "channel": "EMAIL"}
    ]
    removed = await admin.gql(REMOVE, {"id": subscription["id"]})
    assert removed["data"]["removeNotificationSubscription"]["id"] == subscription["id"]
    assert (await admin.gql(LIST))["data"]["notificationSubscriptions"] == []
    gone = await admin.gql(REMOVE, {"id": subscription["id"]})
    assert gone["data"]["removeNotificationSubscription"]["__typename"] == "NotFoundError"


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        (
            {"eventTypes": ["referral.exploded"]},
            "eventTypes",
            "unknown event type(s) referral.exploded",
        ),
        ({"eventTypes": []}, "eventTypes", "at least one"),
        ({"channel": "EMAIL", "endpointId": None}, "email", "valid address"),
        ({"channel": "EMAIL", "endpointId": None, "email": "not-an-address"}, "email", "valid"),
        ({"digest": "HOURLY"}, "digest", "email subscriptions only"),
        ({"channel": "WEBHOOK", "endpointId": None}, "endpointId", "names one of your endpoints"),
        ({"needCodes": ["no-such-need"]}, "needCodes", "not known needs: no-such-need"),
        ({"areaCodes": ["E99999999"]}, "areaCodes", "not known areas: E99999999"),
        ({"areaCodes": ["Bradford"]}, "areaCodes", "'Bradford' is not a valid value"),
        ({"serviceIds": ["not-a-uuid"]}, "serviceIds", "not a service id"),
        (
            {"serviceIds": ["5b7c2a4e-8f1d-4c3b-9a6e-2d1f0e9c8b7a"]},
            "serviceIds",
            "not services of your organisation",
        ),
    ],
)
async def test_bad_subscription_input_gets_a_typed_error_and_writes_nothing(
    admin: Admin, given: dict[str, object], field: str, message: str
) -> None:
    endpoint = (await register(admin))["endpoint"]
    base = {"eventTypes": ["referral.received"], "channel": "WEBHOOK", "endpointId": endpoint["id"]}
    result = await admin.gql(SUBSCRIBE, {"key": "subscription-0002", "input": {**base, **given}})
    error = result["data"]["createNotificationSubscription"]
    assert error["__typename"] == "InputError", error
    assert error["field"] == field
    assert message in error["message"]
    assert await admin.graph.query("MATCH (s:Subscription) RETURN s") == []


async def test_another_organisations_endpoint_is_not_found(admin: Admin) -> None:
    endpoint = (await register(admin))["endpoint"]
    stranger = admin.token("org_admin", org="org-elsewhere")
    variables = {
        "key": "subscription-0003",
        "input": {
            "eventTypes": ["referral.received"],
            "channel": "WEBHOOK",
            "endpointId": endpoint["id"],
        },
    }
    result = await admin.gql(SUBSCRIBE, variables, token=stranger)
    assert result["data"]["createNotificationSubscription"]["__typename"] == "NotFoundError"
    theirs = await admin.gql(LIST, token=stranger)
    assert theirs["data"] == {"notificationSubscriptions": [], "webhookEndpoints": []}
