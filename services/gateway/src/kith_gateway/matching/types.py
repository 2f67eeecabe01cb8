"""GraphQL output types for matching: suggestions with their score parts and explanation,
near-misses and unmet needs, and how a page of domain results becomes them."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated

import strawberry
from kith_gateway.kernel.graphql import InputError, NotFoundError
from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain import Scored, Suggestion
from kith_gateway.matching.handlers import MatchPage


@strawberry.type
class MatchedService:
    id: strawberry.ID
    name: str
    organisation_id: strawberry.ID
    organisation_name: str
    kind: str | None
    waiting_weeks: int | None = strawberry.field(
        default=None,
        description="About how many weeks until someone referred now can start, as the "
        "provider last said (0: no wait); null when they have not said.",
    )
    lat: float | None = strawberry.field(
        default=None,
        description="Where they would go (the venue the distance is measured to), for a map; "
        "null when online or the venue has no point.",
    )
    lon: float | None = None
    venue_id: strawberry.Private[str | None] = None


@strawberry.type
class ScorePart:
    name: str
    value: float = strawberry.field(description="0..1")
    weight: float
    points: float = strawberry.field(description="value x weight, what it added to the score")


@strawberry.type
class MatchExplanation:
    needs_covered: list[str]
    distance_km: float | None = strawberry.field(description="Null when online.")
    next_session: datetime | None = strawberry.field(description="Next one they can attend.")
    session: str | None
    language: str
    capacity: str
    why_above_next: str | None
    caveats: list[str]


@strawberry.type
class Match:
    rank: int
    service: MatchedService
    score: float
    parts: list[ScorePart]
    diversity_bonus: float
    explanation: MatchExplanation


@strawberry.type
class MissReason:
    reason: str = strawberry.field(
        description="full, too-far, language, access, schedule or eligibility"
    )
    detail: str


@strawberry.type
class NearMiss:
    service: MatchedService
    score: float
    needs_covered: list[str]
    reasons: list[MissReason]


@strawberry.type
class UnmetNeedInfo:
    need: str
    reason: str = strawberry.field(
        description="no-provision, full, too-far, language, access, schedule or eligibility"
    )


@strawberry.type
class MatchPageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Matches:
    items: list[Match]
    total_count: int
    page_info: MatchPageInfo
    near_misses: list[NearMiss] = strawberry.field(description="Empty unless asked for.")
    unmet_needs: list[UnmetNeedInfo]
    considered: int = strawberry.field(description="Services looked at (within the search area).")


MatchesResult = Annotated[Matches | InputError | NotFoundError, strawberry.union("MatchesResult")]


def _service(s: Scored) -> MatchedService:
    c = s.candidate
    return MatchedService(
        id=strawberry.ID(c.id),
        name=c.name,
        organisation_id=strawberry.ID(c.organisation_id),
        organisation_name=c.organisation_name,
        kind=c.kind,
        venue_id=_venue_id(s),
    )


def _venue_id(s: Scored) -> str | None:
    place = s.assessment.place
    return None if place is None or place.virtual else place.location_id


def _match(s: Suggestion, cfg: MatchingConfig) -> Match:
    e = s.explanation
    parts = [
        ScorePart(name=n, value=round(v, 4), weight=w, points=round(v * w, 4))
        for n, v in s.scored.components.items()
        if (w := getattr(cfg.weights, n)) > 0
    ]
    return Match(
        rank=s.rank,
        service=_service(s.scored),
        score=round(s.scored.total, 4),
        parts=parts,
        diversity_bonus=round(s.diversity_bonus, 4),
        explanation=MatchExplanation(
            needs_covered=list(e.needs_covered),
            distance_km=e.distance_km,
            next_session=e.next_session,
            session=e.session,
            language=e.language,
            capacity=e.capacity,
            why_above_next=e.why_above_next,
            caveats=list(e.caveats),
        ),
    )


def cursor(rank: int) -> str:
    return base64.urlsafe_b64encode(f"match:{rank}".encode()).decode()


def with_waiting_times(found: Matches, waiting: dict[str, int | None]) -> Matches:
    """Each service's waiting time, read from the directory for this page's services."""
    for service in [m.service for m in found.items] + [n.service for n in found.near_misses]:
        service.waiting_weeks = waiting.get(str(service.id))
    return found


def with_venue_points(found: Matches, points: dict[str, tuple[float, float]]) -> Matches:
    """Each suggestion's venue point, read from the directory for this page's venues."""
    for service in (m.service for m in found.items):
        service.lat, service.lon = points.get(service.venue_id or "", (None, None))
    return found


def venues_of(found: Matches) -> list[str]:
    return sorted({m.service.venue_id for m in found.items if m.service.venue_id})


def services_of(found: Matches) -> list[str]:
    return sorted(
        {str(m.service.id) for m in found.items} | {str(n.service.id) for n in found.near_misses}
    )


def matches_of(page: MatchPage, cfg: MatchingConfig) -> Matches:
    items = [_match(s, cfg) for s in page.suggestions]
    end = page.offset + len(items)
    return Matches(
        items=items,
        total_count=page.total,
        page_info=MatchPageInfo(
            has_next_page=end < page.total, end_cursor=cursor(end) if items else None
        ),
        near_misses=[
            NearMiss(
                service=_service(s),
                score=round(s.total, 4),
                needs_covered=sorted(s.covered),
                reasons=[
                    MissReason(reason=f.reason.value, detail=f.detail)
                    for f in s.assessment.failures
                ],
            )
            for s in page.near_misses
        ],
        unmet_needs=[UnmetNeedInfo(need=u.need, reason=u.reason) for u in page.unmet],
        considered=page.considered,
    )
