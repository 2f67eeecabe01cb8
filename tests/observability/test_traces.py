"""One referral is one trace: the gateway's request, the outbox row's publication by the relay
(the context in the NATS headers, not the payload), the router's handling and the event it
derives, the notifications recorder and the webhook POST to the partner (who gets the
`traceparent` header), collected with the SDK's in-memory exporter."""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from kith_notifications.bootstrap import build_app as notifications_app
from kith_notifications.handlers import register_endpoint
from kith_router.bootstrap import build_app as router_app
from nats.js import JetStreamContext
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from tests.helpers.notifications_support import Hit, Partner, fast_config
from tests.helpers.referrals import (
    AREA,
    CREATE,
    ORG_B,
    PRESCRIBER,
    RECORD_CONSENT,
    SERVICE_B,
    Api,
    Live,
)
from tests.support import eventually, serving

PSEUDONYM, REASON = "PSN-TRACE-7", "Needs food support this week"


@pytest.fixture
async def live(api: Api, settings: Settings, jetstream: JetStreamContext) -> AsyncIterator[Live]:
    """Gateway, router and notifications served for real in this process (so one exporter
    sees every span); each event still travels through Neo4j and JetStream."""
    async with AsyncExitStack() as running:
        issuer = DevIssuer("http://issuer.traces.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        url = await running.enter_async_context(serving(gateway_app(wired)))
        await running.enter_async_context(serving(router_app(wired)))
        await running.enter_async_context(serving(notifications_app(wired, fast_config())))
        yield Live(url, issuer, api.graph, jetstream)


async def create_referral(live: Live) -> str:
    consent = {
        "idempotencyKey": f"c-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    referral = {
        "idempotencyKey": f"r-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": REASON,
    }
    async with httpx.AsyncClient(timeout=120) as client:
        await live.post(client, RECORD_CONSENT, {"i": consent}, PRESCRIBER)
        created = await live.post(client, CREATE, {"i": referral}, PRESCRIBER)
    assert created["__typename"] == "ReferralCreated", created
    return str(created["referral"]["id"])


def named(found: list[ReadableSpan], name: str, **attributes: str) -> ReadableSpan:
    matching = [
        s
        for s in found
        if s.name == name and attributes.items() <= dict(s.attributes or {}).items()
    ]
    assert len(matching) == 1, (name, attributes, [s.name for s in found])
    return matching[0]


def ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[str]:
    names, parent = [], span.parent
    while parent is not None and parent.span_id in by_id:
        names.append(by_id[parent.span_id].name)
        parent = by_id[parent.span_id].parent
    return names


def span_id(span: ReadableSpan) -> int:
    assert span.context is not None
    return int(span.context.span_id)


def parent_of(span: ReadableSpan) -> int | None:
    return None if span.parent is None else span.parent.span_id


def publishes(found: list[ReadableSpan], subject: str) -> dict[int, ReadableSpan]:
    attempts = {span_id(s): s for s in found if s.name == f"publish {subject}"}
    assert attempts, f"no publish of {subject} in the trace"
    return attempts


def in_trace(spans: InMemorySpanExporter, trace_id: int) -> list[ReadableSpan]:
    return [
        s
        for s in spans.get_finished_spans()
        if s.context is not None and s.context.trace_id == trace_id
    ]


def traceparent_ids(hit: Hit) -> tuple[int, int]:
    """The trace and parent span ids of the `traceparent` header a partner received."""
    _version, trace_id, parent_id, _flags = hit.headers["traceparent"].split("-")
    return int(trace_id, 16), int(parent_id, 16)


async def test_one_referral_is_one_trace_from_the_request_to_the_partners_webhook(
    live: Live, spans: InMemorySpanExporter
) -> None:
    partner = Partner()
    async with serving(partner.app()) as hook:
        await register_endpoint(live.graph, ORG_B, f"{hook}/hook", allow_http=True)
        await create_referral(live)
        graphql = named(list(spans.get_finished_spans()), "graphql mutation createReferral")
        assert graphql.context is not None
        trace_id = graphql.context.trace_id
        recorder = {"messaging.consumer.group.name": "notifications-recorder"}

        async def reached_the_partner() -> list[ReadableSpan] | None:
            found = in_trace(spans, trace_id)
            names = {
                (s.name, dict(s.attributes or {}).get("messaging.consumer.group.name"))
                for s in found
            }
            wanted = {
                ("receive kith.referral.received", "notifications-recorder"),
                ("POST webhook", None),
            }
            return found if wanted <= names and partner.events() else None

        found = await eventually(reached_the_partner, within=120)
    by_id = {s.context.span_id: s for s in found if s.context is not None}

    server = named(found, "POST /graphql", **{"http.route": "/graphql"})
    assert server.kind == SpanKind.SERVER
    assert server.parent is None  # the trace starts at the request
    assert parent_of(graphql) == span_id(server)

    # A relay may publish a row more than once (a lease that ran out on a loaded machine);
    # JetStream drops the copy, and every attempt is in the trace.
    requested = publishes(found, "kith.referral.requested")
    for publish in requested.values():
        assert publish.kind == SpanKind.PRODUCER
        assert "graphql mutation createReferral" in ancestors(publish, by_id)  # the outbox row

    # The router handles a batch in one transaction: the event it derives continues the trace
    # of the event that caused it (its `receive` span), not the batch's.
    routed = named(
        found,
        "receive kith.referral.requested",
        **{"messaging.consumer.group.name": "referral-router"},
    )
    assert routed.kind == SpanKind.CONSUMER
    assert parent_of(routed) in requested  # the NATS headers

    received = publishes(found, "kith.referral.received")
    for publish in received.values():
        assert parent_of(publish) == span_id(routed)  # the derived event's outbox row

    for subject, published in (("requested", requested), ("received", received)):
        seen = named(found, f"receive kith.referral.{subject}", **recorder)
        assert parent_of(seen) in published

    # The sender's attempt continues the trace the recorder stored on the (:Delivery) node,
    # and the partner received that span's context: it can join the trace.
    seen = named(found, "receive kith.referral.received", **recorder)
    webhooks = [s for s in found if s.name == "POST webhook"]
    for webhook in webhooks:
        assert webhook.kind == SpanKind.CLIENT
        assert parent_of(webhook) == span_id(seen)
        assert {"graphql mutation createReferral", "POST /graphql"} <= set(
            ancestors(webhook, by_id)
        )
    hits = {traceparent_ids(hit) for hit in partner.events()}
    assert hits <= {(trace_id, span_id(s)) for s in webhooks}, "the partner's traceparent"
    delivered = [dict(s.attributes or {}) for s in webhooks]
    assert any(a.get("http.response.status_code") == partner.status for a in delivered)

    assert any(s.name == "neo4j write" for s in found)
    for span in found:  # no person's data on any span
        text = json.dumps(dict(span.attributes or {}))
        assert PSEUDONYM not in text
        assert REASON not in text


async def test_the_trace_context_travels_in_nats_headers_not_the_payload(
    live: Live, spans: InMemorySpanExporter
) -> None:
    referral_id = await create_referral(live)

    async def published() -> Any:
        rows = await live.graph.query(
            "MATCH (o:Outbox {subject: 'kith.referral.requested'}) "
            "WHERE o.published_at IS NOT NULL RETURN o.traceparent AS traceparent"
        )
        return rows or None

    (row,) = await eventually(published, within=60)
    message = await live.js.get_last_msg("KITH", "kith.referral.requested")
    trace_id = row["traceparent"].split("-")[1]
    assert (message.headers or {})["traceparent"].split("-")[1] == trace_id
    body = json.loads(message.data or b"{}")
    assert body["data"]["referral_id"] == referral_id
    assert "traceparent" not in json.dumps(body)
    graphql = named(list(spans.get_finished_spans()), "graphql mutation createReferral")
    assert graphql.context is not None
    assert f"{graphql.context.trace_id:032x}" == trace_id
