"""GraphQL outputs for pathways: definitions, a person's enrolments with their history, and
the results of defining a pathway or moving a person on one."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError, PathwayRuleError
from kith_gateway.pathways.definitions import StoredPathway
from kith_gateway.pathways.reads import Enrolment


@strawberry.type
class PathwayTier:
    level: int
    name: str
    requires_decision: bool = strawberry.field(
        description="Stepping up into this tier needs a clinician's or a case meeting's decision."
    )
    service_ids: list[strawberry.ID]


@strawberry.type
class Pathway:
    id: strawberry.ID
    name: str
    description: str
    organisation_id: strawberry.ID
    version: int
    tiers: list[PathwayTier]

    @staticmethod
    def of(p: StoredPathway) -> Pathway:
        tiers = [
            PathwayTier(
                level=t.level,
                name=t.name,
                requires_decision=t.requires_decision,
                service_ids=[strawberry.ID(s) for s in t.service_ids],
            )
            for t in p.tiers
        ]
        return Pathway(
            id=strawberry.ID(p.id),
            name=p.name,
            description=p.description,
            organisation_id=strawberry.ID(p.organisation_id),
            version=p.version,
            tiers=tiers,
        )


@strawberry.type
class TierMoveRecord:
    from_tier: int | None
    to_tier: int
    direction: str
    basis: str = strawberry.field(description="practitioner / clinician / meeting")
    by_organisation_id: strawberry.ID
    meeting_decision_id: strawberry.ID | None
    at: datetime
    version: int


@strawberry.type
class PathwayEnrolment:
    pathway_id: strawberry.ID
    pathway_name: str
    tier: int
    version: int
    enrolled_at: datetime
    tier_since: datetime
    history: list[TierMoveRecord]

    @staticmethod
    def of(e: Enrolment) -> PathwayEnrolment:
        history = [
            TierMoveRecord(
                from_tier=h.from_tier,
                to_tier=h.to_tier,
                direction=h.direction,
                basis=h.basis,
                by_organisation_id=strawberry.ID(h.by_organisation_id),
                meeting_decision_id=strawberry.ID(h.meeting_decision_id)
                if h.meeting_decision_id
                else None,
                at=h.at,
                version=h.version,
            )
            for h in e.history
        ]
        return PathwayEnrolment(
            pathway_id=strawberry.ID(e.pathway_id),
            pathway_name=e.pathway_name,
            tier=e.tier,
            version=e.version,
            enrolled_at=e.enrolled_at,
            tier_since=e.tier_since,
            history=history,
        )


@strawberry.type
class PathwayDefined:
    pathway: Pathway
    changed: bool


@strawberry.type
class PathwayTierChanged:
    change_id: strawberry.ID
    from_tier: int | None
    to_tier: int
    direction: str
    version: int
    created: bool


DefinePathwayResult = Annotated[
    PathwayDefined | InputError, strawberry.union("DefinePathwayResult")
]
ChangePathwayTierResult = Annotated[
    PathwayTierChanged | InputError | NotFoundError | ConflictError | PathwayRuleError,
    strawberry.union("ChangePathwayTierResult"),
]
