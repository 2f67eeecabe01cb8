"""A person's home area found by a place name, so nobody types an LSOA code: the public
directory's place resolution (postcodes, ONS area names, venues' towns, GeoNames towns) turns
the words into a point or an area, and the neighbourhoods (LSOAs) nearest to it are offered,
each with its name, the wider neighbourhood (MSOA) and the local authority."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.graph import Graph

from kith_gateway.public import places

NEAREST = 6
WITHIN_M = 5000

NEAR_POINT = """
MATCH (a:Area:LSOA)
WHERE point.distance(a.point, point({latitude: $lat, longitude: $lon})) < $within
WITH a, point.distance(a.point, point({latitude: $lat, longitude: $lon})) AS metres
ORDER BY metres, a.code LIMIT $limit
OPTIONAL MATCH (a)-[:PART_OF]->(m:MSOA)-[:PART_OF]->(l:LAD)
RETURN a.code AS code, a.name AS name, m.name AS neighbourhood, l.name AS district,
       metres / 1000.0 AS km
"""

# An area found by name: itself if a neighbourhood (LSOA), or the LSOAs of an MSOA.
IN_AREA = """
MATCH (a:Area:LSOA)
WHERE a.code = $code OR EXISTS { (a)-[:PART_OF]->(:MSOA {code: $code}) }
OPTIONAL MATCH (a)-[:PART_OF]->(m:MSOA)-[:PART_OF]->(l:LAD)
RETURN a.code AS code, a.name AS name, m.name AS neighbourhood, l.name AS district,
       null AS km
ORDER BY a.name LIMIT $limit
"""

AREA_LEVEL = "MATCH (a:Area {code: $code}) RETURN a.level AS level"


@dataclass(frozen=True)
class HomeAreaOption:
    code: str
    name: str
    neighbourhood: str | None
    district: str | None
    km: float | None


@dataclass(frozen=True)
class HomeAreaSearch:
    place: str | None  # the place understood, as named; None: not found
    too_broad: bool  # a whole local authority: ask for somewhere smaller
    options: list[HomeAreaOption]


def as_parsed(text: str) -> str:
    """The form `places.resolve` takes: postcodes upper-case, names lower-case."""
    words = " ".join(text.split())
    has_digit = any(c.isdigit() for c in words.split(" ")[0]) if words else False
    return words.upper() if has_digit else words.lower()


async def search(graph: Graph, text: str) -> HomeAreaSearch:
    if not text.strip():
        return HomeAreaSearch(None, False, [])
    place = await places.resolve(graph, as_parsed(text))
    if place is None:
        return HomeAreaSearch(None, False, [])
    if place.area is not None:
        level = await graph.query(AREA_LEVEL, code=place.area)
        if level and level[0]["level"] == "LAD":
            return HomeAreaSearch(place.label, True, [])
        rows = await graph.query(IN_AREA, code=place.area, limit=NEAREST * 2)
    else:
        rows = await graph.query(
            NEAR_POINT, lat=place.lat, lon=place.lon, within=WITHIN_M, limit=NEAREST
        )
    return HomeAreaSearch(place.label, False, [HomeAreaOption(**r) for r in rows])
