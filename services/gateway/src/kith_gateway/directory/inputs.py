"""GraphQL inputs for the directory: a point to search near, a provider's changes to its
listing (capacity, opening times, "still correct"), a system lead's duplicate decision."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry

from kith_gateway.directory.types import CapacityStatus
from kith_gateway.kernel.vocabulary import Weekday


@strawberry.input
class UpdateCapacityInput:
    idempotency_key: str
    service_id: strawberry.ID
    status: CapacityStatus
    available: int | None = None
    maximum: int | None = None
    unit: str = "places"
    expected_version: int | None = None
    waiting_weeks: int | None = strawberry.field(
        default=None, description="About how many weeks until someone can start (0-104)."
    )


@strawberry.input(description="A weekly (or, with weekOfMonth, monthly) opening time.")
class OpeningTimeInput:
    days: list[Weekday]
    opens_at: str = strawberry.field(description="HH:MM, 24-hour, UK local time")
    closes_at: str
    week_of_month: int | None = strawberry.field(
        default=None, description="1-5, or -1 for the last: 2 with TU is the 2nd Tuesday"
    )
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    description: str | None = None


@strawberry.input
class UpdateOpeningTimesInput:
    idempotency_key: str
    service_id: strawberry.ID
    opening_times: list[OpeningTimeInput]
    expected_version: int | None = None


@strawberry.input
class ReassureServiceInput:
    idempotency_key: str
    service_id: strawberry.ID
    expected_version: int | None = None


@strawberry.enum
class DuplicateDecision(Enum):
    CONFIRM = "confirmed"
    SPLIT = "split"


@strawberry.input
class DecideDuplicateInput:
    duplicate_id: strawberry.ID
    canonical_id: strawberry.ID
    decision: DuplicateDecision
