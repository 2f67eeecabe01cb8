"""Notification use cases: register where an organisation wants events; deliver them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx
from kith_common.events import Event
from kith_common.graph import Graph
from kith_common.logging import get_logger

from kith_notifications import queries
from kith_notifications.webhooks import body_for, new_secret, sign

log = get_logger(__name__)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class EndpointRejected(ValueError):
    pass


class DeliveryFailed(RuntimeError):
    """At least one endpoint did not accept the event; the consumer retries it later."""


@dataclass(frozen=True)
class Endpoint:
    id: str
    secret: str


def check_endpoint_url(url: str, *, allow_http: bool) -> None:
    parts = urlsplit(url)
    allowed = {"https", "http"} if allow_http else {"https"}
    if parts.scheme not in allowed or not parts.hostname:
        need = "an http(s)" if allow_http else "an https"
        raise EndpointRejected(f"webhook URL must be {need} URL with a host")


async def register_endpoint(
    graph: Graph, organisation_id: str, url: str, *, allow_http: bool
) -> Endpoint:
    check_endpoint_url(url, allow_http=allow_http)
    rows = await graph.execute(
        queries.REGISTER_ENDPOINT, organisation_id=organisation_id, url=url, secret=new_secret()
    )
    if not rows:
        raise EndpointRejected(f"no organisation {organisation_id}")
    return Endpoint(rows[0]["id"], rows[0]["secret"])


async def _deliver_one(
    graph: Graph, http: httpx.AsyncClient, event: Event, endpoint: dict[str, str], body: str
) -> bool:
    delivery_id = f"{event.id}:{endpoint['id']}"
    rows = await graph.execute(
        queries.START_DELIVERY,
        endpoint_id=endpoint["id"],
        delivery_id=delivery_id,
        event_id=event.id,
        subject=event.subject,
    )
    if rows and rows[0]["status"] == "delivered":
        return True
    message = sign(event.id, body, endpoint["secret"])
    started = time.perf_counter()
    status_code, error = None, None
    try:
        response = await http.post(endpoint["url"], content=message.body, headers=message.headers)
        status_code = response.status_code
    except httpx.HTTPError as exc:
        error = type(exc).__name__
    ok = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not ok:
        error = f"HTTP {status_code}"
    await graph.execute(
        queries.RECORD_ATTEMPT,
        delivery_id=delivery_id,
        status="delivered" if ok else "failing",
        status_code=status_code,
        error=error,
        ms=round((time.perf_counter() - started) * 1000, 1),
    )
    log.info(
        "webhook_attempt",
        event_id=event.id,
        endpoint_id=endpoint["id"],
        ok=ok,
        status_code=status_code,
    )
    return ok


async def notify_organisation(
    graph: Graph, http: httpx.AsyncClient, event: Event, organisation_id: str, base_url: str
) -> None:
    """POST the event to every active endpoint of the organisation; raise if any failed."""
    endpoints = await graph.query(
        queries.ENDPOINTS_FOR_ORGANISATION, organisation_id=organisation_id
    )
    body = body_for(event, base_url)
    results = [await _deliver_one(graph, http, event, e, body) for e in endpoints]
    if not all(results):
        raise DeliveryFailed(f"{results.count(False)} endpoint(s) failed for {event.id}")
