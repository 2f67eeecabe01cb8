"""The per-endpoint circuit breaker, so one dead partner cannot slow the others.

closed: deliveries flow. After `threshold` consecutive failures the circuit opens and nothing is
sent to the endpoint until `blocked_until`; then one delivery is let through as a probe
(half-open). A probe that succeeds closes the circuit; one that fails opens it again for twice
as long (up to `max_cooldown`). A partner asking us to slow down (429/503 with Retry-After)
blocks the endpoint until then without counting as a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal

State = Literal["closed", "open", "half-open"]


@dataclass(frozen=True)
class BreakerPolicy:
    threshold: int = 5
    cooldown: timedelta = timedelta(seconds=30)
    max_cooldown: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class Breaker:
    state: State = "closed"
    failures: int = 0
    opens: int = 0
    blocked_until: datetime | None = None

    def on_success(self) -> Breaker:
        return Breaker(blocked_until=self.blocked_until if self.state == "closed" else None)

    def on_failure(self, now: datetime, policy: BreakerPolicy) -> Breaker:
        failures = self.failures + 1
        if self.state == "half-open" or failures >= policy.threshold:
            cooldown = min(policy.cooldown * (2 ** min(self.opens, 32)), policy.max_cooldown)
            return Breaker("open", failures, self.opens + 1, now + cooldown)
        return replace(self, failures=failures)

    def on_slow_down(self, until: datetime) -> Breaker:
        blocked = until if self.blocked_until is None else max(until, self.blocked_until)
        return replace(self, blocked_until=blocked)

    def allows(self, now: datetime) -> bool:
        return self.blocked_until is None or self.blocked_until <= now
