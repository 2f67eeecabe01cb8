"""GraphQL mutations for consent: record it (or a safeguarding basis) and withdraw it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from kith_gateway.consent.domain import (
    Basis,
    DataCategory,
    Method,
    Purpose,
    validate_new_consent,
)
from kith_gateway.consent.handlers import ConsentRefused, record_consent, withdraw_consent
from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.referrals.access import Capability, act_scope
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key

strawberry.enum(DataCategory, name="DataCategory")
strawberry.enum(Basis, name="ConsentBasis")
strawberry.enum(Method, name="ConsentMethod")
strawberry.enum(Purpose, name="ConsentPurpose")


@strawberry.input
class RecordConsentInput:
    idempotency_key: str
    person_pseudonym: str = strawberry.field(
        description="Your organisation's reference for the person (the person is created if new)."
    )
    categories: list[DataCategory] = strawberry.field(description="Which data may be shared.")
    shared_with_organisation_ids: list[strawberry.ID]
    purpose: Purpose
    expires_at: datetime
    basis: Basis = Basis.CONSENT
    method: Method | None = strawberry.field(
        default=None, description="How consent was obtained (required for CONSENT)."
    )
    justification: str | None = strawberry.field(
        default=None, description="Why sharing without consent is lawful (SAFEGUARDING only)."
    )


@strawberry.input
class WithdrawConsentInput:
    consent_id: strawberry.ID
    idempotency_key: str


@strawberry.type
class ConsentRecorded:
    consent_id: strawberry.ID
    person_id: strawberry.ID
    created: bool
    review_required: bool = strawberry.field(description="True for a basis without consent.")


@strawberry.type
class ConsentWithdrawn:
    consent_id: strawberry.ID
    cancelled_referral_ids: list[strawberry.ID]
    replayed: bool


RecordConsentResult = Annotated[
    ConsentRecorded | InputError | NotFoundError | ConflictError,
    strawberry.union("RecordConsentResult"),
]
WithdrawConsentResult = Annotated[
    ConsentWithdrawn | InputError | NotFoundError | ConflictError,
    strawberry.union("WithdrawConsentResult"),
]


def _scope(info: Info) -> Scope:
    try:
        return act_scope(info.context.require_principal(), Capability.REFER)
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def _refused(exc: ConsentRefused) -> NotFoundError | ConflictError:
    if exc.kind == ConsentRefused.NOT_FOUND:
        return NotFoundError(message=exc.message)
    return ConflictError(message=exc.message)


@strawberry.type
class ConsentMutation:
    @strawberry.mutation(description="Record a person's consent, or a safeguarding basis.")
    async def record_consent(self, info: Info, input: RecordConsentInput) -> RecordConsentResult:
        scope = _scope(info)
        try:
            new = validate_new_consent(
                idempotency_key=input.idempotency_key,
                person_pseudonym=input.person_pseudonym,
                basis=input.basis,
                categories=list(input.categories),
                shared_with=[str(i) for i in input.shared_with_organisation_ids],
                purpose=input.purpose,
                method=input.method,
                justification=input.justification,
                expires_at=input.expires_at,
                recorded_by=scope.user_id,
                organisation_id=scope.organisation_id,
                now=datetime.now(UTC),
            )
            done = await record_consent(info.context.graph, scope, new)
        except InvalidReferral as exc:
            return InputError(field=exc.field, message=exc.message)
        except ConsentRefused as exc:
            return _refused(exc)
        return ConsentRecorded(
            consent_id=strawberry.ID(done.id),
            person_id=strawberry.ID(done.person_id),
            created=done.created,
            review_required=new.review_required,
        )

    @strawberry.mutation(
        description="Withdraw consent: sharing stops at once and open referrals under it are"
        " cancelled, in one transaction."
    )
    async def withdraw_consent(
        self, info: Info, input: WithdrawConsentInput
    ) -> WithdrawConsentResult:
        scope = _scope(info)
        try:
            key = check_idempotency_key(input.idempotency_key)
            done = await withdraw_consent(info.context.graph, scope, str(input.consent_id), key)
        except InvalidReferral as exc:
            return InputError(field=exc.field, message=exc.message)
        except ConsentRefused as exc:
            return _refused(exc)
        return ConsentWithdrawn(
            consent_id=strawberry.ID(done.id),
            cancelled_referral_ids=[strawberry.ID(i) for i in done.cancelled_referral_ids],
            replayed=done.replayed,
        )
