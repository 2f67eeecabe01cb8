"""Place a postcode: the centre of the locations feeds published with it, and the ONS areas
(LSOA, MSOA, LAD) around that centre, for ORUK `postcode`/`proximity` filters."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.graph import Graph

POSTCODE_PLACE = """
MATCH (l:Location {postcode_norm: $postcode})
WHERE l.point IS NOT NULL
WITH avg(l.point.latitude) AS lat, avg(l.point.longitude) AS lon, count(l) AS known
WHERE known > 0
CALL (lat, lon) {
  OPTIONAL MATCH (a:Area)
  WHERE point.distance(a.point, point({latitude: lat, longitude: lon})) < 25000 AND a:LSOA
  RETURN a ORDER BY point.distance(a.point, point({latitude: lat, longitude: lon})) LIMIT 1
}
RETURN lat, lon, a.code AS lsoa, a.msoa_code AS msoa, a.lad_code AS lad
"""


@dataclass(frozen=True)
class Place:
    postcode: str
    latitude: float
    longitude: float
    area_codes: list[str]
    lad_code: str | None


async def place_postcode(graph: Graph, postcode: str) -> Place | None:
    """None when no feed has published a location with this (normalised) postcode."""
    rows = await graph.query(POSTCODE_PLACE, postcode=postcode)
    if not rows:
        return None
    row = rows[0]
    codes = [code for code in (row["lsoa"], row["msoa"], row["lad"]) if code]
    return Place(postcode, float(row["lat"]), float(row["lon"]), codes, row["lad"])
