"""Prometheus metrics every Kith process exposes at `/metrics` (deploy/README.md lists them).

Labels are bounded and never carry a person's data or an entity id: HTTP requests are counted by
the matched route's template (`/fhir/Task/{id}`, never the id), GraphQL operations by their
root field (a name from the schema, never the client's free-text operation name), events by
subject and durable consumer name. Gauges that need a look at Neo4j or JetStream (outbox
backlog, consumer lag) are refreshed when Prometheus scrapes, so an idle process costs nothing.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kith_common import tracing
from kith_common.events import Event
from kith_common.logging import get_logger

log = get_logger(__name__)

METRICS_PATH = "/metrics"
# Fast HTTP and Neo4j work to slow reports; seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)

HTTP_REQUESTS = Counter(
    "kith_http_requests", "HTTP requests answered", ["method", "route", "status"]
)
HTTP_LATENCY = Histogram(
    "kith_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "route"],
    buckets=LATENCY_BUCKETS,
)
GRAPHQL_OPERATIONS = Counter(
    "kith_graphql_operations", "GraphQL operations run", ["type", "operation", "outcome"]
)
GRAPHQL_LATENCY = Histogram(
    "kith_graphql_operation_duration_seconds",
    "Time to run a GraphQL operation (parse, validate, execute)",
    ["type", "operation"],
    buckets=LATENCY_BUCKETS,
)
NEO4J_TRANSACTIONS = Histogram(
    "kith_neo4j_transaction_duration_seconds",
    "Time of one Neo4j unit of work, driver retries included",
    ["access", "outcome"],
    buckets=LATENCY_BUCKETS,
)
OUTBOX_PUBLISHED = Counter(
    "kith_outbox_published", "Outbox events published to JetStream", ["subject"]
)
OUTBOX_RELAY_LAG = Histogram(
    "kith_outbox_relay_lag_seconds",
    "From an event's commit to its publication by the relay",
    buckets=LAG_BUCKETS,
)
OUTBOX_PENDING = Gauge("kith_outbox_pending", "Outbox rows not yet published (at scrape)")
OUTBOX_OLDEST = Gauge(
    "kith_outbox_oldest_pending_seconds", "Age of the oldest unpublished outbox row (at scrape)"
)
EVENTS_CONSUMED = Counter(
    "kith_events_consumed",
    "Events a durable consumer took from JetStream",
    ["durable", "subject", "outcome"],
)
EVENT_REDELIVERIES = Counter(
    "kith_event_redeliveries", "Events received again after a failure or timeout", ["durable"]
)
EVENT_LAG = Histogram(
    "kith_event_handled_lag_seconds",
    "From an event's occurrence to its handler's commit",
    ["durable"],
    buckets=LAG_BUCKETS,
)
CONSUMER_PENDING = Gauge(
    "kith_jetstream_consumer_pending", "Messages not yet delivered to a consumer", ["durable"]
)
CONSUMER_ACK_PENDING = Gauge(
    "kith_jetstream_consumer_ack_pending", "Messages delivered but not yet acked", ["durable"]
)
CONSUMER_REDELIVERED = Gauge(
    "kith_jetstream_consumer_redelivered", "Messages being redelivered", ["durable"]
)
WEBHOOK_ATTEMPTS = Counter("kith_webhook_attempts", "Webhook delivery attempts", ["result"])
WEBHOOK_LATENCY = Histogram(
    "kith_webhook_attempt_duration_seconds", "A partner's time to answer", buckets=LATENCY_BUCKETS
)
DELIVERIES_PENDING = Gauge(
    "kith_webhook_deliveries_pending", "Deliveries waiting for a (re)try (at scrape)"
)
DEAD_LETTERS_DAY = Gauge(
    "kith_webhook_dead_letters_24h", "Deliveries given up in the last 24 hours (at scrape)"
)

MATCHING_WAITING = Gauge(
    "kith_matching_listings_waiting",
    "Active listings not yet (re-)embedded for semantic matching (at scrape)",
)
MATCHING_OLDEST = Gauge(
    "kith_matching_oldest_waiting_seconds",
    "Age of the import of the longest-waiting listing (at scrape)",
)

Refresh = Callable[[], Awaitable[None]]
_refreshers: dict[str, Refresh] = {}
REFRESH_TIMEOUT = 3.0


def on_scrape(name: str, refresh: Refresh) -> None:
    """Run `refresh` before each scrape (one per name: a restarted component replaces it)."""
    _refreshers[name] = refresh


def forget(name: str) -> None:
    _refreshers.pop(name, None)


async def _refresh_all() -> None:
    for name, refresh in list(_refreshers.items()):
        try:
            await asyncio.wait_for(refresh(), timeout=REFRESH_TIMEOUT)
        except Exception:  # a scrape must answer even while Neo4j or NATS is away
            log.warning("metrics_refresh_failed", gauge=name)


def seconds_since(moment: datetime | None) -> float:
    return 0.0 if moment is None else max(0.0, (datetime.now(UTC) - moment).total_seconds())


def _route(scope: Scope) -> str:
    """The route template the router matched; unmatched paths share one label."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) and path else "unmatched"


