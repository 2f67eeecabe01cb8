"""Freshness of a listing: how long since someone vouched for it (the source's assurance or
last change, or a provider's update or re-assurance through Kith).

`fresh` until `due_after`, `due` until `stale_after`, then `stale`. Thresholds come from
the environment (`KITH_DIRECTORY_DUE_DAYS`, `KITH_DIRECTORY_STALE_DAYS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DUE_DAYS_VAR = "KITH_DIRECTORY_DUE_DAYS"
STALE_DAYS_VAR = "KITH_DIRECTORY_STALE_DAYS"


class Freshness(StrEnum):
    FRESH = "fresh"
    DUE = "due"
    STALE = "stale"


class BadFreshnessPolicy(ValueError):
    pass


@dataclass(frozen=True)
class FreshnessPolicy:
    due_after: timedelta = timedelta(days=180)
    stale_after: timedelta = timedelta(days=365)

    def __post_init__(self) -> None:
        if not timedelta(0) < self.due_after <= self.stale_after:
            raise BadFreshnessPolicy("need 0 < due days <= stale days")

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> FreshnessPolicy:
        def days(name: str, default: timedelta) -> timedelta:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                return timedelta(days=float(raw))
            except ValueError:
                raise BadFreshnessPolicy(f"{name} must be a number of days, got {raw!r}") from None

        return cls(days(DUE_DAYS_VAR, cls.due_after), days(STALE_DAYS_VAR, cls.stale_after))

    def state(self, verified_at: datetime | None, now: datetime) -> Freshness:
        """A listing nobody ever vouched for is stale."""
        if verified_at is None or now - verified_at >= self.stale_after:
            return Freshness.STALE
        return Freshness.DUE if now - verified_at >= self.due_after else Freshness.FRESH

    def stale_before(self, now: datetime) -> datetime:
        """Listings verified before this moment are stale."""
        return now - self.stale_after
