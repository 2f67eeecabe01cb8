"""One referral is one trace across real processes: the gateway, router and notifications run
as their console scripts (as deployed), each exporting its spans over OTLP/HTTP (configured by
the standard `OTEL_*` variables only) to a small receiver this test runs. The trace that
starts at the gateway's request reaches the router, the notifications service and the
partner's webhook, whose `traceparent` header names the notifications service's POST."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_notifications.handlers import register_endpoint
from nats.js import JetStreamContext

from tests.helpers.observability import kith_processes
from tests.helpers.otlp import ExportedSpan, OtlpReceiver
from tests.helpers.referrals import AREA, CREATE, ORG_B, PRESCRIBER, RECORD_CONSENT, SERVICE_B, Api
from tests.support import WebhookReceiver, eventually, serving

PSEUDONYM, REASON = "PSN-OTLP-4", "Needs food support this week"
SERVER, CLIENT, PRODUCER, CONSUMER = 2, 3, 4, 5  # OTLP's span kinds


def inputs() -> tuple[dict[str, object], dict[str, object]]:
    consent: dict[str, object] = {
        "idempotencyKey": f"c-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    referral: dict[str, object] = {
        "idempotencyKey": f"r-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": REASON,
    }
    return consent, referral


async def refer(gateway: str, token: str) -> None:
    async with httpx.AsyncClient(timeout=600) as client:
        for query, given in zip((RECORD_CONSENT, CREATE), inputs(), strict=True):
            response = await client.post(
                f"{gateway}/graphql",
                json={"query": query, "variables": {"i": given}},
                headers={"authorization": f"Bearer {token}"},
            )
            assert "errors" not in response.json(), response.text


def one(spans: list[ExportedSpan], service: str, name: str) -> ExportedSpan:
    found = [s for s in spans if s.service == service and s.name == name]
    assert found, f"no {name!r} from {service} in {sorted({(s.service, s.name) for s in spans})}"
    return found[0]


async def test_one_referral_is_one_trace_across_the_processes_exported_over_otlp(
    api: Api, settings: Settings, jetstream: JetStreamContext, tmp_path: Path
) -> None:
    collector, partner = OtlpReceiver(), WebhookReceiver()
    issuer = DevIssuer("http://issuer.otlp.test", settings.jwt_audience)
    async with (
        serving(issuer_app(issuer, {})) as issuer_url,
        serving(partner.app()) as hook,
        serving(collector.app()) as otlp,
    ):
        await register_endpoint(api.graph, ORG_B, f"{hook}/hook", allow_http=True)
        env = {
            "NEO4J_URI": settings.neo4j_uri,
            "NATS_URL": ",".join(settings.nats_servers),
            "KITH_JWT_ISSUER": issuer.issuer,
            "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
            "OTEL_EXPORTER_OTLP_ENDPOINT": otlp,  # the exporter adds /v1/traces
            "OTEL_BSP_SCHEDULE_DELAY": "200",  # ms: export soon after a span ends
        }
        with kith_processes(env, tmp_path, "gateway", "router", "notifications") as running:
            token = issuer.mint(
                PRESCRIBER.user_id, PRESCRIBER.organisation_id, ("social_prescriber",)
            )
            await refer(running.urls["gateway"], token)

            async def trace_reached_the_webhook() -> list[ExportedSpan] | None:
                mutation = [
                    s for s in collector.spans if s.name == "graphql mutation createReferral"
                ]
                if not mutation or not partner.received:
                    return None
                found = collector.in_trace(mutation[0].trace_id)
                posted = any(s.name == "POST webhook" for s in found)
                return found if posted else None

            found = await eventually(trace_reached_the_webhook, within=300)

    request = one(found, "kith-gateway", "POST /graphql")
    assert request.kind == SERVER
    assert request.parent_span_id == ""  # the trace starts at the gateway's request
    mutation = one(found, "kith-gateway", "graphql mutation createReferral")
    assert mutation.parent_span_id == request.span_id
    routed = one(found, "kith-referral-router", "receive kith.referral.requested")
    assert routed.kind == CONSUMER
    webhook = one(found, "kith-notifications", "POST webhook")
    assert webhook.kind == CLIENT
    by_id = {s.span_id: s for s in found}
    recorded = by_id[webhook.parent_span_id]  # the recorder's receive of the routed event
    assert (recorded.service, recorded.name) == (
        "kith-notifications",
        "receive kith.referral.received",
    )
    assert by_id[routed.parent_span_id].kind == PRODUCER  # a relay's publish, any process
    assert by_id[recorded.parent_span_id].kind == PRODUCER
    assert {"kith-gateway", "kith-referral-router", "kith-notifications"} <= {
        s.service for s in found
    }

    headers, _ = partner.received[0]
    _, trace_id, parent_id, _ = headers["traceparent"].split("-")
    assert (trace_id, parent_id) == (webhook.trace_id, webhook.span_id)
    for span in collector.spans:  # nothing personal left the processes
        assert PSEUDONYM not in str(span.attributes)
        assert REASON not in str(span.attributes)
