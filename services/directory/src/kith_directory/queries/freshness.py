"""Find listings that have gone stale and mark each once per staleness."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

# `stale_notified_for` remembers which verification a listing went stale from: re-verifying
# (a provider update, a re-assurance, a newer feed record) lets it go stale, and be flagged,
# again later; otherwise it is flagged only once.
MARK_NEWLY_STALE = """
MATCH (s:Service)
WHERE NOT coalesce(s.removed_from_feed, false)
WITH s, coalesce(s.verified_at, s.created_at) AS verified
WHERE verified < $stale_before
  AND (s.stale_notified_for IS NULL OR s.stale_notified_for <> verified)
WITH s, verified LIMIT $limit
SET s.stale_notified_for = verified
RETURN s.id AS id, s.organisation_id AS organisation_id, toString(verified) AS verified
"""


async def mark_newly_stale(
    tx: AsyncManagedTransaction, stale_before: datetime, limit: int
) -> list[dict[str, Any]]:
    result = await tx.run(MARK_NEWLY_STALE, stale_before=stale_before, limit=limit)
    return [record.data() async for record in result]
