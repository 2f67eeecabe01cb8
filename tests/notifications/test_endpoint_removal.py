"""An organisation admin removes a webhook endpoint: it and the subscriptions that send to it
stop (nothing more is delivered), removing it again answers the same, and another
organisation's admin cannot remove it."""

from __future__ import annotations

from nats.js import JetStreamContext

from tests.helpers.notifications import SUBSCRIBE, Admin, register
from tests.helpers.notifications_support import (
    publish,
    recorder_caught_up,
    referral_event,
    until,
)
from tests.support import eventually

REMOVE = """
mutation($id: ID!) { removeWebhookEndpoint(endpointId: $id) {
  __typename ... on WebhookEndpointRemoved { id } ... on NotFoundError { message } } }"""
LIST = "{ notificationSubscriptions { id } webhookEndpoints { id } }"


async def test_a_removed_endpoint_and_its_subscriptions_stop(
    admin: Admin, jetstream: JetStreamContext
) -> None:
    endpoint = (await register(admin))["endpoint"]
    given = {
        "eventTypes": ["referral.received"],
        "channel": "WEBHOOK",
        "endpointId": endpoint["id"],
    }
    created = await admin.gql(SUBSCRIBE, {"key": "subscription-0001", "input": given})
    assert created["data"]["createNotificationSubscription"]["__typename"] == "SubscriptionSaved"
    await publish(admin.graph, [referral_event(admin.org)])
    await until(lambda: len(admin.partner.events()) == 1, within=120)

    stranger = admin.token("org_admin", org="org-elsewhere")
    refused = await admin.gql(REMOVE, {"id": endpoint["id"]}, token=stranger)
    assert refused["data"]["removeWebhookEndpoint"]["__typename"] == "NotFoundError"

    removed = await admin.gql(REMOVE, {"id": endpoint["id"]})
    assert removed["data"]["removeWebhookEndpoint"] == {
        "__typename": "WebhookEndpointRemoved",
        "id": endpoint["id"],
    }
    again = await admin.gql(REMOVE, {"id": endpoint["id"]})
    assert again["data"]["removeWebhookEndpoint"]["__typename"] == "WebhookEndpointRemoved"
    assert (await admin.gql(LIST))["data"] == {
        "notificationSubscriptions": [],
        "webhookEndpoints": [],
    }

    later = referral_event(admin.org)
    await publish(admin.graph, [later])

    async def published_and_recorded() -> bool:
        rows = await admin.graph.query(
            "MATCH (o:Outbox {event_id: $id}) RETURN o.published_at IS NOT NULL AS out",
            id=later.id,
        )
        return bool(rows and rows[0]["out"]) and await recorder_caught_up(jetstream)

    await eventually(published_and_recorded, within=120)
    rows = await admin.graph.query("MATCH (d:Delivery {event_id: $id}) RETURN d.id", id=later.id)
    assert rows == []
