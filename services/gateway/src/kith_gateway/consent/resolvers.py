"""GraphQL for consent: record it (or a safeguarding basis) and withdraw it; the safeguarding
review queue (organisation admins only)."""

from __future__ import annotations

import strawberry

from kith_gateway.consent.domain import validate_new_consent
from kith_gateway.consent.handlers import ConsentRefused, record_consent, withdraw_consent
from kith_gateway.consent.inputs import (
    RecordConsentInput,
    ReviewSafeguardingInput,
    WithdrawConsentInput,
)
from kith_gateway.consent.reviews import pending_reviews, review_safeguarding
from kith_gateway.consent.types import (
    ConsentRecorded,
    ConsentWithdrawn,
    RecordConsentResult,
    ReviewSafeguardingResult,
    SafeguardingReview,
    SafeguardingReviewed,
    WithdrawConsentResult,
)
from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.referrals.access import Capability, act_scope, audit_scope
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key


def _scope(info: Info) -> Scope:
    try:
        return act_scope(info.context.require_principal(), Capability.REFER)
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def _admin_scope(info: Info) -> Scope:
    try:
        return audit_scope(info.context.require_principal())
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
                now=info.context.clock(),
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


@strawberry.type
class SafeguardingQuery:
    @strawberry.field(description="Your organisation's safeguarding records awaiting review.")
    async def safeguarding_reviews(self, info: Info) -> list[SafeguardingReview]:
        found = await pending_reviews(info.context.graph, _admin_scope(info))
        return [
            SafeguardingReview(
                consent_id=strawberry.ID(p.consent_id),
                person_id=strawberry.ID(p.person_id),
                recorded_by=p.recorded_by,
                recorded_at=p.recorded_at,
                shared_with_organisation_ids=[strawberry.ID(o) for o in p.shared_with],
                purpose=p.purpose,
                justification=p.justification,
                expires_at=p.expires_at,
            )
            for p in found
        ]


@strawberry.type
class SafeguardingMutation:
    @strawberry.mutation(
        description="Review a safeguarding record (someone other than its recorder)."
    )
    async def review_safeguarding_basis(
        self, info: Info, input: ReviewSafeguardingInput
    ) -> ReviewSafeguardingResult:
        scope = _admin_scope(info)
        try:
            key = check_idempotency_key(input.idempotency_key)
            done = await review_safeguarding(
                info.context.graph, scope, str(input.consent_id), input.outcome, key
            )
        except InvalidReferral as exc:
            return InputError(field=exc.field, message=exc.message)
        except ConsentRefused as exc:
            return _refused(exc)
        return SafeguardingReviewed(
            consent_id=strawberry.ID(done.consent_id),
            outcome=done.outcome,
            cancelled_referral_ids=[strawberry.ID(i) for i in done.cancelled_referral_ids],
            replayed=done.replayed,
        )
