"""GraphQL mutation for creating a referral; errors come back as typed results."""

from __future__ import annotations

from typing import Annotated

import strawberry

from kith_gateway.context import Context
from kith_gateway.referrals.domain import InvalidReferral, validate_new_referral
from kith_gateway.referrals.handlers import ReferralRejected, create_referral


@strawberry.input
class CreateReferralInput:
    idempotency_key: str = strawberry.field(
        description="Client-chosen key; sending the same key again returns the same referral."
    )
    person_pseudonym: str = strawberry.field(
        description="Your organisation's pseudonymous reference for the person (never a name)."
    )
    home_area: str = strawberry.field(description="The person's home LSOA 2011 code.")
    service_id: strawberry.ID
    reason: str


@strawberry.type
class Referral:
    id: strawberry.ID
    status: str


@strawberry.type
class ReferralCreated:
    referral: Referral
    created: bool = strawberry.field(description="False when an earlier identical request did it.")


@strawberry.type
class InputError:
    field: str
    message: str


@strawberry.type
class NotFoundError:
    message: str


@strawberry.type
class ConflictError:
    message: str


CreateReferralResult = Annotated[
    ReferralCreated | InputError | NotFoundError | ConflictError,
    strawberry.union("CreateReferralResult"),
]


@strawberry.type
class ReferralMutation:
    @strawberry.mutation(description="Refer a person to a service (needs a bearer token).")
    async def create_referral(
        self, info: strawberry.Info[Context, None], input: CreateReferralInput
    ) -> CreateReferralResult:
        principal = info.context.require_principal()
        try:
            new = validate_new_referral(
                idempotency_key=input.idempotency_key,
                person_pseudonym=input.person_pseudonym,
                home_area=input.home_area,
                service_id=str(input.service_id),
                reason=input.reason,
                from_organisation_id=principal.organisation_id,
            )
            done = await create_referral(info.context.graph, new)
        except InvalidReferral as exc:
            return InputError(field=exc.field, message=exc.message)
        except ReferralRejected as exc:
            if exc.kind == "not_found":
                return NotFoundError(message=exc.message)
            if exc.kind == "conflict":
                return ConflictError(message=exc.message)
            return InputError(field="input", message=exc.message)
        return ReferralCreated(
            referral=Referral(id=strawberry.ID(done.id), status=done.status), created=done.created
        )
