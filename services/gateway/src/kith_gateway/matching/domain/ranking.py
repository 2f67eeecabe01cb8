"""Order acceptable services: by score with deterministic tie-breaks, then a greedy pass that
makes the first page cover as many of the person's needs as it can."""

from __future__ import annotations

from collections import Counter

from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain.model import (
    NO_PROVISION,
    Assessment,
    Ranked,
    Reason,
    Scored,
    Unmet,
)

# When several near-misses fail for different reasons, the one a prescriber can most often
# negotiate is named first: a waiting list or a lift beats a rule about who may come.
REASON_ORDER = (
    Reason.FULL,
    Reason.TOO_FAR,
    Reason.LANGUAGE,
    Reason.ACCESS,
    Reason.SCHEDULE,
    Reason.ELIGIBILITY,
)


def base_key(s: Scored) -> tuple[float, float, float, str, str]:
    place = s.assessment.place
    metres = place.metres if place is not None and place.metres is not None else 1e12
    c = s.candidate
    return (-s.total, -s.components["coverage"], metres, c.name, c.id)


def diversify(ordered: list[Scored], need_count: int, cfg: MatchingConfig) -> list[Ranked]:
    """Greedy re-ranking of the first `cfg.diverse_prefix` places; the rest keep score order.

    At each step the pick maximises score + new-need bonus - same-organisation/kind penalty.
    The bonus never exceeds `cfg.new_need_bonus`, so the scan stops once no later candidate
    could win, which keeps this linear in practice.
    """
    remaining = list(ordered)
    picked: list[Ranked] = []
    covered: set[str] = set()
    orgs: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    while remaining and len(picked) < cfg.diverse_prefix:
        best_i, best_value, best_bonus = 0, float("-inf"), 0.0
        for i, s in enumerate(remaining):
            if s.total + cfg.new_need_bonus < best_value:
                break
            new = len(s.covered - covered) / max(need_count, 1)
            bonus = cfg.new_need_bonus * new
            bonus -= cfg.same_org_penalty * orgs[s.candidate.organisation_id]
            bonus -= cfg.same_kind_penalty * kinds[s.candidate.kind or ""]
            if s.total + bonus > best_value:
                best_i, best_value, best_bonus = i, s.total + bonus, bonus
        chosen = remaining.pop(best_i)
        picked.append(Ranked(chosen, best_bonus))
        covered |= chosen.covered
        orgs[chosen.candidate.organisation_id] += 1
        kinds[chosen.candidate.kind or ""] += 1
    return picked + [Ranked(s, 0.0) for s in remaining]


def unmet_needs(needs: frozenset[str], assessed: list[Assessment]) -> list[Unmet]:
    """For each need no acceptable service meets: why not, from the nearest misses."""
    out = []
    for need in sorted(needs):
        offering = [a for a in assessed if need in a.candidate.needs]
        if any(a.acceptable for a in offering):
            continue
        live = [a for a in offering if Reason.STATUS not in a.reasons]
        if not live:
            out.append(Unmet(need, NO_PROVISION))
            continue
        fewest = min(len(a.reasons) for a in live)
        counts = Counter(r for a in live if len(a.reasons) == fewest for r in a.reasons)
        reason = max(REASON_ORDER, key=lambda r: (counts[r], -REASON_ORDER.index(r)))
        out.append(Unmet(need, reason.value))
    return out


def near_misses(scored: list[Scored], cfg: MatchingConfig) -> list[Scored]:
    """Services that fail for exactly one reason (never a withdrawn listing), best first."""
    misses = [
        s
        for s in scored
        if len(s.assessment.reasons) == 1 and Reason.STATUS not in s.assessment.reasons
    ]
    return sorted(misses, key=base_key)[: cfg.near_miss_limit]
