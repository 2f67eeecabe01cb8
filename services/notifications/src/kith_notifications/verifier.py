"""Endpoint verification: before an endpoint receives anything it must answer a signed ping
with 2xx. An admin's registration (or re-verification) marks it `verifying`; the sender loop
sends the ping through the same SSRF-safe path and records the answer on the endpoint."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from kith_common import tracing
from kith_common.envelope import KeyRing
from kith_common.graph import Graph
from kith_common.locks import write_lock
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_notifications.config import NotifyConfig
from kith_notifications.egress_http import PostOutcome, SafePoster
from kith_notifications.webhooks import SECRET_CONTEXT, sign, verification_body

log = get_logger(__name__)

VERIFY_CANDIDATES = """
MATCH (e:WebhookEndpoint {status: 'verifying'})
WHERE e.active AND (e.verify_lease_until IS NULL OR e.verify_lease_until <= $now)
RETURN e.id AS id LIMIT $limit
"""

# Lock first, then decide (a separate statement: see schedule.py).
LEASE_VERIFICATION = f"""
UNWIND $ids AS id
MATCH (e:WebhookEndpoint {{id: id}})
{write_lock("e")}
WITH e WHERE e.status = 'verifying'
  AND (e.verify_lease_until IS NULL OR e.verify_lease_until <= $now)
SET e.verify_lease_until = $lease_until, e.verify_owner = $owner
RETURN e.id AS id, e.url AS url, e.secret AS secret, e.verify_traceparent AS traceparent
"""

RECORD_VERIFICATION = f"""
MATCH (e:WebhookEndpoint {{id: $id}})
{write_lock("e")}
WITH e WHERE e.verify_owner = $owner AND e.status = 'verifying'
SET e.status = $status, e.verified_at = CASE WHEN $status = 'verified' THEN $now END,
    e.verification_checked_at = $now, e.verification_status_code = $status_code,
    e.verification_error = $error, e.verify_lease_until = null, e.verify_owner = null
"""


async def _claim(graph: Graph, owner: str, lease: timedelta) -> list[dict[str, Any]]:
    now = datetime.now(UTC)

    async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
        found = await tx.run(VERIFY_CANDIDATES, now=now, limit=20)
        ids = [record["id"] async for record in found]
        leased = await tx.run(
            LEASE_VERIFICATION, ids=ids, now=now, lease_until=now + lease, owner=owner
        )
        return [record.data() async for record in leased]

    return await graph.write(work)


async def _post(
    poster: SafePoster, row: dict[str, Any], body: str, headers: dict[str, str]
) -> PostOutcome:
    """The ping in a client span continuing the trace of the admin's registration (stored on
    the endpoint), whose context the partner receives. The endpoint's id and the status only:
    never the URL (a partner's token may sit in it)."""
    ids = {"http.request.method": "POST", "kith.webhook.endpoint.id": row["id"]}
    with tracing.calling("POST webhook verification", row["traceparent"], ids) as (span, sent):
        outcome = await poster.post(row["url"], body, headers | sent)
        if outcome.status_code is not None:
            span.set_attribute("http.response.status_code", outcome.status_code)
        if not outcome.ok:
            tracing.fail(span, outcome.error or "no response")
    return outcome


async def _ping(graph: Graph, poster: SafePoster, owner: str, row: dict[str, Any]) -> None:
    now = datetime.now(UTC)
    body = verification_body(row["id"], secrets.token_urlsafe(16), now)
    message = sign(f"verify_{row['id']}_{int(now.timestamp())}", body, row["secret"], now)
    outcome = await _post(poster, row, message.body, message.headers)
    await graph.execute(
        RECORD_VERIFICATION,
        id=row["id"],
        owner=owner,
        status="verified" if outcome.ok else "failed",
        now=datetime.now(UTC),
        status_code=outcome.status_code,
        error=outcome.error,
    )
    log.info("webhook_endpoint_checked", endpoint_id=row["id"], ok=outcome.ok)


async def verify_pending(
    graph: Graph, poster: SafePoster, owner: str, lease: timedelta, keys: KeyRing
) -> int:
    """Ping every endpoint waiting for verification, concurrently; returns how many."""
    claimed = await _claim(graph, owner, lease)
    rows = [{**row, "secret": keys.reveal(row["secret"], SECRET_CONTEXT)} for row in claimed]
    await asyncio.gather(*(_ping(graph, poster, owner, row) for row in rows))
    return len(rows)


class Verifier:
    def __init__(
        self, graph: Graph, poster: SafePoster, config: NotifyConfig, keys: KeyRing
    ) -> None:
        self.graph, self.poster, self.config, self.keys = graph, poster, config, keys
        self.owner = str(uuid.uuid4())

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await verify_pending(
                    self.graph, self.poster, self.owner, self.config.lease, self.keys
                )
            except Exception:  # Neo4j unavailable: try again next round
                log.exception("webhook_verification_failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.config.poll.total_seconds())
