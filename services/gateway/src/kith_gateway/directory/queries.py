"""Directory reads for the gateway, assembled from named fragments so each search runs the
plainest query for what it asks (point index, full-text index or a label scan first).

The directory service owns these labels; we only read. Listed: active services that are not
removed from their feed and not a duplicate of another (`SAME_AS` auto or confirmed); a
duplicate's feed shows up in its canonical service's `sources`. Stale listings sort last.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph

from kith_gateway.directory.search import PageRequest, ServiceSearch, lucene

HEAD_NEAR = """MATCH (l:Location)
WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $metres
MATCH (s:Service)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l)
WITH s, min(point.distance(l.point, point({latitude: $lat, longitude: $lon}))) AS metres"""
HEAD_WORDS = """CALL db.index.fulltext.queryNodes('service_text', $words) YIELD node AS s, score
WITH s, score, null AS metres"""
HEAD_WORDS_NEAR = """CALL db.index.fulltext.queryNodes('service_text', $words) YIELD node AS s, score
CALL (s) {
  MATCH (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l:Location)
  WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $metres
  RETURN min(point.distance(l.point, point({latitude: $lat, longitude: $lon}))) AS metres
}
WITH s, score, metres WHERE metres IS NOT NULL"""
HEAD_ALL = "MATCH (s:Service)\nWITH s, null AS metres"

LISTED = """s.status = 'active' AND NOT coalesce(s.removed_from_feed, false)
  AND NOT EXISTS { (s)-[d:SAME_AS]->(c:Service)
                   WHERE d.status IN ['auto', 'confirmed']
                     AND NOT coalesce(c.removed_from_feed, false) }"""
NEEDS = "EXISTS { (s)-[:MEETS]->(n:Need) WHERE n.code IN $needs }"
TERMS = "EXISTS { (s)-[:MEETS|CLASSIFIED_AS]->(t:TaxonomyTerm) WHERE t.id IN $term_ids }"
LANGUAGES = "EXISTS { (s)-[:SPEAKS]->(g:Language) WHERE g.code IN $languages }"
CAPACITY = "s.capacity_status IN $capacity"
IN_AREA = """(EXISTS { (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(:Location)-[:IN]->(a:LSOA)
            WHERE a.code = $area OR a.msoa_code = $area OR a.lad_code = $area }
  OR EXISTS { (s)-[:COVERS]->(c:Area)
              WHERE c.code IN $area_and_parents OR c.msoa_code = $area OR c.lad_code = $area })"""
OPEN_AT = """EXISTS { (s)-[:AVAILABLE_AT*0..1]->()-[:HAS_SCHEDULE]->(x:Schedule)
  WHERE x.opens <= $time AND x.closes > $time
    AND (x.from_date IS NULL OR x.from_date <= $date)
    AND (x.to_date IS NULL OR x.to_date >= $date)
    AND ((x.freq = 'WEEKLY' AND $day IN x.days)
      OR (x.freq = 'MONTHLY' AND ($monthday IN x.monthdays OR $nth IN x.ordinal_days
                                  OR $nth_last IN x.ordinal_days OR $day IN x.plain_days))
      OR (x.freq IS NULL AND x.on_date = $date)) }"""
STALE_LAST = "CASE WHEN coalesce(s.verified_at, s.created_at) < $stale_before THEN 1 ELSE 0 END"
# Ordered and cut to the page first, then projected: the per-row subqueries below run for
# the page's rows only, not for every candidate in the radius.
PAGE = """
MATCH (o:Organisation)-[:PROVIDES]->(s)
WITH {carried}, o
ORDER BY {order}
SKIP $skip LIMIT $limit
RETURN s.id AS id, s.name AS name, s.description AS description, o.id AS organisation_id,
       o.name AS organisation_name, metres, s.capacity_status AS capacity_status,
       s.capacity_available AS available, s.capacity_maximum AS maximum,
       s.capacity_unit AS unit, s.capacity_updated AS capacity_updated,
       s.capacity_waiting_weeks AS waiting_weeks, coalesce(s.verified_at, s.created_at) AS verified_at, s.version AS version,
       {needs} AS needs, {languages} AS languages, {sources} AS sources
"""
# Lists computed only when the query asks for them (`search_query`'s `lists`).
LISTS = {
    "needs": "COLLECT { MATCH (s)-[:MEETS]->(n:Need) RETURN n.code ORDER BY n.code }",
    "languages": "COLLECT { MATCH (s)-[:SPEAKS]->(g:Language) RETURN g.code ORDER BY g.code }",
    "sources": """[{service_id: s.id, feed_id: s.feed_id, source_id: s.source_id}] + COLLECT {
         MATCH (d:Service)-[r:SAME_AS]->(s)
         WHERE r.status IN ['auto', 'confirmed'] AND NOT coalesce(d.removed_from_feed, false)
         RETURN {service_id: d.id, feed_id: d.feed_id, source_id: d.source_id} ORDER BY d.id
       }""",
}
ALL_LISTS = frozenset(LISTS)


@dataclass(frozen=True)
class ServiceRow:
    id: str
    name: str
    description: str | None
    organisation_id: str
    organisation_name: str
    distance_km: float | None
    capacity_status: str | None
    available: int | None
    maximum: int | None
    unit: str | None
    capacity_updated: datetime | None
    waiting_weeks: int | None
    verified_at: datetime | None
    version: int
    needs: list[str]
    languages: list[str]
    sources: list[dict[str, str]]


def search_query(
    search: ServiceSearch, extra: tuple[str, ...] = (), lists: frozenset[str] = ALL_LISTS
) -> str:
    """The Cypher for one shape of search (parameters in `search_params`); `extra`: more
    conditions on `s` that must hold too (the public search's filters, public/queries.py);
    `lists`: which of needs, languages and sources to compute (the others come back empty)."""
    if search.near and search.words:
        head, order = HEAD_WORDS_NEAR, f"{STALE_LAST}, metres, s.name, s.id"
    elif search.near:
        head, order = HEAD_NEAR, f"{STALE_LAST}, metres, s.name, s.id"
    elif search.words:
        head, order = HEAD_WORDS, f"{STALE_LAST}, score DESC, s.name, s.id"
    else:
        head, order = HEAD_ALL, f"{STALE_LAST}, s.name, s.id"
    chosen = [LISTED]
    optional = (
        (search.needs, NEEDS),
        (search.term_ids, TERMS),
        (search.languages, LANGUAGES),
        (search.capacity, CAPACITY),
        (search.area, IN_AREA),
        (search.open_at, OPEN_AT),
    )
    chosen += [fragment for wanted, fragment in optional if wanted]
    chosen += extra
    carried = "s, metres, score" if search.words else "s, metres"
    where = "\n  AND ".join(chosen)
    page = PAGE.replace("{carried}", carried).replace("{order}", order)
    for name, expression in LISTS.items():
        page = page.replace(f"{{{name}}}", expression if name in lists else "[]")
    return f"{head}\nWITH {carried}\nWHERE {where}{page}"


def search_params(
    search: ServiceSearch, page: PageRequest, stale_before: datetime, area_parents: list[str]
) -> dict[str, Any]:
    moment = search.open_at
    return {
        "lat": search.lat,
        "lon": search.lon,
        "metres": search.within_km * 1000,
        "words": lucene(search.words),
        "needs": list(search.needs),
        "term_ids": list(search.term_ids),
        "languages": list(search.languages),
        "capacity": list(search.capacity),
        "area": search.area,
        "area_and_parents": [search.area, *area_parents] if search.area else [],
        **(moment.__dict__ if moment else {}),
        "stale_before": stale_before,
        "skip": page.offset,
        "limit": page.first + 1,  # one more tells whether there is a next page
    }


AREA_PARENTS = """
MATCH (a:Area {code: $code})
RETURN [code IN [a.msoa_code, a.lad_code] WHERE code IS NOT NULL] AS parents
"""


async def area_parents(graph: Graph, code: str) -> list[str] | None:
    """The MSOA/LAD an area lies in; None if the area is unknown."""
    rows = await graph.query(AREA_PARENTS, code=code)
    return list(rows[0]["parents"]) if rows else None


WAITING = """
MATCH (s:Service) WHERE s.id IN $ids
RETURN s.id AS id, s.capacity_waiting_weeks AS waiting_weeks
"""


async def waiting_weeks(graph: Graph, ids: list[str]) -> dict[str, int | None]:
    """The waiting time (weeks until someone can start) each listing's provider last gave."""
    rows = await graph.query(WAITING, ids=ids) if ids else []
    return {row["id"]: row["waiting_weeks"] for row in rows}


VENUE_POINTS = """
MATCH (l:Location) WHERE l.id IN $ids AND l.point IS NOT NULL
RETURN l.id AS id, l.point.y AS lat, l.point.x AS lon
"""


async def venue_points(graph: Graph, ids: list[str]) -> dict[str, tuple[float, float]]:
    """Each venue's point (latitude, longitude), for drawing it on a map."""
    rows = await graph.query(VENUE_POINTS, ids=ids) if ids else []
    return {row["id"]: (row["lat"], row["lon"]) for row in rows}


async def find_services(graph: Graph, query: str, params: dict[str, Any]) -> list[ServiceRow]:
    rows = await graph.query(query, **params)
    return [_row(row) for row in rows]


def _native(value: Any) -> Any:
    return value.to_native() if hasattr(value, "to_native") else value


def _row(row: dict[str, Any]) -> ServiceRow:
    fields = {k: _native(v) for k, v in row.items() if k not in ("metres", "version")}
    metres = row["metres"]
    return ServiceRow(
        **fields,
        distance_km=None if metres is None else round(metres / 1000, 3),
        version=int(row["version"] or 0),
    )
