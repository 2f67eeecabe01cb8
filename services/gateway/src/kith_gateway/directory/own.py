"""`ourServices`: the caller's organisation's own listings as its staff manage them — capacity
(with the waiting time), the regular opening times, how fresh the listing is and the version
an edit must name. Staff in a provider role (org_admin, receiving_worker) only; the listing
set is always the caller's own organisation, so no other organisation's listing is reachable."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import strawberry

from kith_gateway.directory import domain
from kith_gateway.directory.types import Capacity
from kith_gateway.kernel.graphql import Info, forbidden
from kith_gateway.kernel.vocabulary import Freshness, Weekday

OWN_SERVICES = """
MATCH (o:Organisation {id: $org})-[:PROVIDES]->(s:Service)
WHERE NOT coalesce(s.removed_from_feed, false)
RETURN s.id AS id, s.name AS name, s.status AS status, coalesce(s.version, 0) AS version,
       s.capacity_status AS capacity_status, s.capacity_available AS available,
       s.capacity_maximum AS maximum, s.capacity_unit AS unit,
       s.capacity_updated AS capacity_updated, s.capacity_waiting_weeks AS waiting_weeks,
       coalesce(s.verified_at, s.created_at) AS verified_at,
       s.provider_verified_at AS provider_verified_at, s.oruk_json AS doc
ORDER BY s.name, s.id
"""


@strawberry.type(description="A regular opening time, as the listing states it.")
class RegularOpeningTime:
    days: list[Weekday]
    week_of_month: int | None = strawberry.field(
        description="1-5, or -1 for the last: 2 with TU is the 2nd Tuesday; null for weekly"
    )
    opens_at: str | None
    closes_at: str | None
    description: str | None


@strawberry.type(description="One of your organisation's listings, as its staff manage it.")
class OwnService:
    id: strawberry.ID
    name: str
    active: bool
    version: int = strawberry.field(description="Name it as expectedVersion when changing it.")
    capacity: Capacity
    waiting_weeks: int | None = strawberry.field(
        description="About how many weeks someone waits to start, when the provider said."
    )
    opening_times: list[RegularOpeningTime]
    freshness: Freshness
    verified_at: dt.datetime | None = strawberry.field(
        description="When someone last vouched for the listing (feed or provider)."
    )
    provider_verified_at: dt.datetime | None = strawberry.field(
        description="When your organisation last updated or confirmed it."
    )


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def opening_time(raw: dict[str, Any]) -> RegularOpeningTime:
    """An ORUK schedule's `byday` ("MO,WE" weekly; "2TU" monthly) as days and a week."""
    codes = [c.strip() for c in str(raw.get("byday") or "").split(",") if c.strip()]
    days = [Weekday(c[-2:]) for c in codes if c[-2:] in domain.DAYS]
    ordinals = [c[:-2] for c in codes if len(c) > 2 and c[:-2].lstrip("-").isdigit()]
    return RegularOpeningTime(
        days=days,
        week_of_month=int(ordinals[0]) if ordinals else None,
        opens_at=raw.get("opens_at"),
        closes_at=raw.get("closes_at"),
        description=raw.get("description"),
    )


def own_service(
    row: dict[str, Any], now: dt.datetime, policy: domain.FreshnessPolicy
) -> OwnService:
    doc: dict[str, Any] = json.loads(row["doc"]) if row["doc"] else {}
    verified = _native(row["verified_at"])
    return OwnService(
        id=strawberry.ID(row["id"]),
        name=row["name"],
        active=row["status"] in (None, "active"),
        version=int(row["version"]),
        capacity=Capacity(
            status=row["capacity_status"],
            available=row["available"],
            maximum=row["maximum"],
            unit=row["unit"],
            updated_at=_native(row["capacity_updated"]),
        ),
        waiting_weeks=row["waiting_weeks"],
        opening_times=[opening_time(s) for s in doc.get("schedules") or []],
        freshness=Freshness(policy.state(verified, now)),
        verified_at=verified,
        provider_verified_at=_native(row["provider_verified_at"]),
    )


@strawberry.type
class OwnServicesQuery:
    @strawberry.field(description="Your organisation's listings (org_admin, receiving_worker).")
    async def our_services(self, info: Info) -> list[OwnService]:
        principal = info.context.require_principal()
        if not principal.has(*domain.PROVIDER_ROLES):
            raise forbidden(
                "your organisation's listings need the org_admin or receiving_worker role"
            )
        rows = await info.context.graph.query(OWN_SERVICES, org=principal.organisation_id)
        now, policy = info.context.clock(), info.context.config.freshness
        return [own_service(row, now, policy) for row in rows]
