"""Per-address and per-contact limits on public requests, counted in the graph so every
gateway replica sees the same counts, with no third-party service.

A counter is one `(:RateWindow {id})` per key and fixed window; the key is a keyed hash
(HMAC-SHA-256 with the configured pepper) of the address or contact, so no counter holds an
IP address, phone number or email. The increment and the check are one statement in the
caller's transaction: two concurrent requests are serialised on the node, and a refused
request rolls back with its transaction (it counts nothing)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from neo4j import AsyncManagedTransaction

COUNT = """
MERGE (w:RateWindow {id: $id})
ON CREATE SET w.count = 0, w.expires_at = $expires_at
SET w.count = w.count + 1
RETURN w.count AS count
"""

FORGET_EXPIRED = """
MATCH (w:RateWindow) WHERE w.expires_at < $now
WITH w LIMIT 5000
DELETE w
RETURN count(*) AS forgotten
"""


class RateLimited(Exception):
    def __init__(self, retry_after: timedelta) -> None:
        super().__init__("too many requests")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    kind: str  # what is counted, e.g. "address" or "contact"
    allowed: int
    window: timedelta


def counter_key(pepper: str, kind: str, value: str) -> str:
    digest = hmac.new(pepper.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def window_of(now: datetime, window: timedelta) -> tuple[int, datetime]:
    """The window's number and its end (windows are aligned to the epoch)."""
    seconds = int(window.total_seconds())
    number = int(now.timestamp()) // seconds
    return number, datetime.fromtimestamp((number + 1) * seconds, tz=now.tzinfo)


async def spend(tx: AsyncManagedTransaction, limit: Limit, key: str, now: datetime) -> None:
    """Count one request against `key`; raise RateLimited once over the limit."""
    number, ends = window_of(now, limit.window)
    row = await (await tx.run(COUNT, id=f"{limit.kind}:{key}:{number}", expires_at=ends)).single(
        strict=True
    )
    if row["count"] > limit.allowed:
        raise RateLimited(ends - now)
