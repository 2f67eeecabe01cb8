"""GraphQL inputs for goals, measures, contacts and check-in rhythm."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.consent.domain import Method
from kith_gateway.outcomes.domain import ContactKind, Timepoint

strawberry.enum(Timepoint, name="MeasureTimepoint")
strawberry.enum(ContactKind, name="ContactKind")


@strawberry.input(description="A goal as the person put it, set with their coach.")
class SetGoalInput:
    idempotency_key: str
    person_id: strawberry.ID
    words: str = strawberry.field(description="The person's own words (at most 500 characters).")
    needs: list[str] = strawberry.field(default_factory=list, description="Need codes it meets.")
    service_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Services that help towards it."
    )
    baseline: int = strawberry.field(
        default=-1, description="Goal attainment at setting: -1, or -2 if it could get worse."
    )


@strawberry.input(description="Goal attainment at a review: -2 … +2, 0 is what was expected.")
class ReviewGoalInput:
    idempotency_key: str
    goal_id: strawberry.ID
    attainment: int
    note: str = ""
    reviewed_at: datetime | None = strawberry.field(default=None, description="Default: now.")


@strawberry.input(description="Replace a goal with a new one; the old one keeps its history.")
class ResetGoalInput:
    idempotency_key: str
    goal_id: strawberry.ID
    words: str
    needs: list[str] = strawberry.field(default_factory=list)
    service_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    baseline: int = -1


@strawberry.input(description="One answer: the item's id and the value of the chosen option.")
class AnswerInput:
    item: str
    value: int


@strawberry.input(description="A completed questionnaire (see `instruments` for the items).")
class RecordMeasureInput:
    idempotency_key: str
    person_id: strawberry.ID
    instrument_id: str = strawberry.field(description="ons4, peg, phq-9, gad-7, ons-loneliness")
    timepoint: Timepoint
    answers: list[AnswerInput]
    taken_at: datetime
    service_id: strawberry.ID | None = strawberry.field(
        default=None, description="The service the person was using when it was taken."
    )


@strawberry.input
class RecordContactInput:
    idempotency_key: str
    person_id: strawberry.ID
    kind: ContactKind
    at: datetime


@strawberry.input(description="How often the coach checks in; nobody is discharged.")
class SetCheckInInput:
    person_id: strawberry.ID
    every_days: int


@strawberry.input(description="Link a carer (recorded as a person) with the person's consent.")
class LinkCarerInput:
    idempotency_key: str
    person_id: strawberry.ID
    carer_person_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The carer's own person record, so their needs can be matched and referred"
        " (or give carerReference).",
    )
    carer_reference: str | None = strawberry.field(
        default=None, description="Or your organisation's reference for the carer's record."
    )
    relationship: str = strawberry.field(
        description="partner, parent, child, sibling, other-family, friend, neighbour, paid-carer"
    )
    may_see: list[str] = strawberry.field(description="goals, measures, timeline, check-ins")
    may_do: list[str] = strawberry.field(
        default_factory=list, description="attend-reviews, record-contact, receive-reminders"
    )
    consent_method: Method = strawberry.field(description="How the person gave consent.")
    channels: list[str] = strawberry.field(
        description="How the carer wants to be contacted: phone, text, email, letter, in-person"
    )
    best_times: str = ""
