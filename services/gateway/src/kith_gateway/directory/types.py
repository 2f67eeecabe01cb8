"""GraphQL types over the directory: a listing as readers see it, Relay connections, and the
inputs and results of provider updates."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError, PageInfo


@strawberry.enum(description="Gravity SDOH capacity codes, as HSDS 3.1 proposes.")
class CapacityStatus(Enum):
    OPEN = "open"
    WAITLIST = "waitlist"
    CLOSED = "closed"
    ADDITIONAL_ASSESSMENT = "additional-assessment"


@strawberry.enum(description="How recently someone vouched for the listing.")
class Freshness(Enum):
    FRESH = "fresh"
    DUE = "due"
    STALE = "stale"


@strawberry.enum
class Weekday(Enum):
    MO = "MO"
    TU = "TU"
    WE = "WE"
    TH = "TH"
    FR = "FR"
    SA = "SA"
    SU = "SU"


@strawberry.input(description="A WGS-84 point.")
class PointInput:
    lat: float
    lon: float


@strawberry.type
class Capacity:
    status: str | None
    available: int | None
    maximum: int | None
    unit: str | None
    updated_at: dt.datetime | None


@strawberry.type(description="A feed record this listing stands for (itself and duplicates).")
class ServiceSource:
    service_id: strawberry.ID
    feed_id: str | None
    source_id: str | None


@strawberry.type
class DirectoryService:
    id: strawberry.ID
    name: str
    description: str | None
    organisation_id: strawberry.ID
    organisation_name: str
    distance_km: float | None
    needs: list[str]
    languages: list[str]
    capacity_status: str | None
    capacity: Capacity
    freshness: Freshness
    verified_at: dt.datetime | None
    version: int
    sources: list[ServiceSource]


@strawberry.type
class ServiceEdge:
    cursor: str
    node: DirectoryService


@strawberry.type
class ServiceConnection:
    edges: list[ServiceEdge]
    page_info: PageInfo


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


@strawberry.type
class ServiceUpdated:
    service_id: strawberry.ID
    version: int
    replayed: bool = strawberry.field(description="True when an earlier identical request did it.")


ServiceUpdateResult = Annotated[
    ServiceUpdated | InputError | NotFoundError | ConflictError,
    strawberry.union("ServiceUpdateResult"),
]
