"""The organisation's delivery log (every attempt) and dead-letter replay."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kith_common.graph import Graph

from kith_gateway.notifications.domain import InvalidInput

MAX_PAGE = 200

# Newest first; the cursor is the last row's (created_at, id), so pages never overlap.
LOG = """
MATCH (d:Delivery {organisation_id: $organisation_id})
WHERE ($status IS NULL OR d.status = $status)
  AND ($before_at IS NULL OR d.created_at < $before_at
       OR (d.created_at = $before_at AND d.id < $before_id))
WITH d ORDER BY d.created_at DESC, d.id DESC LIMIT $first
RETURN d.id AS id, d.event_id AS event_id, d.type AS type, d.aggregate_id AS aggregate_id,
       d.channel AS channel, d.status AS status, d.attempts AS attempts,
       d.endpoint_id AS endpoint_id, d.subscription_id AS subscription_id,
       d.created_at AS created_at, d.next_attempt_at AS next_attempt_at,
       d.delivered_at AS delivered_at, d.dead_at AS dead_at,
       COLLECT { MATCH (d)-[:ATTEMPT]->(a:DeliveryAttempt)
                 WITH a ORDER BY a.n
                 RETURN {n: a.n, at: a.at, status_code: a.status_code, ms: a.ms,
                         error: a.error} } AS attempt_log
"""

# Back to pending with a fresh retry window; the attempt history is kept and continues.
REPLAY = """
MATCH (d:Delivery {id: $id, organisation_id: $organisation_id})
WITH d, d.status AS was
CALL (d, was) {
  WITH d WHERE was = 'dead'
  SET d.status = 'pending', d.next_attempt_at = datetime(), d.window_start = datetime(),
      d.dead_at = null, d.lease_until = null, d.lease_owner = null, d.replayed_at = datetime()
  FOREACH (_ IN CASE WHEN d.channel = 'email' THEN [] ELSE [1] END | SET d:DeliveryPending)
  FOREACH (_ IN CASE WHEN d.channel = 'email' THEN [1] ELSE [] END | SET d:EmailPending)
}
RETURN was
"""


class DeliveryNotFound(LookupError):
    pass


class NotDead(Exception):
    pass


def parse_cursor(cursor: str | None) -> tuple[datetime | None, str | None]:
    if not cursor:
        return None, None
    at, _, delivery_id = cursor.partition("|")
    try:
        return datetime.fromisoformat(at), delivery_id
    except ValueError:
        raise InvalidInput("after", "not a cursor this API gave out") from None


def cursor_of(row: dict[str, Any]) -> str:
    return f"{row['created_at'].to_native().isoformat()}|{row['id']}"


async def log(
    graph: Graph, organisation_id: str, status: str | None, first: int, after: str | None
) -> list[dict[str, Any]]:
    if not 1 <= first <= MAX_PAGE:
        raise InvalidInput("first", f"must be between 1 and {MAX_PAGE}")
    before_at, before_id = parse_cursor(after)
    return await graph.query(
        LOG,
        organisation_id=organisation_id,
        status=status,
        first=first,
        before_at=before_at,
        before_id=before_id,
    )


async def replay(graph: Graph, organisation_id: str, delivery_id: str) -> None:
    rows = await graph.execute(REPLAY, id=delivery_id, organisation_id=organisation_id)
    if not rows:
        raise DeliveryNotFound(f"no delivery {delivery_id} for your organisation")
    if rows[0]["was"] != "dead":
        raise NotDead(f"delivery {delivery_id} is {rows[0]['was']}, not dead; nothing to replay")
