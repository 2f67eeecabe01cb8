"""The live inbox: a connection lives no longer than its token, and one connection cannot
open an unbounded number of polling subscriptions."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from kith_common.graph import Graph
from kith_gateway.notifications.inbox import MAX_PER_CONNECTION
from websockets.asyncio.client import ClientConnection, connect

from tests.helpers.security import Gateway

INBOX = "subscription { inbox { eventId } }"
DEADLINE = 30.0


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), DEADLINE))
    return message


async def connected(gateway: Gateway, token: str) -> ClientConnection:
    url = gateway.url.replace("http://", "ws://") + "/graphql"
    ws = await connect(url, subprotocols=["graphql-transport-ws"])  # type: ignore[list-item]
    init = {"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}
    await ws.send(json.dumps(init))
    assert (await receive(ws))["type"] == "connection_ack"
    return ws


def error_codes(message: dict[str, Any]) -> set[str | None]:
    payload = message.get("payload")
    errors = payload if isinstance(payload, list) else (payload or {}).get("errors", [])
    return {(e.get("extensions") or {}).get("code") for e in errors}


async def test_a_subscription_ends_when_its_token_expires(graph: Graph, gateway: Gateway) -> None:
    ws = await connected(gateway, gateway.token(ttl_seconds=2))
    try:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": INBOX}}))
        message = await receive(ws)  # nothing arrives for this organisation; the token lapses
    finally:
        await ws.close()
    assert message["id"] == "1"
    assert "UNAUTHENTICATED" in error_codes(message), message


async def test_one_connection_holds_a_bounded_number_of_subscriptions(
    graph: Graph, gateway: Gateway
) -> None:
    ws = await connected(gateway, gateway.token())
    try:
        for n in range(MAX_PER_CONNECTION + 1):
            subscribe = {"id": str(n), "type": "subscribe", "payload": {"query": INBOX}}
            await ws.send(json.dumps(subscribe))
        message = await receive(ws)
    finally:
        await ws.close()
    assert message["id"] == str(MAX_PER_CONNECTION)
    assert "TOO_MANY_SUBSCRIPTIONS" in error_codes(message), message
