"""Assemble the listing queries for `/services` and `/service_at_locations` from named
fragments: only the filters a request uses appear in its query, so the planner sees a
plain query it can index (full-text, point, or label scan) instead of `$x IS NULL OR ...`.

Every listing hides services removed from their feed and services that are a duplicate of
another listed one (`SAME_AS` accepted automatically or confirmed by a system lead).
"""

from __future__ import annotations

from dataclasses import dataclass

from kith_directory.domain.search import ServiceFilter

HEAD_ALL = "MATCH (s:Service)"
HEAD_SEARCH = "CALL db.index.fulltext.queryNodes('service_text', $search) YIELD node AS s, score"
# The point index on Location.point serves the distance filter; services follow from it.
HEAD_NEAR = """MATCH (l:Location)
WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $proximity
MATCH (s:Service)-[:AVAILABLE_AT]->(sal:ServiceAtLocation)-[:AT]->(l)"""
SAL_UNDER = "MATCH (s)-[:AVAILABLE_AT]->(sal:ServiceAtLocation)"
NEAR_METRES = "point.distance(l.point, point({latitude: $lat, longitude: $lon}))"

LISTED = "NOT coalesce(s.removed_from_feed, false)"
NOT_A_DUPLICATE = """NOT EXISTS { (s)-[d:SAME_AS]->(c:Service)
  WHERE d.status IN ['auto', 'confirmed'] AND NOT coalesce(c.removed_from_feed, false) }"""
MODIFIED_AFTER = "coalesce(s.last_modified, s.imported_at) >= $modified_after"
HAS_TERM = "EXISTS { (s)-[:MEETS|CLASSIFIED_AS]->(:TaxonomyTerm {id: $taxonomy_term_id}) }"
IN_TAXONOMY = """EXISTS { (s)-[:MEETS|CLASSIFIED_AS]->(:TaxonomyTerm)
  -[:IN_TAXONOMY]->(:Taxonomy {id: $taxonomy_id}) }"""
OF_ORGANISATION = "s.organisation_id = $organization_id"
# ORUK: "a minimum age of at least" / "a maximum age equal to or below" the value. A
# service that states no minimum has none (0); one that states no maximum has no bound.
MINIMUM_AGE = "coalesce(s.minimum_age, 0) >= $minimum_age"
MAXIMUM_AGE = "s.maximum_age <= $maximum_age"
SCHEDULE_DAY = "$day IN x.days"
SCHEDULE_START = "x.opens >= $start_time"
SCHEDULE_END = "x.closes <= $end_time"
_SCHEDULE = "EXISTS { (s)-[:AVAILABLE_AT*0..1]->()-[:HAS_SCHEDULE]->(x:Schedule) WHERE {} }"
SERVICE_NEAR = """EXISTS { (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l:Location)
  WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $proximity }"""
SAL_NEAR = """EXISTS { (sal)-[:AT]->(l:Location)
  WHERE point.distance(l.point, point({latitude: $lat, longitude: $lon})) <= $proximity }"""
# ORUK: "if service_area is available, only return results where the postcode exists within
# the service_area". A service that states no area is kept when it has a place in the
# postcode's district, so a postcode never lists the whole country.
COVERS_POSTCODE = """(EXISTS { (s)-[:COVERS]->(a:Area) WHERE a.code IN $area_codes }
  OR (NOT EXISTS { (s)-[:COVERS]->() }
      AND EXISTS { (s)-[:AVAILABLE_AT]->()-[:AT]->()-[:IN]->(:Area {lad_code: $lad_code}) }))"""
STALE_LAST = "CASE WHEN coalesce(s.verified_at, s.created_at) < $stale_before THEN 1 ELSE 0 END"

COUNT = "RETURN count(*) AS total"
SERVICE_PAGE = "RETURN s.oruk_json AS doc ORDER BY {order} SKIP $skip LIMIT $limit"
SAL_PAGE = "RETURN sal.id AS id, s.oruk_json AS doc ORDER BY {order} SKIP $skip LIMIT $limit"


@dataclass(frozen=True)
class Listing:
    count: str
    page: str


def _conditions(where: ServiceFilter, *, sal: bool, near_head: bool) -> list[str]:
    chosen = [LISTED, NOT_A_DUPLICATE]
    optional = (
        (where.modified_after, MODIFIED_AFTER),
        (where.taxonomy_term_id, HAS_TERM),
        (where.taxonomy_id, IN_TAXONOMY),
        (where.organization_id, OF_ORGANISATION),
        (where.minimum_age, MINIMUM_AGE),
        (where.maximum_age, MAXIMUM_AGE),
    )
    chosen += [fragment for value, fragment in optional if value is not None]
    if where.has_schedule_filter:
        parts = [
            fragment
            for value, fragment in (
                (where.day, SCHEDULE_DAY),
                (where.start_time, SCHEDULE_START),
                (where.end_time, SCHEDULE_END),
            )
            if value is not None
        ]
        chosen.append(_SCHEDULE.replace("{}", " AND ".join(parts)))
    if where.postcode is not None and where.proximity is None:
        chosen.append(COVERS_POSTCODE)
    if where.proximity is not None and not near_head:
        chosen.append(SAL_NEAR if sal else SERVICE_NEAR)
    return chosen


def _head(where: ServiceFilter, sal: bool) -> tuple[str, str, str]:
    """(match clause, carried variables, ordering) for the request's most selective start."""
    unit = "s, sal" if sal else "s"
    tiebreak = "s.name, s.id, sal.id" if sal else "s.name, s.id"
    if where.search:
        head = f"{HEAD_SEARCH}\n{SAL_UNDER}" if sal else HEAD_SEARCH
        return head, f"{unit}, score", f"{STALE_LAST}, score DESC, {tiebreak}"
    if where.proximity is not None:
        carried = f"{unit}, min({NEAR_METRES}) AS metres"
        return HEAD_NEAR, carried, f"metres, {tiebreak}"
    return (f"{HEAD_ALL}\n{SAL_UNDER}" if sal else HEAD_ALL), unit, tiebreak


def listing(where: ServiceFilter, *, sal: bool = False) -> Listing:
    """The count and page queries for services (or service-at-locations) matching `where`."""
    head, carried, order = _head(where, sal)
    near_head = where.proximity is not None and not where.search
    conditions = "\n  AND ".join(_conditions(where, sal=sal, near_head=near_head))
    body = f"{head}\nWITH {carried}\nWHERE {conditions}\n"
    page = (SAL_PAGE if sal else SERVICE_PAGE).replace("{order}", order)
    return Listing(count=body + COUNT, page=body + page)
