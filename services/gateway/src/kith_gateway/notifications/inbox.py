"""The live inbox: a GraphQL subscription (graphql-transport-ws) an agency's screen keeps open.

Authorised by the same bearer token as every request — sent in the `connection_init` payload,
since browsers cannot set headers on a WebSocket — and filtered to the caller's organisation.
Items are what the notifications service recorded for the organisation's inbox subscriptions
(ids, type, time and links only). The stream reads the graph, so it works with any number of
gateway and notifications replicas, and a screen that reconnects passes `since` to catch up.

A connection lives no longer than its token: when the token expires, each of its
subscriptions ends with UNAUTHENTICATED and the screen reconnects with a fresh token. One
connection may hold at most `MAX_PER_CONNECTION` subscriptions (each polls the graph).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator
from datetime import UTC, datetime, timedelta
from typing import Any

import strawberry
from kith_common.auth import AuthError, JwksVerifier, Principal, bearer_token
from strawberry.exceptions import ConnectionRejectionError, StrawberryGraphQLError
from strawberry.scalars import JSON

from kith_gateway.context import Context
from kith_gateway.kernel.graphql import Info

POLL_SECONDS = 0.25
# Transactions commit out of timestamp order; re-reading a short window behind the cursor (and
# remembering what was sent) means a late commit is still delivered, and never twice.
LOOKBACK = timedelta(seconds=10)
MAX_PER_CONNECTION = 5
_active: dict[int, int] = {}  # live subscriptions per connection (its context's id)

SINCE = """
MATCH (i:InboxItem {organisation_id: $organisation_id})
WHERE i.recorded_at >= $since
RETURN i.id AS id, i.event_id AS event_id, i.type AS type, i.aggregate_id AS aggregate_id,
       i.occurred_at AS occurred_at, i.recorded_at AS recorded_at, i.body AS body
ORDER BY i.recorded_at, i.id LIMIT 500
"""


@strawberry.type
class InboxLink:
    rel: str
    href: str


@strawberry.type(description="Something that happened that concerns your organisation.")
class InboxEvent:
    event_id: strawberry.ID
    type: str
    aggregate_id: str | None
    occurred_at: datetime
    data: JSON = strawberry.field(description="Ids only, as in the webhook payload.")
    links: list[InboxLink]

    @classmethod
    def of(cls, row: dict[str, Any]) -> InboxEvent:
        payload = json.loads(row["body"])["data"]
        links = payload.pop("links", {})
        return cls(
            event_id=strawberry.ID(row["event_id"]),
            type=row["type"],
            aggregate_id=row["aggregate_id"],
            occurred_at=row["occurred_at"].to_native(),
            data=payload,
            links=[InboxLink(rel=k, href=v) for k, v in sorted(links.items())],
        )


async def authorise_connection(context: Context, verifier: JwksVerifier) -> None:
    """On `connection_init`: a token in the payload decides who the connection is. A token
    that does not verify closes the connection (4403); none leaves it anonymous, and the
    subscription then answers UNAUTHENTICATED."""
    params = context.connection_params or {}
    raw = params.get("authorization") or params.get("Authorization")
    token = bearer_token(raw) if isinstance(raw, str) else None
    if token is None:
        return
    try:
        context.principal, context.auth_error = await verifier.verify(token), None
    except AuthError:
        raise ConnectionRejectionError from None


@strawberry.type
class InboxSubscription:
    @strawberry.subscription(
        description="Your organisation's inbox, live. `since` replays what arrived after it."
    )
    async def inbox(
        self, info: Info, since: datetime | None = None
    ) -> AsyncGenerator[InboxEvent, None]:
        principal = info.context.require_principal()
        connection = id(info.context)
        if _active.get(connection, 0) >= MAX_PER_CONNECTION:
            raise StrawberryGraphQLError(
                f"a connection may hold at most {MAX_PER_CONNECTION} subscriptions",
                extensions={"code": "TOO_MANY_SUBSCRIPTIONS"},
            )
        _active[connection] = _active.get(connection, 0) + 1
        try:
            async for event in _follow(info.context, principal, since):
                yield event
        finally:
            _active[connection] -= 1
            if not _active[connection]:
                del _active[connection]


async def _follow(
    context: Context, principal: Principal, since: datetime | None
) -> AsyncGenerator[InboxEvent, None]:
    organisation_id = principal.organisation_id
    floor = (since or context.clock()).astimezone(UTC)
    cursor, sent = floor, dict[str, datetime]()
    while True:
        if principal.expired():
            raise StrawberryGraphQLError(
                "the token has expired; reconnect with a new one",
                extensions={"code": "UNAUTHENTICATED"},
            )
        # Shielded: a screen that disconnects mid-read lets the read finish, so the driver
        # gets its connection back instead of leaving a socket half-used.
        read = context.graph.query(SINCE, organisation_id=organisation_id, since=cursor - LOOKBACK)
        rows = await asyncio.shield(asyncio.ensure_future(read))
        for row in rows:
            recorded = row["recorded_at"].to_native()
            if row["id"] in sent or recorded < floor:
                continue
            sent[row["id"]] = recorded
            cursor = max(cursor, recorded)
            yield InboxEvent.of(row)
        horizon = cursor - 2 * LOOKBACK
        sent = {k: v for k, v in sent.items() if v >= horizon}
        await asyncio.sleep(POLL_SECONDS)
