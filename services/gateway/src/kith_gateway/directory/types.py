"""GraphQL types over the directory: a listing as readers see it, Relay connections, and the
inputs and results of provider updates."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError, PageInfo
from kith_gateway.kernel.vocabulary import Freshness


@strawberry.enum(description="Gravity SDOH capacity codes, as HSDS 3.1 proposes.")
class CapacityStatus(Enum):
    OPEN = "open"
    WAITLIST = "waitlist"
    CLOSED = "closed"
    ADDITIONAL_ASSESSMENT = "additional-assessment"


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
    waiting_weeks: int | None = strawberry.field(
        description="About how many weeks until someone referred now can start, as the "
        "provider last said (0: no wait); null when they have not said."
    )
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


@strawberry.type
class ServiceUpdated:
    service_id: strawberry.ID
    version: int
    replayed: bool = strawberry.field(description="True when an earlier identical request did it.")


ServiceUpdateResult = Annotated[
    ServiceUpdated | InputError | NotFoundError | ConflictError,
    strawberry.union("ServiceUpdateResult"),
]


@strawberry.type
class DuplicateDecided:
    duplicate_id: strawberry.ID
    canonical_id: strawberry.ID
    status: str


DecideDuplicateResult = Annotated[
    DuplicateDecided | InputError | NotFoundError, strawberry.union("DecideDuplicateResult")
]
