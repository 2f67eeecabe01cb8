"""Use cases: match a recorded person (and record what is missing), or an ad-hoc profile.

One transaction each: read the person (audited), run the candidate query, decide in the
domain, record unmet needs with their events. "What matters" is embedded once per wording
and kept on the person, so matching a person again costs no model time.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from datetime import datetime

from kith_common.auth import Principal
from kith_common.graph import Graph
from kith_gateway.kernel.refusals import RefusalKind, Refused
from kith_gateway.matching.config import MatchingConfig
from kith_gateway.matching.domain import Outcome, Scored, Suggestion, Unmet, match, page
from kith_gateway.matching.embeddings import Embedder
from kith_gateway.matching.queries import candidate_params, fetch_candidates
from kith_gateway.matching.unmet import record_unmet
from kith_gateway.people.access import NO_AUDIT, PersonReadAudit
from kith_gateway.people.domain import Profile
from kith_gateway.people.handlers import StoredPerson, check_codes, load_person
from neo4j import AsyncManagedTransaction

KEEP_VECTOR = """
MATCH (p:Person {id: $id})
SET p.matching_vector = $vector, p.matching_vector_key = $key
"""


class PersonNotMatchable(Refused):
    """No such person for the caller (NOT_FOUND), or not enough recorded to match (INVALID)."""


@dataclass(frozen=True)
class MatchPage:
    suggestions: list[Suggestion]
    total: int
    offset: int
    near_misses: list[Scored]
    unmet: list[Unmet]
    recorded_unmet: list[str]
    considered: int


@dataclass(frozen=True)
class MatchRequest:
    first: int
    offset: int
    config: MatchingConfig
    embedder: Embedder | None
    now: datetime
    near_misses: bool = False


def vector_key(model: str, text: str) -> str:
    """Which wording (and model) a person's stored vector was made from."""
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


async def _embed(req: MatchRequest, text: str) -> list[float] | None:
    if req.embedder is None or not req.config.semantic_on or not text:
        return None
    return await asyncio.to_thread(req.embedder.query, text)


async def _person_vector(
    tx: AsyncManagedTransaction, req: MatchRequest, person: StoredPerson, text: str
) -> list[float] | None:
    """The stored vector if it was made from these words by this model, else a new one."""
    if req.embedder is None or not req.config.semantic_on or not text:
        return None
    key = vector_key(req.embedder.model, text)
    if person.matching_vector_key == key and person.matching_vector is not None:
        return [float(x) for x in person.matching_vector]
    vector = await _embed(req, text)
    await (await tx.run(KEEP_VECTOR, id=person.id, vector=vector, key=key)).consume()
    return vector


async def _decide(
    tx: AsyncManagedTransaction, profile: Profile, vector: list[float] | None, req: MatchRequest
) -> Outcome:
    cfg = req.config
    params = candidate_params(
        profile.home_area,
        profile.needs,
        cfg.search_radius_km(profile.max_travel_km),
        vector,
        cfg.semantic_k,
    )
    home, candidates = await fetch_candidates(tx, params)
    return match(profile, home, candidates, cfg, req.now)


def _page(outcome: Outcome, profile: Profile, req: MatchRequest, recorded: list[str]) -> MatchPage:
    return MatchPage(
        suggestions=page(outcome, profile, req.offset, req.first, req.config, req.now),
        total=len(outcome.ranked),
        offset=req.offset,
        near_misses=list(outcome.near_misses) if req.near_misses else [],
        unmet=list(outcome.unmet),
        recorded_unmet=recorded,
        considered=outcome.considered,
    )


async def matches_for_person(
    graph: Graph,
    who: Principal,
    person_id: str,
    req: MatchRequest,
    audit: PersonReadAudit = NO_AUDIT,
) -> MatchPage:
    async def work(tx: AsyncManagedTransaction) -> MatchPage:
        person = await load_person(tx, who, person_id, "matching", audit)
        if person is None:
            raise PersonNotMatchable(RefusalKind.NOT_FOUND, f"no person with id {person_id}")
        if person.profile is None or not person.profile.needs:
            raise PersonNotMatchable(
                RefusalKind.INVALID, "record their needs and travel before matching"
            )
        profile = person.profile
        vector = await _person_vector(tx, req, person, profile.what_matters)
        outcome = await _decide(tx, profile, vector, req)
        recorded = await record_unmet(
            tx, person_id, profile.home_area, who.organisation_id, outcome.unmet, req.now
        )
        return _page(outcome, profile, req, recorded)

    return await graph.write(work)


async def matches_for_profile(graph: Graph, profile: Profile, req: MatchRequest) -> MatchPage:
    """A what-if for a profile that is not recorded: nothing is written, no unmet need."""
    vector = await _embed(req, profile.what_matters)

    async def work(tx: AsyncManagedTransaction) -> MatchPage:
        await check_codes(tx, profile)
        return _page(await _decide(tx, profile, vector, req), profile, req, [])

    return await graph.read(work)
