"""GraphQL: a receiving organisation records a self-referral to one of its own services."""

from __future__ import annotations

import dataclasses

import strawberry
from kith_common.auth import Role

from kith_gateway.consent.handlers import ConsentRefused
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, forbidden
from kith_gateway.referrals.domain import InvalidReferral, validate_new_referral
from kith_gateway.referrals.handlers import ReferralNotCreated
from kith_gateway.referrals.inputs import RecordSelfReferralInput
from kith_gateway.referrals.mutations import (
    CreateReferralResult,
    ReferralCreated,
    creation_refused,
)
from kith_gateway.referrals.self_referrals import record_self_referral
from kith_gateway.referrals.types import ReferralState


def _scope(info: Info) -> Scope:
    principal = info.context.require_principal()
    if not principal.has(Role.RECEIVING_WORKER):
        raise forbidden("only a receiving organisation's worker records a self-referral")
    # The organisation records the person's own request: it acts as the referring side.
    return Scope(principal.user_id, principal.organisation_id, True, False, "self-referral")


@strawberry.type
class SelfReferralMutation:
    @strawberry.mutation(
        description="Record that a person referred themselves to one of your services (only"
        " services that take self-referrals)."
    )
    async def record_self_referral(
        self, info: Info, input: RecordSelfReferralInput
    ) -> CreateReferralResult:
        scope = _scope(info)
        try:
            new = validate_new_referral(
                idempotency_key=input.idempotency_key,
                person_pseudonym=input.person_pseudonym,
                home_area=input.home_area,
                service_id=str(input.service_id),
                reason=input.reason,
                from_organisation_id=scope.organisation_id,
            )
            new = dataclasses.replace(new, self_referral=True)
            done = await record_self_referral(
                info.context.graph, scope, new, input.method, info.context.clock()
            )
        except InvalidReferral as exc:
            return InputError(field=exc.field, message=exc.message)
        except ReferralNotCreated as exc:
            return creation_refused(exc, field="serviceId")
        except ConsentRefused as exc:
            return ConflictError(message=exc.message)
        state = ReferralState(id=strawberry.ID(done.id), status=done.status, version=done.version)
        return ReferralCreated(referral=state, created=done.created)
