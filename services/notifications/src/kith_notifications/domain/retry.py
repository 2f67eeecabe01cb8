"""When to try a failed delivery again, and when to give up (dead letter).

Exponential backoff with jitter inside a fixed window (24 hours by default) counted from when
the delivery was first due or last replayed. A partner that answers 429 or 503 with
`Retry-After` is taken at its word, within the window.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime


@dataclass(frozen=True)
class RetryPolicy:
    base: timedelta = timedelta(seconds=10)
    factor: float = 2.0
    max_delay: timedelta = timedelta(hours=2)
    window: timedelta = timedelta(hours=24)
    jitter: float = 0.3  # a delay is shortened by up to this fraction, so retries spread out

    def delay(self, attempts: int, rng: random.Random) -> timedelta:
        """The pause after the `attempts`-th failed attempt (1-based)."""
        exponent = min(max(attempts - 1, 0), 64)
        raw = min(self.max_delay.total_seconds(), self.base.total_seconds() * self.factor**exponent)
        return timedelta(seconds=raw * (1 - self.jitter * rng.random()))

    def next_attempt(
        self,
        *,
        attempts: int,
        window_start: datetime,
        now: datetime,
        retry_after: timedelta | None,
        rng: random.Random,
    ) -> datetime | None:
        """When to try again after `attempts` failures, or None: the delivery is dead."""
        wait = retry_after if retry_after is not None else self.delay(attempts, rng)
        wait = min(max(wait, timedelta(0)), self.max_delay)
        at = now + wait
        return at if at <= window_start + self.window else None


def parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    """`Retry-After` as delay-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        at = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if at.tzinfo is None:
        return None
    return max(at - now, timedelta(0))