class TelemetryMiddleware:
    """Serves `/metrics`; counts and times every other HTTP request by method, route and status,
    inside a server span that continues the caller's trace (`traceparent`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == METRICS_PATH and not _proxied(scope):
            await _serve_metrics(send)
            return
        status, started = 500, time.perf_counter()

        async def send_counting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        method = _method(scope)
        with tracing.server_span(method, _headers(scope)) as span:
            try:
                await self.app(scope, receive, send_counting)
            finally:
                route = _route(scope)
                tracing.name_server_span(span, method, route, status)
                HTTP_LATENCY.labels(method, route).observe(time.perf_counter() - started)
                HTTP_REQUESTS.labels(method, route, str(status)).inc()


# A load balancer or ingress adds one of these; Prometheus scraping the pod directly does not.
# So `/metrics` is answered on the pod's own address and is a 404 from the internet.
_PROXY_HEADERS = frozenset({b"x-forwarded-for", b"forwarded", b"x-real-ip"})


def _proxied(scope: Scope) -> bool:
    return any(name in _PROXY_HEADERS for name, _ in scope["headers"])


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}


_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _method(scope: Scope) -> str:
    method = str(scope.get("method", ""))
    return method if method in _METHODS else "other"  # clients may send any token


async def _serve_metrics(send: Send) -> None:
    await _refresh_all()
    body = generate_latest()
    headers = [(b"content-type", CONTENT_TYPE_LATEST.encode()), (b"cache-control", b"no-store")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


@asynccontextmanager
async def timed_transaction(access: str) -> AsyncIterator[None]:
    """Observe one Neo4j unit of work's time, labelled read/write and ok/error."""
    started, outcome = time.perf_counter(), "error"
    try:
        with tracing.neo4j_span(access):
            yield
        outcome = "ok"
    finally:
        NEO4J_TRANSACTIONS.labels(access, outcome).observe(time.perf_counter() - started)


def event_published(subject: str, occurred_at: datetime | None) -> None:
    OUTBOX_PUBLISHED.labels(subject).inc()
    if occurred_at is not None:
        OUTBOX_RELAY_LAG.observe(seconds_since(occurred_at))


def webhook_attempt(status_code: int | None, ms: float) -> None:
    if status_code is None:
        result = "network"
    else:
        result = "ok" if 200 <= status_code < 300 else f"http_{status_code // 100}xx"
    WEBHOOK_ATTEMPTS.labels(result).inc()
    WEBHOOK_LATENCY.observe(ms / 1000)


def event_received(durable: str, attempt: int) -> None:
    if attempt > 1:
        EVENT_REDELIVERIES.labels(durable).inc()


def events_handled(durable: str, events: Sequence[Event], outcome: str) -> None:
    for event in events:
        EVENTS_CONSUMED.labels(durable, event.subject, outcome).inc()
        if outcome == "handled":
            EVENT_LAG.labels(durable).observe(seconds_since(event.occurred_at))
