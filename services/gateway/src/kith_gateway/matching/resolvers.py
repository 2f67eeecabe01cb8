"""GraphQL: `matches(personId, first, after)` for a recorded person and `matchesFor(profile)`
for a what-if; every suggestion explained, near-misses and unmet needs on the same page."""

from __future__ import annotations

import base64
import binascii

import strawberry
from kith_gateway.directory.queries import venue_points, waiting_weeks
from kith_gateway.kernel.graphql import Info, InputError, NotFoundError
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.kernel.vocabulary import ProfileInput
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.handlers import (
    MatchRequest,
    PersonNotMatchable,
    matches_for_person,
    matches_for_profile,
)
from kith_gateway.matching.types import (
    Matches,
    MatchesResult,
    matches_of,
    services_of,
    venues_of,
    with_venue_points,
    with_waiting_times,
)
from kith_gateway.people.access import audit_hook, require_practitioner
from kith_gateway.people.domain import InvalidProfile
from kith_gateway.people.inputs import profile_from_input

MAX_FIRST = 50


def _offset(after: str | None) -> int:
    if after is None:
        return 0
    try:
        kind, _, rank = base64.urlsafe_b64decode(after.encode()).decode().partition(":")
        if kind == "match" and rank.isdigit():
            return int(rank)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InvalidProfile("after", "not a cursor from a previous page")


async def _with_waiting(info: Info, found: Matches) -> Matches:
    """The directory's waiting times and venue points for this page's services."""
    graph = info.context.graph
    with_venue_points(found, await venue_points(graph, venues_of(found)))
    return with_waiting_times(found, await waiting_weeks(graph, services_of(found)))


def _request(info: Info, first: int, after: str | None, near_misses: bool) -> MatchRequest:
    if not 1 <= first <= MAX_FIRST:
        raise InvalidProfile("first", f"must be between 1 and {MAX_FIRST}")
    cfg = info.context.config.matching
    embedder = default_embedder() if cfg.semantic_on else None
    now = info.context.clock()
    return MatchRequest(first, _offset(after), cfg, embedder, now, near_misses)


@strawberry.type
class MatchingQuery:
    @strawberry.field(
        description="Services that fit a person your organisation recorded, best first, each "
        "explained; needs nothing fits are recorded as unmet (without personal details)."
    )
    async def matches(
        self,
        info: Info,
        person_id: strawberry.ID,
        first: int = 10,
        after: str | None = None,
        near_misses: bool = False,
    ) -> MatchesResult:
        who = info.context.require_principal()
        require_practitioner(who)
        try:
            req = _request(info, first, after, near_misses)
            page = await matches_for_person(
                info.context.graph, who, str(person_id), req, audit_hook(info.context)
            )
        except InvalidProfile as exc:
            return InputError(field=exc.field, message=exc.message)
        except PersonNotMatchable as exc:
            if exc.kind == RefusalKind.NOT_FOUND:
                return NotFoundError(message=exc.message)
            return InputError(field="personId", message=exc.message)
        return await _with_waiting(info, matches_of(page, req.config))

    @strawberry.field(description="What would fit this profile (nothing is recorded).")
    async def matches_for(
        self,
        info: Info,
        profile: ProfileInput,
        first: int = 10,
        after: str | None = None,
        near_misses: bool = False,
    ) -> MatchesResult:
        require_practitioner(info.context.require_principal())
        try:
            req = _request(info, first, after, near_misses)
            page = await matches_for_profile(info.context.graph, profile_from_input(profile), req)
        except InvalidProfile as exc:
            return InputError(field=exc.field, message=exc.message)
        return await _with_waiting(info, matches_of(page, req.config))
