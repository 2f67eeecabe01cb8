"""GraphQL types and queries over the directory."""

from __future__ import annotations

import strawberry
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.context import Context
from kith_gateway.directory.queries import MAX_RADIUS_KM, MAX_RESULTS, services_near


@strawberry.input(description="A WGS-84 point.")
class PointInput:
    lat: float
    lon: float


@strawberry.type
class NearbyService:
    id: strawberry.ID
    name: str
    organisation_id: strawberry.ID
    organisation_name: str
    distance_km: float
    needs: list[str]
    capacity_status: str | None


def _bad_input(message: str) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


@strawberry.type
class DirectoryQuery:
    @strawberry.field(description="Active services near a point, nearest first.")
    async def services(
        self,
        info: strawberry.Info[Context, None],
        near: PointInput,
        within_km: float = 5.0,
        needs: list[str] | None = None,
        first: int = 20,
    ) -> list[NearbyService]:
        if not (-90 <= near.lat <= 90 and -180 <= near.lon <= 180):
            raise _bad_input("near must be a latitude in [-90, 90] and longitude in [-180, 180]")
        if not 0 < within_km <= MAX_RADIUS_KM:
            raise _bad_input(f"withinKm must be more than 0 and at most {MAX_RADIUS_KM:g}")
        if not 1 <= first <= MAX_RESULTS:
            raise _bad_input(f"first must be between 1 and {MAX_RESULTS}")
        found = await services_near(
            info.context.graph, near.lat, near.lon, within_km, needs or [], first
        )
        return [
            NearbyService(
                id=strawberry.ID(s.id),
                name=s.name,
                organisation_id=strawberry.ID(s.organisation_id),
                organisation_name=s.organisation_name,
                distance_km=s.distance_km,
                needs=s.needs,
                capacity_status=s.capacity_status,
            )
            for s in found
        ]
