"""GraphQL inputs for consent: record it (or a safeguarding basis), withdraw it, review it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.consent.types import Basis, DataCategory, Method, Purpose, ReviewOutcome


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


@strawberry.input
class ReviewSafeguardingInput:
    consent_id: strawberry.ID
    outcome: ReviewOutcome = strawberry.field(
        description="NOT_UPHELD stops the sharing at once, like a withdrawal."
    )
    idempotency_key: str
