"""Matching, in plain Python: judge every candidate against the hard constraints, score the
acceptable ones, order them (diversely at the top), explain each, and name what is missing.

`match` is a pure function of its arguments (the clock is an argument), so the same person
and directory always give the same suggestions in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain.constraints import Ask, assess
from kith_gateway.matching.domain.explain import explain
from kith_gateway.matching.domain.model import (
    NO_PROVISION,
    Assessment,
    Candidate,
    Explanation,
    Failure,
    History,
    Home,
    Outcome,
    Place,
    Ranked,
    Reason,
    Scored,
    Session,
    Suggestion,
    Unmet,
)
from kith_gateway.matching.domain.ranking import base_key, diversify, near_misses, unmet_needs
from kith_gateway.matching.domain.scoring import score, semantic
from kith_gateway.people.domain import Profile

__all__ = [
    "NO_PROVISION",
    "Assessment",
    "Candidate",
    "Explanation",
    "Failure",
    "History",
    "Home",
    "Outcome",
    "Place",
    "Ranked",
    "Reason",
    "Scored",
    "Session",
    "Suggestion",
    "Unmet",
    "match",
    "page",
]


def relevant(p: Profile, c: Candidate, cfg: MatchingConfig) -> bool:
    """Meets a stated need, or (semantic on) fits what matters to them well enough."""
    if c.needs & p.needs:
        return True
    return cfg.semantic_on and semantic(c, cfg) >= cfg.semantic_only_min


def match(
    profile: Profile,
    home: Home,
    candidates: Iterable[Candidate],
    cfg: MatchingConfig,
    now: datetime,
) -> Outcome:
    ask = Ask(profile, home, cfg)
    unique = {c.id: c for c in candidates}
    assessed = [assess(ask, unique[i]) for i in sorted(unique)]
    scored = [score(profile, a, now, cfg) for a in assessed if relevant(profile, a.candidate, cfg)]
    ordered = sorted((s for s in scored if s.assessment.acceptable), key=base_key)
    return Outcome(
        ranked=tuple(diversify(ordered, len(profile.needs), cfg)),
        near_misses=tuple(near_misses(scored, cfg)),
        unmet=tuple(unmet_needs(profile.needs, assessed)),
        considered=len(assessed),
    )


def page(
    outcome: Outcome,
    profile: Profile,
    offset: int,
    first: int,
    cfg: MatchingConfig,
    now: datetime,
) -> list[Suggestion]:
    """Suggestions `offset`..`offset + first`, explained (explanations look at the next one,
    even across the page boundary, and at the calendar, so only the shown page pays)."""
    ranked = outcome.ranked
    out = []
    for i in range(offset, min(offset + first, len(ranked))):
        below = ranked[i + 1] if i + 1 < len(ranked) else None
        words = explain(profile, ranked[i], below, now, cfg)
        out.append(Suggestion(ranked[i].scored, i + 1, words, ranked[i].bonus))
    return out
