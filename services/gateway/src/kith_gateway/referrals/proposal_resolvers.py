"""GraphQL for the router's next-best proposals: the referrer sees, confirms or declines one.
Thin: check the role, parse, call `proposals`, map refusals to typed results."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import (
    ConflictError,
    ConsentRequiredError,
    Info,
    InputError,
    NotFoundError,
    TransitionError,
    forbidden,
)
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.referrals.access import Capability, act_scope, read_scope
from kith_gateway.referrals.domain import check_idempotency_key
from kith_gateway.referrals.errors import EXPECTED, refusal
from kith_gateway.referrals.handlers import ReferralNotCreated
from kith_gateway.referrals.proposals import Decided, State, decide
from kith_gateway.referrals.types import ReferralState

PROPOSAL = """
MATCH (r:Referral {id: $referral_id})-[:PROPOSED]->(a:AlternativeProposal)
WHERE r.from_organisation_id = $org
OPTIONAL MATCH (o:Organisation)-[:PROVIDES]->(s:Service {id: a.service_id})
RETURN a.status AS status, a.service_id AS service_id, a.reason AS reason, a.at AS at,
       s.name AS service_name, o.name AS organisation_name, o.id AS organisation_id
"""


@strawberry.type(description="What the router proposed when nobody acted on a referral in time.")
class ProposedAlternative:
    status: str = strawberry.field(description="proposed, none, confirmed or declined")
    service_id: strawberry.ID | None = strawberry.field(description="Null: nothing suitable.")
    reason: str = strawberry.field(description="next-best or no-alternative")
    proposed_at: datetime
    service_name: str | None = strawberry.field(default=None, description="The proposed service.")
    organisation_name: str | None = strawberry.field(default=None, description="Who runs it.")
    organisation_id: strawberry.ID | None = strawberry.field(
        default=None, description="Who runs it (consent must cover them)."
    )


@strawberry.type
class AlternativeConfirmed:
    cancelled: ReferralState = strawberry.field(description="The referral that was stuck.")
    referral: ReferralState = strawberry.field(description="The new one, sent to the proposal.")
    replayed: bool


@strawberry.type
class AlternativeDeclined:
    referral: ReferralState
    replayed: bool


Refused = InputError | NotFoundError | ConflictError | TransitionError | ConsentRequiredError
ConfirmAlternativeResult = Annotated[
    AlternativeConfirmed | Refused, strawberry.union("ConfirmAlternativeResult")
]
DeclineAlternativeResult = Annotated[
    AlternativeDeclined | Refused, strawberry.union("DeclineAlternativeResult")
]


def _state(state: State) -> ReferralState:
    return ReferralState(id=strawberry.ID(state.id), status=state.status, version=state.version)


def _refer_scope(info: Info) -> Scope:
    try:
        return act_scope(info.context.require_principal(), Capability.REFER)
    except Forbidden as exc:
        raise forbidden(exc.message) from None


async def _decide(info: Info, referral_id: str, key: str, confirm: bool) -> Decided | Refused:
    scope = _refer_scope(info)  # the role first: a forbidden caller learns nothing else
    try:
        return await decide(
            info.context.graph, scope, referral_id, check_idempotency_key(key), confirm
        )
    except ReferralNotCreated as exc:  # the proposed service went away meanwhile
        if exc.kind == RefusalKind.NOT_FOUND:
            return NotFoundError(message=exc.message)
        return ConflictError(message=exc.message)
    except EXPECTED as exc:
        return refusal(exc)


@strawberry.type
class ProposalQuery:
    @strawberry.field(description="The router's proposal for your organisation's referral.")
    async def proposed_alternative(
        self, info: Info, referral_id: strawberry.ID
    ) -> ProposedAlternative | None:
        try:
            scope = read_scope(info.context.require_principal())
        except Forbidden as exc:
            raise forbidden(exc.message) from None
        if not scope.as_referrer:
            return None
        rows = await info.context.graph.query(
            PROPOSAL, referral_id=str(referral_id), org=scope.organisation_id
        )
        if not rows:
            return None
        row = rows[0]
        service = strawberry.ID(row["service_id"]) if row["service_id"] else None
        return ProposedAlternative(
            status=row["status"], service_id=service, reason=row["reason"],
            proposed_at=row["at"].to_native(), service_name=row["service_name"],
            organisation_name=row["organisation_name"],
            organisation_id=row["organisation_id"],
        )  # fmt: skip


@strawberry.type
class ProposalMutation:
    @strawberry.mutation(
        description="Accept the proposed service: the stuck referral is cancelled and a new one"
        " sent there, together (needs consent covering the new organisation)."
    )
    async def confirm_proposed_alternative(
        self, info: Info, referral_id: strawberry.ID, idempotency_key: str
    ) -> ConfirmAlternativeResult:
        done = await _decide(info, str(referral_id), idempotency_key, confirm=True)
        if not isinstance(done, Decided):
            return done
        assert done.new_referral is not None  # a confirmation always creates one
        return AlternativeConfirmed(
            cancelled=_state(done.referral),
            referral=_state(done.new_referral),
            replayed=done.replayed,
        )

    @strawberry.mutation(description="Keep the referral where it is; the proposal is recorded.")
    async def decline_proposed_alternative(
        self, info: Info, referral_id: strawberry.ID, idempotency_key: str
    ) -> DeclineAlternativeResult:
        done = await _decide(info, str(referral_id), idempotency_key, confirm=False)
        if not isinstance(done, Decided):
            return done
        return AlternativeDeclined(referral=_state(done.referral), replayed=done.replayed)
