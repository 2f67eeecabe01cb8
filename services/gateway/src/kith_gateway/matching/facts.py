"""What matching needs to know about a service, precomputed on its `(:MatchingProfile)` so the
candidate query reads one node per candidate instead of walking the service's relationships.

Per service (written by `refresh.py`, after an import or on `kith.directory.service-updated`):
- on the profile: `facts` (one JSON string: listing fields, need / language / covered-area
  codes, schedules, venues with their access), `points` (venue points, indexed by each
  venue's `pt`), `active`, `needs`, and `facts_hash` so an unchanged service is not rewritten;
- one `(:MatchingPlace {service_id, needs, point})` per venue with a point and one
  `(:MatchingPlace {service_id, needs, area})` per covered area code if it is offered online,
  only while the listing is active: the candidate query finds these through the point index
  and the `area` index and filters on `needs` without touching the service.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from kith_gateway.public.listing import free_of_charge

# The same reads the candidate query used to make per request (see git history of queries.py).
_FACTS = """
OPTIONAL MATCH (s)<-[:DESCRIBES]-(m:MatchingProfile)
CALL (s) {
  OPTIONAL MATCH (o:Organisation)-[:PROVIDES]->(s)
  WITH o ORDER BY o.id LIMIT 1
  RETURN o.id AS organisation_id, o.name AS organisation_name
}
CALL (s) {
  OPTIONAL MATCH (s)-[r:MEETS|SPEAKS|COVERS|HAS_SCHEDULE]->(x)
  RETURN collect(CASE type(r) WHEN 'MEETS' THEN x.code END) AS needs,
         collect(CASE type(r) WHEN 'MEETS' THEN coalesce(x.name, x.code) END) AS need_names,
         collect(CASE type(r) WHEN 'SPEAKS' THEN x.code END) AS languages,
         collect(CASE type(r) WHEN 'COVERS' THEN x.code END) AS covers,
         collect(CASE type(r) WHEN 'HAS_SCHEDULE'
                 THEN x {.byday, .opens_at, .closes_at, .description} END) AS schedules
}
CALL (s) {
  OPTIONAL MATCH (s)-[:AVAILABLE_AT]->(sal:ServiceAtLocation)-[:AT]->(l:Location)
  RETURN collect({id: l.id, virtual: coalesce(l.virtual, false), access: l.accessibility,
                  point: l.point}) AS places,
         reduce(all = [], each IN collect([(sal)-[:HAS_SCHEDULE]->(x:Schedule)
                                           | x {.byday, .opens_at, .closes_at, .description}])
                | all + each) AS sal_schedules
}
RETURN s.id AS id, s.name AS name, s.description AS description, s.oruk_json AS oruk_json,
       s.status AS status, coalesce(s.removed_from_feed, false) AS removed, s.kind AS kind,
       s.capacity_status AS capacity_status, s.capacity_available AS capacity_available,
       s.capacity_maximum AS capacity_maximum, s.minimum_age AS min_age,
       s.maximum_age AS max_age, s.eligibility_gender AS gender,
       s.last_modified AS last_modified, organisation_id, organisation_name, needs,
       need_names, languages, covers, schedules + sal_schedules AS schedules, places,
       m.text_hash AS text_hash, m.facts_hash AS facts_hash,
       coalesce(s.version, 0) AS service_version, m.service_version AS service_version_seen
"""

SERVICES_AFTER = (
    """
MATCH (s:Service)
WHERE s.id > $after
WITH s ORDER BY s.id LIMIT $limit
"""
    + _FACTS
)

SERVICES_BY_ID = (
    """
MATCH (s:Service)
WHERE s.id IN $ids
"""
    + _FACTS
)

WRITE_FACTS = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MERGE (m:MatchingProfile {service_id: row.service_id})
SET m += row.props
MERGE (m)-[:DESCRIBES]->(s)
WITH m, row
CALL (row) {
  MATCH (old:MatchingPlace {service_id: row.service_id})
  DELETE old
}
CALL (row) {
  UNWIND row.places AS place
  CREATE (mp:MatchingPlace)
  SET mp = place
}
"""

# A service that no longer exists takes its profile and places with it.
DROP_SERVICES = """
UNWIND $ids AS id
OPTIONAL MATCH (mp:MatchingPlace {service_id: id})
DELETE mp
WITH DISTINCT id
OPTIONAL MATCH (m:MatchingProfile {service_id: id})
DETACH DELETE m
"""

_SCALARS = (
    *("name", "organisation_id", "organisation_name", "status", "kind", "capacity_status"),
    *("capacity_available", "capacity_maximum", "min_age", "max_age", "gender"),
)


def _places(raw: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Venues in id order, and the points of those that have one (`pt` indexes them)."""
    places: list[dict[str, Any]] = []
    points: list[Any] = []
    for p in sorted((p for p in raw if p["id"] is not None), key=lambda p: p["id"]):
        pt = None
        if p["point"] is not None:
            pt = len(points)
            points.append(p["point"])
        access = sorted(p["access"]) if p["access"] is not None else None
        places.append({"id": p["id"], "virtual": p["virtual"], "access": access, "pt": pt})
    return places, points


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    native = value.to_native() if hasattr(value, "to_native") else value
    return str(native.isoformat())


def _digest(facts: str, points: list[Any], active: bool) -> str:
    where = [[p.x, p.y] for p in points]
    return hashlib.sha256(json.dumps([facts, where, active]).encode()).hexdigest()


def profile_props(row: dict[str, Any]) -> dict[str, Any]:
    """The MatchingProfile properties for one SERVICES_* row. Everything the candidate query
    returns per candidate is one JSON string (`facts`): one property read instead of twenty.
    `points` stay a native list, for `point.distance` in the query."""
    places, points = _places(row["places"])
    facts = {k: row[k] for k in _SCALARS} | {
        "last_modified": _iso(row["last_modified"]),
        "needs": sorted(set(row["needs"])),
        "languages": sorted(set(row["languages"])),
        "covers": sorted(set(row["covers"])),
        "schedules": row["schedules"],
        "places": places,
        "free_of_charge": free_of_charge(row["oruk_json"]),  # the public search's filter
    }
    active = row["status"] == "active" and not row["removed"] and bool(row["organisation_id"])
    encoded = json.dumps(facts, sort_keys=True)
    return {
        "facts": encoded,
        "points": points,
        "active": active,
        "needs": facts["needs"],
        "free_of_charge": facts["free_of_charge"],
        "facts_hash": _digest(encoded, points, active),
    }


def place_rows(service_id: str, props: dict[str, Any]) -> list[dict[str, Any]]:
    """The MatchingPlace nodes a service gets: none unless it is active."""
    if not props["active"]:
        return []
    needs = props["needs"]
    rows = [{"service_id": service_id, "needs": needs, "point": p} for p in props["points"]]
    if any(p["virtual"] is True for p in json.loads(props["facts"])["places"]):
        covers = json.loads(props["facts"])["covers"]
        rows += [{"service_id": service_id, "needs": needs, "area": a} for a in covers]
    return rows


def facts_row(row: dict[str, Any]) -> dict[str, Any] | None:
    """What WRITE_FACTS needs for a row whose facts changed, else None."""
    props = profile_props(row)
    if props["facts_hash"] == row["facts_hash"]:
        return None
    return {"service_id": row["id"], "props": props, "places": place_rows(row["id"], props)}
