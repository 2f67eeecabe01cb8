"""GraphQL outputs for consent: the records and results of recording, withdrawing and
reviewing it, and the domain's enums as the schema names them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

# Re-exported once named for the schema, so inputs.py uses the registered enums.
from kith_gateway.consent.domain import Basis as Basis
from kith_gateway.consent.domain import DataCategory as DataCategory
from kith_gateway.consent.domain import Method as Method
from kith_gateway.consent.domain import Purpose as Purpose
from kith_gateway.consent.reviews import ReviewOutcome as ReviewOutcome
from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError

strawberry.enum(DataCategory, name="DataCategory")
strawberry.enum(Basis, name="ConsentBasis")
strawberry.enum(Method, name="ConsentMethod")
strawberry.enum(Purpose, name="ConsentPurpose")


strawberry.enum(ReviewOutcome, name="SafeguardingReviewOutcome")


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
