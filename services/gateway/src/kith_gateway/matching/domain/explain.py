"""Words for every suggestion: what it covers, how far, when, in which language, whether
there is room, and why it sits above the next one."""

from __future__ import annotations

from datetime import datetime

from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain.constraints import language_name
from kith_gateway.matching.domain.model import Explanation, Ranked, Scored
from kith_gateway.matching.domain.schedule import describe, next_session
from kith_gateway.people.domain import Profile

# How a component's lead over the next suggestion is said, most telling first.
_SAYINGS = {
    "coverage": "meets more of their needs ({a} vs {b})",
    "semantic": "closer to what matters to them",
    "language": "better language fit ({a} vs {b})",
    "distance": "nearer ({a} vs {b})",
    "culture": "fits their stated preferences better",
    "capacity": "more room now ({a} vs {b})",
    "freshness": "listing checked more recently",
    "outcomes": "more referrals there completed",
    "similar": "people like them were more often taken on and helped there",
}


def capacity_text(s: Scored) -> str:
    c = s.candidate
    if c.capacity_status == "open" and c.capacity_available is not None:
        of = f" of {c.capacity_maximum}" if c.capacity_maximum else ""
        return f"open: {c.capacity_available}{of} places"
    return {
        "open": "open",
        "waitlist": "waiting list",
        "additional-assessment": "open after an assessment",
        "closed": "closed to new people",
    }.get(c.capacity_status or "", "not stated")


def language_text(p: Profile, s: Scored) -> str:
    spoken = s.candidate.languages
    if p.preferred_language in spoken:
        return f"speaks {language_name(p.preferred_language)}"
    shared = sorted((p.languages - {"en"} if p.interpreter_needed else p.languages) & spoken)
    if shared:
        return f"speaks {', '.join(language_name(x) for x in shared)}"
    return "interpreter needed (service arranges one)"


def distance_text(s: Scored) -> str:
    place = s.assessment.place
    if place is None or place.metres is None:
        return "online"
    return f"{place.metres / 1000:.1f} km"


def _detail(name: str, s: Scored) -> str:
    if name == "coverage":
        return f"{len(s.covered)} need{'s' if len(s.covered) != 1 else ''}"
    if name == "distance":
        return distance_text(s)
    if name == "capacity":
        return capacity_text(s)
    if name == "language":
        return language_text_short(s)
    return ""


def language_text_short(s: Scored) -> str:
    return "shared language" if s.components["language"] >= 0.6 else "interpreter"


def why_above(this: Ranked, below: Ranked | None, cfg: MatchingConfig) -> str | None:
    if below is None:
        return None
    a, b = this.scored, below.scored
    if a.total < b.total:  # only diversity re-ranking puts a lower score first
        new = sorted(a.covered - b.covered)
        if new and this.bonus > below.bonus:
            return f"adds {', '.join(new)}, which nothing above it covers"
        return "the next one repeats an organisation or kind of group already above it"
    leads = []
    for name, saying in _SAYINGS.items():
        lead = getattr(cfg.weights, name) * (a.components[name] - b.components[name])
        if lead > 1e-9:
            leads.append((lead, saying.format(a=_detail(name, a), b=_detail(name, b))))
    if not leads:
        return "same score; listed in name order"
    leads.sort(key=lambda x: -x[0])
    return "; ".join(text for _, text in leads[:2])


def explain(
    p: Profile, this: Ranked, below: Ranked | None, now: datetime, cfg: MatchingConfig
) -> Explanation:
    s = this.scored
    nxt = next_session(s.candidate.sessions, p.availability, now)
    place = s.assessment.place
    return Explanation(
        needs_covered=tuple(sorted(s.covered)),
        distance_km=round(place.metres / 1000, 2) if place and place.metres is not None else None,
        next_session=nxt[0] if nxt else None,
        session=describe(nxt[1]) if nxt else None,
        language=language_text(p, s),
        capacity=capacity_text(s),
        why_above_next=why_above(this, below, cfg),
        caveats=s.assessment.caveats,
    )
