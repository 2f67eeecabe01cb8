"""The partner's own delivery log, dead-letter replay, and secret rotation with an overlap."""

from __future__ import annotations

from datetime import UTC, datetime

from kith_common.graph import Graph
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from tests.helpers.notifications import SUBSCRIBE, Admin, register
from tests.helpers.notifications_support import Hit, publish, referral_event, until
from tests.support import eventually

LOG = """
query($status: DeliveryStatus, $first: Int, $after: String) {
  deliveryLog(status: $status, first: $first, after: $after) {
    nextCursor
    deliveries { id eventId type status channel attempts { number statusCode latencyMs error at } }
  }
}"""

REPLAY = """
mutation($id: ID!) { replayDelivery(deliveryId: $id) {
  __typename ... on NotFoundError { message } ... on ConflictError { message } } }"""

ROTATE = """
mutation($id: ID!, $key: String!, $overlap: Int) {
  rotateWebhookSecret(endpointId: $id, idempotencyKey: $key, overlapSeconds: $overlap) {
    __typename
    ... on WebhookSecretRotated { secret endpoint { previousSecretValidUntil } }
    ... on InputError { field message }
  }
}"""


async def subscribed_endpoint(admin: Admin) -> dict[str, str]:
    registered = await register(admin)
    endpoint = registered["endpoint"]
    variables = {
        "key": "subscription-9001",
        "input": {
            "eventTypes": ["referral.received"],
            "channel": "WEBHOOK",
            "endpointId": endpoint["id"],
        },
    }
    saved = await admin.gql(SUBSCRIBE, variables)
    assert saved["data"]["createNotificationSubscription"]["__typename"] == "SubscriptionSaved"
    return {"id": endpoint["id"], "secret": registered["secret"]}


async def status_of(graph: Graph, event_id: str) -> str | None:
    rows = await graph.query("MATCH (d:Delivery {event_id: $id}) RETURN d.status AS s", id=event_id)
    return rows[0]["s"] if rows else None


async def test_dead_letters_are_listed_with_every_attempt_and_can_be_replayed(admin: Admin) -> None:
    await subscribed_endpoint(admin)
    admin.partner.status = 500
    event = referral_event(admin.org)
    await publish(admin.graph, [event])

    async def dead() -> bool:
        return await status_of(admin.graph, event.id) == "dead"

    await eventually(dead, within=30)
    log = (await admin.gql(LOG, {"status": "DEAD"}))["data"]["deliveryLog"]
    [delivery] = log["deliveries"]
    assert delivery["eventId"] == event.id
    assert delivery["type"] == "referral.received"
    assert delivery["attempts"][0]["number"] == 1
    assert {a["statusCode"] for a in delivery["attempts"]} == {500}
    assert all(a["error"] == "HTTP 500" and a["latencyMs"] >= 0 for a in delivery["attempts"])
    failed_tries = len(delivery["attempts"])

    stranger = admin.token("org_admin", org="org-elsewhere")
    theirs = await admin.gql(LOG, {}, token=stranger)
    assert theirs["data"]["deliveryLog"]["deliveries"] == []
    assert (await admin.gql(REPLAY, {"id": delivery["id"]}, token=stranger))["data"][
        "replayDelivery"
    ]["__typename"] == "NotFoundError"

    admin.partner.status = 204
    replayed = await admin.gql(REPLAY, {"id": delivery["id"]})
    assert replayed["data"]["replayDelivery"]["__typename"] == "DeliveryReplayed"

    async def delivered() -> bool:
        return await status_of(admin.graph, event.id) == "delivered"

    await eventually(delivered)
    after = (await admin.gql(LOG, {"status": "DELIVERED"}))["data"]["deliveryLog"]["deliveries"]
    assert [a["statusCode"] for a in after[0]["attempts"]][-1] == 204
    assert len(after[0]["attempts"]) == failed_tries + 1
    again = await admin.gql(REPLAY, {"id": delivery["id"]})
    assert again["data"]["replayDelivery"]["__typename"] == "ConflictError"
    assert len({h.webhook_id for h in admin.partner.events()}) == 1  # always the event id


async def test_the_log_pages_newest_first(admin: Admin) -> None:
    await subscribed_endpoint(admin)
    events = [referral_event(admin.org) for _ in range(5)]
    await publish(admin.graph, events)
    await until(lambda: admin.partner.ids() == {e.id for e in events})
    seen, after = [], None
    while True:
        page = (await admin.gql(LOG, {"first": 2, "after": after}))["data"]["deliveryLog"]
        seen += [d["eventId"] for d in page["deliveries"]]
        after = page["nextCursor"]
        if after is None:
            break
    assert sorted(seen) == sorted(e.id for e in events)
    bad = await admin.gql(LOG, {"first": 500})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def verifies(secret: str, hit: Hit) -> bool:
    try:
        Webhook(secret).verify(hit.body, hit.headers)
    except WebhookVerificationError:
        return False
    return True


async def test_a_rotated_secret_overlaps_with_the_old_one_then_replaces_it(admin: Admin) -> None:
    endpoint = await subscribed_endpoint(admin)
    old = endpoint["secret"]
    before = [referral_event(admin.org) for _ in range(3)]
    await publish(admin.graph, before)
    await until(lambda: admin.partner.ids() >= {e.id for e in before})

    rotated = (await admin.gql(ROTATE, {"id": endpoint["id"], "key": "rotate-0001", "overlap": 6}))[
        "data"
    ]["rotateWebhookSecret"]
    new = rotated["secret"]
    valid_until = datetime.fromisoformat(rotated["endpoint"]["previousSecretValidUntil"])
    repeat = (await admin.gql(ROTATE, {"id": endpoint["id"], "key": "rotate-0001", "overlap": 6}))[
        "data"
    ]["rotateWebhookSecret"]
    assert repeat["secret"] == new  # a retried rotation does not rotate twice
    during = [referral_event(admin.org) for _ in range(10)]
    await publish(admin.graph, during)
    await until(lambda: admin.partner.ids() >= {e.id for e in during})

    async def overlap_over() -> bool:
        return datetime.now(UTC) > valid_until

    await eventually(overlap_over, within=10)
    after = [referral_event(admin.org) for _ in range(3)]
    await publish(admin.graph, after)
    await until(lambda: admin.partner.ids() >= {e.id for e in after})

    by_id = {h.webhook_id: h for h in admin.partner.events()}
    for event in before:
        assert verifies(old, by_id[event.id])
        assert not verifies(new, by_id[event.id])
    for event in during + after:
        hit = by_id[event.id]
        assert verifies(new, hit)
        sent = datetime.fromtimestamp(int(hit.headers["webhook-timestamp"]), UTC)
        assert verifies(old, hit) == (len(hit.headers["webhook-signature"].split()) == 2)
        if verifies(old, hit):
            assert sent <= valid_until  # the old secret only ever works inside the overlap
    assert all(verifies(old, by_id[e.id]) for e in during)
    assert not any(verifies(old, by_id[e.id]) for e in after)
    bad = (await admin.gql(ROTATE, {"id": endpoint["id"], "key": "rotate-0002", "overlap": -1}))[
        "data"
    ]["rotateWebhookSecret"]
    assert bad == {
        "__typename": "InputError",
        "field": "overlapSeconds",
        "message": "must be between 0 and 604800 (seven days)",
    }
