"""Insights configuration, read by `bootstrap` from the environment (defaults are the
documented ones).

| variable                         | default | why |
| -------------------------------- | ------- | --- |
| `KITH_INSIGHTS_PAIN_PREVALENCE`  | 0.435   | share of adults living with chronic pain; see `domain.PAIN_PREVALENCE` |
| `KITH_INSIGHTS_MIN_COUNT`        | 10      | counts below this are never shown (nor anything they could be worked back from) |
| `KITH_INSIGHTS_REACH_KM`         | 5.0     | a place-based service "reaches" an LSOA whose centre is this close |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from kith_gateway.insights.domain import PAIN_PREVALENCE

MAX_REACH_KM = 50.0


class ConfigError(ValueError):
    """A configuration value (or a caller's override of one) is out of range."""


@dataclass(frozen=True)
class InsightsConfig:
    prevalence: float = PAIN_PREVALENCE
    min_count: int = 10
    reach_km: float = 5.0

    def __post_init__(self) -> None:
        if not 0 < self.prevalence <= 1:
            raise ConfigError("prevalence must be a share of adults, above 0 and at most 1")
        if self.min_count < 1:
            raise ConfigError("the suppression threshold must be at least 1")
        if not 0 < self.reach_km <= MAX_REACH_KM:
            raise ConfigError(f"reach must be above 0 and at most {MAX_REACH_KM:g} km")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> InsightsConfig:
        env = os.environ if env is None else env
        try:
            return cls(
                prevalence=float(env.get("KITH_INSIGHTS_PAIN_PREVALENCE", PAIN_PREVALENCE)),
                min_count=int(env.get("KITH_INSIGHTS_MIN_COUNT", 10)),
                reach_km=float(env.get("KITH_INSIGHTS_REACH_KM", 5.0)),
            )
        except ValueError as exc:
            raise ConfigError(f"KITH_INSIGHTS_*: {exc}") from exc

    def override(self, prevalence: float | None, reach_km: float | None) -> InsightsConfig:
        """A caller may choose prevalence and reach, never the suppression threshold."""
        return InsightsConfig(
            prevalence=self.prevalence if prevalence is None else prevalence,
            min_count=self.min_count,
            reach_km=self.reach_km if reach_km is None else reach_km,
        )
