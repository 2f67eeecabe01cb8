"""GraphQL for the safeguarding review queue (organisation admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from kith_gateway.consent.handlers import ConsentRefused
from kith_gateway.consent.reviews import ReviewOutcome, pending_reviews, review_safeguarding
from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.referrals.access import audit_scope
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key

strawberry.enum(ReviewOutcome, name="SafeguardingReviewOutcome")


@strawberry.type(description="A record that shares a person's data without their consent.")
class SafeguardingReview:
    consent_id: strawberry.ID
    person_id: strawberry.ID
    recorded_by: str
    recorded_at: datetime
    shared_with_organisation_ids: list[strawberry.ID]
    purpose: str
    justification: str
    expires_at: datetime


@strawberry.input
class ReviewSafeguardingInput:
    consent_id: strawberry.ID
    outcome: ReviewOutcome = strawberry.field(
        description="NOT_UPHELD stops the sharing at once, like a withdrawal."
    )
    idempotency_key: str


@strawberry.type
class SafeguardingReviewed:
    consent_id: strawberry.ID
    outcome: ReviewOutcome
    cancelled_referral_ids: list[strawberry.ID]
    replayed: bool


ReviewSafeguardingResult = Annotated[
    SafeguardingReviewed | InputError | NotFoundError | ConflictError,
    strawberry.union("ReviewSafeguardingResult"),
]


def _admin_scope(info: Info) -> Scope:
    try:
        return audit_scope(info.context.require_principal())
    except Forbidden as exc:
        raise forbidden(exc.message) from None


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
            if exc.kind == ConsentRefused.NOT_FOUND:
                return NotFoundError(message=exc.message)
            return ConflictError(message=exc.message)
        return SafeguardingReviewed(
            consent_id=strawberry.ID(done.consent_id),
            outcome=done.outcome,
            cancelled_referral_ids=[strawberry.ID(i) for i in done.cancelled_referral_ids],
            replayed=done.replayed,
        )
