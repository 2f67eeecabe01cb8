"""Quotas per client address and per bearer token: token buckets held in process memory.

Each replica counts on its own, so with N replicas behind a load balancer a client gets up to
N times a quota (deploy/README.md says so); that still turns one client's flood into a bounded
share of the network. Buckets are kept for the most recent `max_keys` keys only, so a flood of
distinct addresses or forged tokens cannot grow memory without limit.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Quota:
    """`requests` at once (the burst), refilled at `requests` per `seconds`."""

    requests: int
    seconds: float = 60.0

    def scaled(self, factor: float) -> Quota:
        return replace(self, requests=max(1, math.ceil(self.requests * factor)))


@dataclass(frozen=True)
class RateLimits:
    anonymous: Quota = Quota(120)  # per client address, requests without a bearer token
    authenticated: Quota = Quota(600)  # per bearer token
    failed_auth: Quota = Quota(20)  # per client address; every 401 uses one
    # Stricter per-address quotas for expensive paths (prefix → quota), e.g. exports.
    paths: tuple[tuple[str, Quota], ...] = ()
    exempt: frozenset[str] = frozenset({"/healthz", "/readyz"})

    def scaled(self, factor: float) -> RateLimits:
        return replace(
            self,
            anonymous=self.anonymous.scaled(factor),
            authenticated=self.authenticated.scaled(factor),
            failed_auth=self.failed_auth.scaled(factor),
            paths=tuple((p, q.scaled(factor)) for p, q in self.paths),
        )

    def path_quota(self, path: str) -> tuple[str, Quota] | None:
        return next(((p, q) for p, q in self.paths if path.startswith(p)), None)


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass
class RateLimiter:
    clock: Callable[[], float] = time.monotonic
    max_keys: int = 100_000
    _buckets: OrderedDict[tuple[str, str], _Bucket] = field(default_factory=OrderedDict)

    def _refilled(self, key: tuple[str, str], quota: Quota) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.pop(key, None) or _Bucket(float(quota.requests), now)
        rate = quota.requests / quota.seconds
        bucket.tokens = min(float(quota.requests), bucket.tokens + (now - bucket.at) * rate)
        bucket.at = now
        self._buckets[key] = bucket  # most recently used last
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return bucket

    def take(self, key: tuple[str, str], quota: Quota) -> float | None:
        """None if the request may go ahead, else the seconds until it could."""
        bucket = self._refilled(key, quota)
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return None
        return (1 - bucket.tokens) * quota.seconds / quota.requests

    def wait_for(self, key: tuple[str, str], quota: Quota) -> float | None:
        """Like `take`, without using anything: is the bucket empty?"""
        bucket = self._refilled(key, quota)
        return None if bucket.tokens >= 1 else (1 - bucket.tokens) * quota.seconds / quota.requests


def token_key(token: str) -> str:
    """A bucket key for a bearer token that does not keep the token itself in memory."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]
