"""GraphQL mutations for referrals: create, then one mutation per lifecycle action. Thin:
check the role, parse, call the handler, map refusals to typed results."""

from __future__ import annotations

from typing import Annotated

import strawberry
from kith_referrals import Action, OutcomeCode, Reason, ReasonCode

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import (
    ConflictError,
    ConsentRequiredError,
    Info,
    InputError,
    NotFoundError,
    PathwayRuleError,
    TransitionError,
    forbidden,
)
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.pathways.domain import PathwayRuleRefused
from kith_gateway.referrals.access import Capability, act_scope
from kith_gateway.referrals.changes import TransitionRequest
from kith_gateway.referrals.domain import (
    InvalidReferral,
    check_idempotency_key,
    validate_new_referral,
)
from kith_gateway.referrals.errors import EXPECTED, refusal
from kith_gateway.referrals.handlers import ReferralNotCreated, create_referral
from kith_gateway.referrals.inputs import (
    CancelReferralInput,
    CompleteReferralInput,
    CreateReferralInput,
    ReferralActionInput,
    RejectReferralInput,
    StopReferralInput,
)
from kith_gateway.referrals.transitions import transition
from kith_gateway.referrals.types import ReferralState


@strawberry.type
class ReferralCreated:
    referral: ReferralState
    created: bool = strawberry.field(description="False when an earlier identical request did it.")


@strawberry.type
class ReferralChanged:
    referral: ReferralState
    replayed: bool = strawberry.field(description="True when this key already made the change.")


CreateReferralResult = Annotated[
    ReferralCreated
    | InputError
    | NotFoundError
    | ConflictError
    | ConsentRequiredError
    | PathwayRuleError,
    strawberry.union("CreateReferralResult"),
]
ReferralChangeResult = Annotated[
    ReferralChanged
    | InputError
    | NotFoundError
    | ConflictError
    | TransitionError
    | ConsentRequiredError,
    strawberry.union("ReferralChangeResult"),
]


def _scope(info: Info, capability: Capability) -> Scope:
    try:
        return act_scope(info.context.require_principal(), capability)
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def _reason(code: ReasonCode | None, explanation: str | None) -> Reason | None:
    if code is None:
        if explanation and explanation.strip():
            raise InvalidReferral("explanation", "give a reason code with the explanation")
        return None
    return Reason.of(code, explanation)


async def _change(
    info: Info,
    capability: Capability,
    action: Action,
    given: ReferralActionInput,
    code: ReasonCode | None = None,
    explanation: str | None = None,
    outcomes: tuple[OutcomeCode, ...] = (),
    on_behalf_of_person: bool = False,
) -> ReferralChangeResult:
    scope = _scope(info, capability)  # the role first: a forbidden caller learns nothing else
    try:
        reason = _reason(code, explanation)
        if given.expected_version < 1:
            raise InvalidReferral("expectedVersion", "must be a version this API returned (1+)")
        request = TransitionRequest(
            str(given.referral_id),
            action,
            given.expected_version,
            check_idempotency_key(given.idempotency_key),
            on_behalf_of_person,
            reason,
            outcomes,
        )
        done = await transition(info.context.graph, scope, request)
    except EXPECTED as exc:
        return refusal(exc)
    state = ReferralState(
        id=strawberry.ID(done.referral_id), status=done.status, version=done.version
    )
    return ReferralChanged(referral=state, replayed=done.replayed)


REFER, RECEIVE = Capability.REFER, Capability.RECEIVE


def creation_refused(
    exc: ReferralNotCreated, field: str = "input"
) -> NotFoundError | ConflictError | PathwayRuleError | InputError:
    """The typed result for a referral that could not be created."""
    if exc.kind == ReferralNotCreated.NOT_FOUND:
        return NotFoundError(message=exc.message)
    if exc.kind == ReferralNotCreated.CONFLICT:
        return ConflictError(message=exc.message)
    if exc.kind == RefusalKind.DECISION_REQUIRED:
        return PathwayRuleError(code=PathwayRuleRefused.DECISION_REQUIRED, message=exc.message)
    return InputError(field=field, message=exc.message)


@strawberry.type
class ReferralMutation:
    @strawberry.mutation(description="Refer a person to a service (needs a bearer token).")
    async def create_referral(self, info: Info, input: CreateReferralInput) -> CreateReferralResult:
        scope = _scope(info, REFER)
        try:
            new = validate_new_referral(
                idempotency_key=input.idempotency_key,
                person_pseudonym=input.person_pseudonym,
                home_area=input.home_area,
                service_id=str(input.service_id),
                reason=input.reason,
                from_organisation_id=scope.organisation_id,
                draft=input.draft,
            )
            done = await create_referral(info.context.graph, scope, new)
        except ReferralNotCreated as exc:
            return creation_refused(exc)
        except EXPECTED as exc:
            return refusal(exc)  # type: ignore[return-value]  # creation never yields TransitionError
        state = ReferralState(id=strawberry.ID(done.id), status=done.status, version=done.version)
        return ReferralCreated(referral=state, created=done.created)

    @strawberry.mutation(description="Send a draft (needs a valid consent covering the receiver).")
    async def send_referral(self, info: Info, input: ReferralActionInput) -> ReferralChangeResult:
        return await _change(info, REFER, Action.SEND, input)

    @strawberry.mutation
    async def accept_referral(self, info: Info, input: ReferralActionInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.ACCEPT, input)

    @strawberry.mutation(description="Turn a referral down, with a reason code.")
    async def reject_referral(self, info: Info, input: RejectReferralInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.REJECT, input, input.reason, input.explanation)

    @strawberry.mutation
    async def start_referral(self, info: Info, input: ReferralActionInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.START, input)

    @strawberry.mutation
    async def hold_referral(self, info: Info, input: ReferralActionInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.HOLD, input)

    @strawberry.mutation
    async def resume_referral(self, info: Info, input: ReferralActionInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.RESUME, input)

    @strawberry.mutation(description="Close the loop: the work is done, with its outcomes.")
    async def complete_referral(
        self, info: Info, input: CompleteReferralInput
    ) -> ReferralChangeResult:
        outcomes = tuple(input.outcomes)
        return await _change(info, RECEIVE, Action.COMPLETE, input, outcomes=outcomes)

    @strawberry.mutation
    async def fail_referral(self, info: Info, input: StopReferralInput) -> ReferralChangeResult:
        return await _change(info, RECEIVE, Action.FAIL, input, input.reason, input.explanation)

    @strawberry.mutation
    async def cancel_referral(self, info: Info, input: CancelReferralInput) -> ReferralChangeResult:
        return await _change(
            info,
            REFER,
            Action.CANCEL,
            input,
            input.reason,
            input.explanation,
            on_behalf_of_person=input.on_behalf_of_person,
        )

    @strawberry.mutation(description="The referral should never have existed.")
    async def mark_referral_entered_in_error(
        self, info: Info, input: StopReferralInput
    ) -> ReferralChangeResult:
        return await _change(
            info, REFER, Action.MARK_ENTERED_IN_ERROR, input, input.reason, input.explanation
        )
