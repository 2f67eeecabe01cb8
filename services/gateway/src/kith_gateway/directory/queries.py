"""Directory reads for the gateway. The directory service owns these labels; we only read."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.graph import Graph

MAX_RADIUS_KM = 100.0
MAX_RESULTS = 100

# The point index on Location.point serves the distance filter; needs filter after it.
SERVICES_NEAR = """
MATCH (l:Location)
WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $metres
MATCH (o:Organisation)-[:PROVIDES]->(s:Service)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l)
WHERE s.status = 'active'
  AND (size($needs) = 0 OR EXISTS { (s)-[:MEETS]->(n:Need) WHERE n.code IN $needs })
WITH o, s, min(point.distance(l.point, point({latitude: $lat, longitude: $lon}))) AS metres
OPTIONAL MATCH (s)-[:MEETS]->(need:Need)
WITH o, s, metres, collect(need.code) AS needs
RETURN s.id AS id, s.name AS name, o.id AS organisation_id, o.name AS organisation_name,
       metres, needs, s.capacity_status AS capacity_status
ORDER BY metres, name, id
LIMIT $limit
"""


@dataclass(frozen=True)
class NearbyService:
    id: str
    name: str
    organisation_id: str
    organisation_name: str
    distance_km: float
    needs: list[str]
    capacity_status: str | None


async def services_near(
    graph: Graph, lat: float, lon: float, within_km: float, needs: list[str], limit: int
) -> list[NearbyService]:
    rows = await graph.query(
        SERVICES_NEAR, lat=lat, lon=lon, metres=within_km * 1000, needs=needs, limit=limit
    )
    return [
        NearbyService(
            id=r["id"],
            name=r["name"],
            organisation_id=r["organisation_id"],
            organisation_name=r["organisation_name"],
            distance_km=round(r["metres"] / 1000, 3),
            needs=sorted(r["needs"]),
            capacity_status=r["capacity_status"],
        )
        for r in rows
    ]
