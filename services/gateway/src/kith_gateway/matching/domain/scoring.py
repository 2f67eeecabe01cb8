"""The transparent score: components in [0, 1], weighted by configuration (config.py).

Every component depends only on the person and the one service, never on the other
candidates, so adding or removing a service cannot change how the others compare.
"""

from __future__ import annotations

from datetime import datetime

from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain.model import Assessment, Candidate, Place, Scored
from kith_gateway.people.domain import Profile

FAITH_KINDS = frozenset({"faith-group"})


def coverage(p: Profile, c: Candidate) -> float:
    return len(c.needs & p.needs) / len(p.needs) if p.needs else 0.0


def distance(p: Profile, place: Place | None, cfg: MatchingConfig) -> float:
    if place is None or place.metres is None:
        return cfg.online_distance if place is not None and place.virtual else 0.0
    if p.max_travel_km <= 0:
        return 0.0
    return max(0.0, 1.0 - place.metres / 1000 / p.max_travel_km)


def capacity(c: Candidate) -> float:
    if c.capacity_status == "open":
        if c.capacity_available is not None and c.capacity_maximum:
            return 0.6 + 0.4 * min(1.0, c.capacity_available / c.capacity_maximum)
        return 0.8
    return {"additional-assessment": 0.4, "waitlist": 0.2, "closed": 0.0}.get(
        c.capacity_status or "", 0.5
    )


def language(p: Profile, c: Candidate) -> float:
    if p.preferred_language in c.languages:
        return 1.0
    theirs = p.languages - {"en"} if p.interpreter_needed else p.languages
    return 0.6 if theirs & c.languages else 0.2


def _is_faith(c: Candidate) -> bool:
    return c.kind in FAITH_KINDS or "faith-support" in c.needs


def culture(p: Profile, c: Candidate) -> float:
    """Average over what they chose to state; 0.5 (neutral) when they stated nothing."""
    marks = []
    for pref in sorted(p.preferences):
        if pref == "women-only":
            marks.append(1.0 if c.gender == "female" else 0.25)
        elif pref == "men-only":
            marks.append(1.0 if c.gender == "male" else 0.25)
        elif pref == "faith-based":
            marks.append(1.0 if _is_faith(c) else 0.4)
        elif pref == "not-faith-based":
            marks.append(0.0 if _is_faith(c) else 0.6)
    return sum(marks) / len(marks) if marks else 0.5


def freshness(c: Candidate, now: datetime, cfg: MatchingConfig) -> float:
    if c.last_modified is None:
        return 0.0
    age = (now - c.last_modified).days
    span = cfg.stale_days - cfg.fresh_days
    return max(0.0, min(1.0, 1.0 - (age - cfg.fresh_days) / span))


def outcomes(c: Candidate) -> float:
    # Laplace-smoothed completion share: a service with no referrals yet scores 0.5.
    return (c.completed + 1) / (c.referrals + 2)


def similar(c: Candidate, cfg: MatchingConfig) -> float:
    """People like them (config.py): half the share the service accepted, half the share it
    completed, of the referrals it decided for people with one of the same needs living in
    an area of the same deprivation quintile. Below `similar_min` decided referrals it is
    neutral (0.5, like `outcomes` with no referrals): too few to mean anything, and a count
    that small could point at individuals."""
    h = c.similar
    if h.decided < cfg.similar_min:
        return 0.5
    return (h.accepted + h.completed) / (2 * h.decided)


def semantic(c: Candidate, cfg: MatchingConfig) -> float:
    if c.semantic is None:
        return 0.0
    band = cfg.semantic_ceiling - cfg.semantic_floor
    return max(0.0, min(1.0, (c.semantic - cfg.semantic_floor) / band))


def score(p: Profile, a: Assessment, now: datetime, cfg: MatchingConfig) -> Scored:
    c, w = a.candidate, cfg.weights
    parts = {
        "coverage": coverage(p, c),
        "distance": distance(p, a.place, cfg),
        "capacity": capacity(c),
        "language": language(p, c),
        "culture": culture(p, c),
        "freshness": freshness(c, now, cfg),
        "outcomes": outcomes(c),
        "similar": similar(c, cfg),
        "semantic": semantic(c, cfg) if cfg.semantic_on else 0.0,
    }
    total = sum(getattr(w, name) * value for name, value in parts.items())
    return Scored(a, parts, round(total, 9), c.needs & p.needs)
