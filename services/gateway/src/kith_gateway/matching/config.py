"""Matching configuration: the score's weights and the few thresholds, with the reasons.

A suggestion's score is a weighted sum of components that each lie in [0, 1] (see
`domain/scoring.py` for how each is computed), so a weight is the most a component can add:

| weight      | default | why |
| ----------- | ------- | --- |
| `coverage`  | 0.40    | share of the person's needs the service meets; one place that helps with two things beats two places that help with one each (fewer journeys, one relationship) |
| `distance`  | 0.15    | 1 at their door, 0 at their travel limit; online counts as `online_distance` |
| `capacity`  | 0.10    | open with places now > assessment first > waiting list |
| `language`  | 0.12    | speaks their preferred language > another of theirs > interpreter |
| `culture`   | 0.08    | what they chose to state: women-only, men-only, faith-based or not |
| `freshness` | 0.05    | listing checked in the last 6 months, falling to 0 at 2 years |
| `outcomes`  | 0.02    | share of referrals there that completed (smoothed); grows once referrals exist |
| `similar`   | 0.05    | people like them: of the referrals the service decided for people sharing one of their needs and living in an area of the same IMD 2019 quintile, half the share accepted plus half the share completed; neutral (0.5) below `similar_min` (10) such referrals. Deprivation, not age or ethnicity, defines the cohort: it is a fact about an area (no personal trait beyond the need is used), it is the strongest known divider of social-prescribing uptake and completion, and a quintile x need cell is large. Only counts of at least `similar_min` are ever used, so the signal cannot single out one person's referral |
| `semantic`  | 0.30    | how close the listing is to "what matters to me" (e5 cosine, calibrated). On 45 labelled statements in 5 languages (bench/matching_eval.py) it lifts nDCG@5 from 0.46 to about 0.57; larger weights score higher still on that set but let a weak, compressed signal outvote distance, language and coverage, which the set does not measure |

Override with `KITH_MATCHING_WEIGHTS="coverage=0.5,semantic=0"` (unnamed weights keep their
default). The same inputs always give the same order: ties break on coverage, distance, name, id.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Weights:
    coverage: float = 0.40
    distance: float = 0.15
    capacity: float = 0.10
    language: float = 0.12
    culture: float = 0.08
    freshness: float = 0.05
    outcomes: float = 0.02
    similar: float = 0.05
    semantic: float = 0.30


# NHS and local-authority services must arrange interpreters (NHS England, "Guidance for
# commissioners: Interpreting and translation services in primary care", 2018; the Care Act
# 2014 for social care). The directory has no per-service "interpreter available" field yet.
INTERPRETING_KINDS = frozenset(
    {"gp-practice", "rethinking-pain", "talking-therapy", "adult-social-care"}
)


@dataclass(frozen=True)
class MatchingConfig:
    weights: Weights = field(default_factory=Weights)
    # Greedy re-ranking of the first `diverse_prefix` places: a service that covers a need
    # nothing above it covers gains `new_need_bonus` x (share of needs newly covered); each
    # service above it from the same organisation (kind) costs `same_org_penalty`
    # (`same_kind_penalty`), so page one is not ten branches of one group.
    diverse_prefix: int = 20
    new_need_bonus: float = 0.5
    same_org_penalty: float = 0.15
    same_kind_penalty: float = 0.05
    online_distance: float = 0.6
    interpreting_kinds: frozenset[str] = INTERPRETING_KINDS
    fresh_days: int = 180
    stale_days: int = 730
    # e5 cosines between a statement and a listing sit in about [0.74, 0.90]; these map that
    # band onto [0, 1] (fixed, not per query, so adding a service never rescales the others).
    semantic_floor: float = 0.78
    semantic_ceiling: float = 0.88
    # A service that meets none of the stated needs is proposed only if it fits "what
    # matters" at least this well (calibrated). Kept high: with e5-small a short generic
    # listing often scores as close as the right one (see bench/matching_eval.py).
    semantic_only_min: float = 0.8
    semantic_k: int = 200  # nearest listings asked of the vector index
    # Near-misses and unmet-need reasons look a little beyond the travel limit (half as far
    # again, at least 2.5 km more): far enough to say "too far" about what is just out of
    # reach, near enough to keep the candidate set small (its area grows with the square).
    search_factor: float = 1.5
    search_extra_km: float = 2.5
    search_max_km: float = 60.0
    near_miss_limit: int = 10
    # Fewer decided referrals of people like them than this and the signal is ignored.
    similar_min: int = 10

    def search_radius_km(self, max_travel_km: float) -> float:
        wide = max(max_travel_km * self.search_factor, max_travel_km + self.search_extra_km)
        return min(wide, self.search_max_km)

    @property
    def semantic_on(self) -> bool:
        return self.weights.semantic > 0


class ConfigError(ValueError):
    pass


def weights_from(text: str, base: Weights | None = None) -> Weights:
    """Parse "name=value,..." over `base` (defaults); unknown names or bad numbers raise."""
    names = {f.name for f in dataclasses.fields(Weights)}
    changes: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, raw = part.partition("=")
        try:
            value = float(raw)
        except ValueError:
            raise ConfigError(f"weight {name!r} must be a number, got {raw!r}") from None
        if name.strip() not in names or not 0 <= value <= 1:
            raise ConfigError(f"unknown weight {name!r} or value outside [0, 1]")
        changes[name.strip()] = value
    return dataclasses.replace(base or Weights(), **changes)


def config_from_env(env: Mapping[str, str] | None = None) -> MatchingConfig:
    env = os.environ if env is None else env
    return MatchingConfig(weights=weights_from(env.get("KITH_MATCHING_WEIGHTS", "")))
