"""`/metrics` on the real processes (their console scripts, as deployed): after one referral
travels gateway → outbox → JetStream → router and notifications → a partner's webhook, each
process's scrape counts what it did, by route, operation, subject and durable; and no label
anywhere carries a person's data or an entity's id."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_notifications.handlers import register_endpoint
from nats.js import JetStreamContext

from tests.helpers.observability import Scrape, kith_processes, scrape
from tests.helpers.referrals import AREA, CREATE, ORG_B, PRESCRIBER, RECORD_CONSENT, SERVICE_B, Api
from tests.support import WebhookReceiver, eventually, serving

PSEUDONYM = "PSN-METRICS-3"


def consent() -> dict[str, object]:
    return {
        "idempotencyKey": f"c-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }


def referral() -> dict[str, object]:
    return {
        "idempotencyKey": f"r-{uuid.uuid4()}",
        "personPseudonym": PSEUDONYM,
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": "Needs food support",
    }


async def graphql(
    client: httpx.AsyncClient, url: str, token: str, query: str, variables: dict[str, object]
) -> dict[str, object]:
    response = await client.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables},
        headers={"authorization": f"Bearer {token}"},
    )
    response.raise_for_status()
    (value,) = response.json()["data"].values()
    assert isinstance(value, dict)
    return value


def assert_no_ids(scraped: Scrape, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in scraped.text, f"{secret!r} in /metrics"


async def test_every_process_counts_one_referral_by_route_operation_and_subject(
    api: Api, settings: Settings, jetstream: JetStreamContext, tmp_path: Path
) -> None:
    receiver = WebhookReceiver()
    issuer = DevIssuer("http://issuer.metrics.test", settings.jwt_audience)
    async with serving(issuer_app(issuer, {})) as issuer_url, serving(receiver.app()) as hook:
        await register_endpoint(api.graph, ORG_B, f"{hook}/hook", allow_http=True)
        env = {
            "NEO4J_URI": settings.neo4j_uri,
            "NATS_URL": ",".join(settings.nats_servers),
            "KITH_JWT_ISSUER": issuer.issuer,
            "KITH_JWKS_URL": f"{issuer_url}/.well-known/jwks.json",
        }
        names = ("gateway", "directory", "router", "notifications")
        with kith_processes(env, tmp_path, *names) as running:
            urls = running.urls
            token = issuer.mint(
                PRESCRIBER.user_id, PRESCRIBER.organisation_id, ("social_prescriber",)
            )
            async with httpx.AsyncClient(timeout=600) as client:
                await graphql(client, urls["gateway"], token, RECORD_CONSENT, {"i": consent()})
                made = await graphql(client, urls["gateway"], token, CREATE, {"i": referral()})
                referral_id = str(made["referral"]["id"])  # type: ignore[index]
                assert (
                    await client.get(f"{urls['directory']}/services/{SERVICE_B}")
                ).status_code == 200
                assert (
                    await client.get(f"{urls['gateway']}/no/such/{uuid.uuid4()}")
                ).status_code == 404

                through_ingress = {"x-forwarded-for": "203.0.113.9"}
                outside = await client.get(f"{urls['gateway']}/metrics", headers=through_ingress)
                assert outside.status_code == 404  # only Prometheus, on the pod's own address

                async def partner_called() -> bool:
                    return len(receiver.received) >= 1

                await eventually(partner_called, within=180)

                async def webhook_counted() -> Scrape | None:
                    found = await scrape(client, urls["notifications"])
                    return (
                        found if found.value("kith_webhook_attempts_total", result="ok") else None
                    )

                notifications = await eventually(webhook_counted, within=60)
                gateway = await scrape(client, urls["gateway"])
                router = await scrape(client, urls["router"])
                directory = await scrape(client, urls["directory"])

    graphql_post = {"method": "POST", "route": "/graphql", "status": "200"}
    assert (gateway.value("kith_http_requests_total", **graphql_post) or 0) >= 2
    assert gateway.value("kith_http_requests_total", route="unmatched", status="404") == 2
    assert gateway.value("kith_http_request_duration_seconds_count", route="/graphql")
    created = {"type": "mutation", "operation": "createReferral", "outcome": "ok"}
    assert gateway.value("kith_graphql_operations_total", **created) == 1
    assert gateway.value("kith_graphql_operation_duration_seconds_count", operation="recordConsent")
    assert gateway.value("kith_outbox_pending") is not None  # read from the graph at scrape
    writes = {"access": "write", "outcome": "ok"}
    assert gateway.value("kith_neo4j_transaction_duration_seconds_count", **writes)

    handled = {"durable": "referral-router", "subject": "kith.referral.requested"}
    assert router.value("kith_events_consumed_total", outcome="handled", **handled)
    assert router.value("kith_event_handled_lag_seconds_count", durable="referral-router")
    assert router.value("kith_jetstream_consumer_pending", durable="referral-router") == 0

    recorder = {"durable": "notifications-recorder", "outcome": "handled"}
    assert (notifications.value("kith_events_consumed_total", **recorder) or 0) >= 2
    assert notifications.value("kith_webhook_attempt_duration_seconds_count")
    assert notifications.value("kith_webhook_deliveries_pending") is not None
    assert notifications.value("kith_webhook_dead_letters_24h") == 0

    # Every process runs an outbox relay and any of them may publish a row (more than once
    # only if a lease ran out: JetStream drops the copy).
    everyone = (gateway, router, notifications, directory)
    for subject in ("kith.referral.requested", "kith.referral.received"):
        published = [s.value("kith_outbox_published_total", subject=subject) for s in everyone]
        assert sum(n or 0 for n in published) >= 1, subject
    assert sum(s.value("kith_outbox_relay_lag_seconds_count") or 0 for s in everyone) >= 2

    routes = directory.label_values("kith_http_requests_total", "route")
    assert "/services/{id}" in routes

    for scraped in everyone:
        assert_no_ids(scraped, referral_id, PSEUDONYM, SERVICE_B, ORG_B, PRESCRIBER.user_id)
        assert scraped.value("process_resident_memory_bytes")  # the client's process metrics
