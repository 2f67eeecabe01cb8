"""GraphQL inputs for referral mutations. Every change carries the client's idempotency key
and the version it last saw (optimistic concurrency)."""

from __future__ import annotations

import strawberry
from kith_referrals import OutcomeCode, ReasonCode

from kith_gateway.consent.domain import Method

ReasonCodeType = strawberry.enum(ReasonCode, name="ReasonCode")
OutcomeCodeType = strawberry.enum(OutcomeCode, name="OutcomeCode")

KEY = "Client-chosen key; repeating the same change with it returns the first result."
VERSION = "The version you last saw; if the referral moved since, you get a ConflictError."


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
    draft: bool = strawberry.field(
        default=False,
        description="Keep it as a draft (no consent needed yet); send it later with sendReferral.",
    )


@strawberry.input
class ReferralActionInput:
    referral_id: strawberry.ID
    expected_version: int = strawberry.field(description=VERSION)
    idempotency_key: str = strawberry.field(description=KEY)


@strawberry.input
class RejectReferralInput(ReferralActionInput):
    reason: ReasonCode
    explanation: str | None = strawberry.field(default=None, description="Required for OTHER.")


@strawberry.input
class StopReferralInput(ReferralActionInput):
    reason: ReasonCode | None = None
    explanation: str | None = strawberry.field(default=None, description="Required for OTHER.")


@strawberry.input
class CancelReferralInput(StopReferralInput):
    on_behalf_of_person: bool = strawberry.field(
        default=False, description="The person asked for it (recorded as the person's action)."
    )


@strawberry.input
class CompleteReferralInput(ReferralActionInput):
    outcomes: list[OutcomeCode] = strawberry.field(default_factory=list)


@strawberry.input
class RecordSelfReferralInput:
    idempotency_key: str
    person_pseudonym: str = strawberry.field(
        description="Your organisation's pseudonymous reference for the person (never a name)."
    )
    home_area: str = strawberry.field(description="The person's home LSOA 2011 code.")
    service_id: strawberry.ID = strawberry.field(description="One of your own services.")
    reason: str
    method: Method = strawberry.field(description="How the person asked (their consent).")
