"""GraphQL for pathways: definitions (anyone signed in reads them; an organisation admin
defines their organisation's), a person's place on them, and tier moves."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from kith_common.auth import Principal, Role

from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.pathways.definitions import StoredPathway, define_pathway, pathways
from kith_gateway.pathways.domain import (
    Basis,
    InvalidPathway,
    PathwayRuleRefused,
    TierDefinition,
    validate_pathway,
)
from kith_gateway.pathways.enrolments import EnrolmentRefused, TierActor, TierChange, change_tier
from kith_gateway.pathways.reads import Enrolment, person_pathways
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key

READERS = (Role.SOCIAL_PRESCRIBER, Role.CLINICIAN, Role.MEETING_CHAIR, Role.ORG_ADMIN)
MOVERS = (Role.SOCIAL_PRESCRIBER, Role.CLINICIAN)


def _principal(info: Info, *roles: Role) -> Principal:
    principal = info.context.require_principal()
    if not principal.has(*roles):
        raise forbidden(f"needs one of the roles {', '.join(r.value for r in roles)}")
    return principal


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


@strawberry.input
class PathwayTierInput:
    name: str
    requires_decision: bool = False
    service_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.input
class DefinePathwayInput:
    name: str
    description: str = ""
    tiers: list[PathwayTierInput] = strawberry.field(description="Tier 1 first.")


@strawberry.input
class ChangePathwayTierInput:
    person_id: strawberry.ID
    pathway_id: strawberry.ID
    to_tier: int
    expected_version: int = strawberry.field(
        description="The enrolment's version you last read; 0 when the person is not on it yet."
    )
    idempotency_key: str


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


@strawberry.type(description="The pathway's rules do not allow this move.")
class PathwayRuleError:
    code: str = strawberry.field(description="unknown-tier / same-tier / decision-required")
    message: str


DefinePathwayResult = Annotated[
    PathwayDefined | InputError, strawberry.union("DefinePathwayResult")
]
ChangePathwayTierResult = Annotated[
    PathwayTierChanged | InputError | NotFoundError | ConflictError | PathwayRuleError,
    strawberry.union("ChangePathwayTierResult"),
]


def _tiers(given: list[PathwayTierInput]) -> list[TierDefinition]:
    return [
        TierDefinition(i + 1, t.name, t.requires_decision, tuple(str(s) for s in t.service_ids))
        for i, t in enumerate(given)
    ]


def _mover(principal: Principal) -> TierActor:
    basis = Basis.CLINICIAN if principal.has(Role.CLINICIAN) else Basis.PRACTITIONER
    return TierActor(principal.user_id, principal.organisation_id, basis)


def _refused(exc: Exception) -> InputError | NotFoundError | ConflictError | PathwayRuleError:
    if isinstance(exc, InvalidReferral):
        return InputError(field=exc.field, message=exc.message)
    if isinstance(exc, PathwayRuleRefused):
        return PathwayRuleError(code=exc.code, message=exc.message)
    assert isinstance(exc, EnrolmentRefused)
    if exc.kind == EnrolmentRefused.NOT_FOUND:
        return NotFoundError(message=exc.message)
    return ConflictError(message=exc.message, current_version=exc.current_version)


@strawberry.type
class PathwayQuery:
    @strawberry.field(description="Care pathways and their tiers (optionally one organisation's).")
    async def pathways(
        self, info: Info, organisation_id: strawberry.ID | None = None
    ) -> list[Pathway]:
        info.context.require_principal()
        found = await pathways(
            info.context.graph, str(organisation_id) if organisation_id else None
        )
        return [Pathway.of(p) for p in found]

    @strawberry.field(description="Where one of your organisation's people is on each pathway.")
    async def person_pathways(
        self, info: Info, person_id: strawberry.ID
    ) -> list[PathwayEnrolment] | None:
        p = _principal(info, *READERS)
        scope = Scope(p.user_id, p.organisation_id, True, False, "direct-care-pathway")
        found = await person_pathways(info.context.graph, scope, str(person_id))
        return None if found is None else [PathwayEnrolment.of(e) for e in found]


@strawberry.type
class PathwayMutation:
    @strawberry.mutation(description="Define or update your organisation's pathway (org admin).")
    async def define_pathway(self, info: Info, input: DefinePathwayInput) -> DefinePathwayResult:
        p = _principal(info, Role.ORG_ADMIN)
        try:
            new = validate_pathway(input.name, input.description, _tiers(input.tiers))
            pid, _, changed = await define_pathway(
                info.context.graph, p.organisation_id, p.user_id, new
            )
        except InvalidPathway as exc:
            return InputError(field=exc.field, message=exc.message)
        stored = await pathways(info.context.graph, p.organisation_id)
        return PathwayDefined(
            pathway=Pathway.of(next(s for s in stored if s.id == pid)), changed=changed
        )

    @strawberry.mutation(
        description="Move one of your organisation's people on a pathway. Stepping up into a tier"
        " that needs a decision takes a clinician (or a case meeting's decision)."
    )
    async def change_pathway_tier(
        self, info: Info, input: ChangePathwayTierInput
    ) -> ChangePathwayTierResult:
        actor = _mover(_principal(info, *MOVERS))
        try:
            change = TierChange(
                person_id=str(input.person_id),
                pathway_id=str(input.pathway_id),
                to_tier=input.to_tier,
                idempotency_key=check_idempotency_key(input.idempotency_key),
                expected_version=input.expected_version,
            )
            done = await change_tier(info.context.graph, actor, change)
        except (InvalidReferral, PathwayRuleRefused, EnrolmentRefused) as exc:
            return _refused(exc)
        return PathwayTierChanged(
            change_id=strawberry.ID(done.change_id),
            from_tier=done.from_tier,
            to_tier=done.to_tier,
            direction=done.direction,
            version=done.version,
            created=done.created,
        )
