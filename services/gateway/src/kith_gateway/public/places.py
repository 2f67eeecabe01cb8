"""Where "in <place>" is, from real data only, most specific first:
1. a postcode or postcode district that venues in the graph have ("BD8 7AB", "BD8"): around
   those venues;
2. an ONS area the graph holds by name (a local authority such as "Bradford" or "Craven", an
   MSOA or LSOA name): services in it or covering it;
3. a post town venues in the graph are in ("Shipley"): around those venues;
4. a town or village in GeoNames (`gazetteer.py`): around its point.
A name none of these knows is reported back, never guessed."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.graph import Graph

from kith_gateway.public import gazetteer

POSTCODE_RADIUS_KM = {True: 1.0, False: 2.5}  # full postcode, district
TOWN_RADIUS_KM = 4.0

VENUES_BY_POSTCODE = """
MATCH (l:Location)
WHERE l.postcode_norm STARTS WITH $prefix AND l.point IS NOT NULL
RETURN avg(l.point.y) AS lat, avg(l.point.x) AS lon, count(l) AS venues
"""

AREA_BY_NAME = """
MATCH (a:Area)
WHERE toLower(a.name) = $name
RETURN a.code AS code, a.name AS name, a.level AS level
ORDER BY CASE a.level WHEN 'LAD' THEN 0 WHEN 'MSOA' THEN 1 ELSE 2 END
LIMIT 1
"""

VENUES_BY_TOWN = """
MATCH (l:Location)
WHERE toLower(l.city) = $name AND l.point IS NOT NULL
RETURN avg(l.point.y) AS lat, avg(l.point.x) AS lon, count(l) AS venues
"""


@dataclass(frozen=True)
class Place:
    label: str
    source: str  # postcode / area / town / gazetteer
    area: str | None = None
    lat: float | None = None
    lon: float | None = None
    within_km: float = TOWN_RADIUS_KM


async def _around(graph: Graph, query: str, **params: object) -> tuple[float, float] | None:
    rows = await graph.query(query, **params)
    if not rows or not rows[0]["venues"]:
        return None
    return float(rows[0]["lat"]), float(rows[0]["lon"])


def _is_postcode(text: str) -> bool:
    head = text.split()[0]
    return text.isupper() and any(c.isdigit() for c in head) and head[0].isalpha()


async def resolve(graph: Graph, text: str) -> Place | None:
    """`text` as the parser gives it (postcodes upper-case, names lower-case)."""
    if _is_postcode(text):
        full = " " in text
        prefix = text if full else text + " "
        point = await _around(graph, VENUES_BY_POSTCODE, prefix=prefix)
        if point is None:
            return None
        return Place(text, "postcode", None, *point, POSTCODE_RADIUS_KM[full])
    name = gazetteer.key(text)
    rows = await graph.query(AREA_BY_NAME, name=name)
    if rows:
        return Place(rows[0]["name"], "area", rows[0]["code"])
    point = await _around(graph, VENUES_BY_TOWN, name=name)
    if point is not None:
        return Place(text.title(), "town", None, *point)
    town = gazetteer.find(name)
    if town is not None:
        return Place(town.name, "gazetteer", None, town.lat, town.lon)
    return None
