"""GraphQL for pathways: definitions (anyone signed in reads them; an organisation admin
defines their organisation's), a person's place on them, and tier moves."""

from __future__ import annotations

import strawberry
from kith_common.auth import Principal, Role

from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import (
    ConflictError,
    Info,
    InputError,
    NotFoundError,
    PathwayRuleError,
    forbidden,
)
from kith_gateway.pathways.definitions import define_pathway, pathways
from kith_gateway.pathways.domain import (
    Basis,
    InvalidPathway,
    PathwayRuleRefused,
    TierDefinition,
    validate_pathway,
)
from kith_gateway.pathways.enrolments import EnrolmentRefused, TierActor, TierChange, change_tier
from kith_gateway.pathways.inputs import (
    ChangePathwayTierInput,
    DefinePathwayInput,
    PathwayTierInput,
)
from kith_gateway.pathways.reads import person_pathways
from kith_gateway.pathways.types import (
    ChangePathwayTierResult,
    DefinePathwayResult,
    Pathway,
    PathwayDefined,
    PathwayEnrolment,
    PathwayTierChanged,
)
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key

READERS = (Role.SOCIAL_PRESCRIBER, Role.CLINICIAN, Role.MEETING_CHAIR, Role.ORG_ADMIN)
MOVERS = (Role.SOCIAL_PRESCRIBER, Role.CLINICIAN)


def _principal(info: Info, *roles: Role) -> Principal:
    principal = info.context.require_principal()
    if not principal.has(*roles):
        raise forbidden(f"needs one of the roles {', '.join(r.value for r in roles)}")
    return principal


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
