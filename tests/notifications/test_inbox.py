"""The live inbox over graphql-transport-ws: authorised by the bearer token in the
connection_init payload, and showing only the caller's organisation's events."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.helpers.notifications import Admin
from tests.helpers.notifications_support import partner_org, publish, referral_event

SUBSCRIBE_INBOX = """
mutation($key: String!) { createNotificationSubscription(idempotencyKey: $key,
  input: {eventTypes: ["referral.received"], channel: INBOX}) { __typename } }"""

INBOX = "subscription { inbox { eventId type aggregateId data links { rel href } } }"
DEADLINE = 30.0


def ws_url(admin: Admin) -> str:
    return admin.gateway.replace("http://", "ws://") + "/graphql"


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), DEADLINE))
    return message


async def open_inbox(admin: Admin, token: str | None) -> ClientConnection:
    ws = await connect(ws_url(admin), subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    payload = {"authorization": f"Bearer {token}"} if token else {}
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    assert (await receive(ws))["type"] == "connection_ack"
    await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": INBOX}}))
    return ws


async def test_a_screen_sees_its_organisations_events_live_and_no_one_elses(admin: Admin) -> None:
    other = await partner_org(admin.graph)
    mine = await admin.gql(SUBSCRIBE_INBOX, {"key": "inbox-0001"})
    assert mine["data"]["createNotificationSubscription"]["__typename"] == "SubscriptionSaved"
    theirs = await admin.gql(
        SUBSCRIBE_INBOX, {"key": "inbox-0001"}, token=admin.token(org=other.organisation_id)
    )
    assert theirs["data"]["createNotificationSubscription"]["__typename"] == "SubscriptionSaved"
    worker = admin.token("receiving_worker")
    ws = await open_inbox(admin, worker)
    try:
        not_mine, for_me = referral_event(other), referral_event(admin.org)
        await publish(admin.graph, [not_mine])
        await publish(admin.graph, [for_me])
        message = await receive(ws)
    finally:
        await ws.close()
    assert message["type"] == "next"
    item = message["payload"]["data"]["inbox"]
    assert item["eventId"] == for_me.id  # the other organisation's earlier event never showed
    assert item["type"] == "referral.received"
    assert item["data"]["referral_id"] == for_me.aggregate_id
    assert item["links"] == [
        {"rel": "referral", "href": f"http://127.0.0.1:8000/referrals/{for_me.aggregate_id}"}
    ]
    recorded = await admin.graph.query("MATCH (i:InboxItem) RETURN i.organisation_id AS org")
    assert sorted(r["org"] for r in recorded) == sorted(
        [admin.org.organisation_id, other.organisation_id]
    )


async def test_a_bad_token_is_refused_and_no_token_is_unauthenticated(admin: Admin) -> None:
    ws = await connect(ws_url(admin), subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer x"}}))
    with pytest.raises(ConnectionClosed) as closed:
        await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403  # Forbidden

    anonymous = await open_inbox(admin, None)
    try:
        error = await receive(anonymous)
    finally:
        await anonymous.close()
    assert error["type"] == "next"
    assert error["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
