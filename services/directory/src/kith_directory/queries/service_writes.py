"""Write mapped ORUK services into the graph inside the caller's transaction.

Every query UNWINDs one list of rows from `ServiceRows`, so a batch of services costs a
fixed number of round trips. Services that changed lose their owned parts (schedules,
service-at-locations) and outgoing links first, then everything is written afresh.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from neo4j import AsyncManagedTransaction

from kith_directory.domain.changes import Stored
from kith_directory.domain.mapping import ServiceRows

NEAREST_AREA_RADII_METRES = (2_000, 25_000)

STORED_STATE = """
UNWIND $ids AS id
MATCH (s:Service {id: id})
RETURN s.id AS id, s.content_hash AS content_hash, s.feed_id AS feed_id,
       coalesce(s.removed_from_feed, false) AS removed_from_feed,
       s.provider_overlay AS provider_overlay, s.oruk_json AS document,
       s.field_sources AS field_sources, toString(s.imported_at) AS imported_at
"""

CLEAR_SERVICE_PARTS = """
UNWIND $ids AS id
MATCH (s:Service {id: id})
CALL (s) { MATCH (s)-[r:MEETS|CLASSIFIED_AS|SPEAKS|COVERS]->() DELETE r }
CALL (s) { MATCH ()-[r:PROVIDES]->(s) DELETE r }
CALL (s) { MATCH (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:HAS_SCHEDULE]->(x) DETACH DELETE x }
CALL (s) { MATCH (s)-[:AVAILABLE_AT|HAS_SCHEDULE]->(part) DETACH DELETE part }
"""

UPSERT_ORGANISATIONS = """
UNWIND $rows AS row
MERGE (o:Organisation {id: row.id})
FOREACH (_ IN CASE WHEN size(keys(row.props)) > 0 THEN [1] ELSE [] END | SET o = row.props)
"""

# Kith's own facts about a service (provider updates, freshness, versions) survive a
# re-import that rewrites everything the feed says.
UPSERT_SERVICES = """
UNWIND $rows AS row
MERGE (s:Service {id: row.id})
WITH s, row, s {.created_at, .version, .provider_verified_at, .provider_overlay,
                .stale_notified_for, .assurer} AS kept
SET s = row.props, s += kept,
    s.created_at = coalesce(kept.created_at, row.props.imported_at),
    s.version = coalesce(kept.version, 0) + 1,
    s.verified_at = CASE
      WHEN kept.provider_verified_at IS NULL THEN row.props.source_verified_at
      WHEN row.props.source_verified_at IS NULL THEN kept.provider_verified_at
      WHEN kept.provider_verified_at > row.props.source_verified_at
        THEN kept.provider_verified_at
      ELSE row.props.source_verified_at END
WITH s, row
MATCH (o:Organisation {id: row.organisation_id})
MERGE (o)-[:PROVIDES]->(s)
"""

UPSERT_LOCATIONS = """
UNWIND $rows AS row
MERGE (l:Location {id: row.id})
SET l = row.props,
    l.point = CASE WHEN row.has_point
                   THEN point({latitude: row.props.latitude, longitude: row.props.longitude})
              END
"""

UNPLACE_LOCATIONS = """
UNWIND $ids AS id
MATCH (l:Location {id: id})-[r:IN]->()
DELETE r
"""

# The nearest LSOA centre within $radius, found through the `area_point` index. Run with a
# small radius first (towns), then a large one for whatever is still unplaced (countryside).
PLACE_LOCATIONS = """
UNWIND $ids AS id
MATCH (l:Location {id: id})
WHERE l.point IS NOT NULL AND NOT EXISTS { (l)-[:IN]->() }
CALL (l) {
  MATCH (a:Area)
  WHERE point.distance(a.point, l.point) < $radius AND a:LSOA
  RETURN a ORDER BY point.distance(a.point, l.point), a.code LIMIT 1
}
MERGE (l)-[:IN]->(a)
"""

UPSERT_SERVICE_AT_LOCATIONS = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MERGE (l:Location {id: row.location_id})
MERGE (sal:ServiceAtLocation {id: row.id})
SET sal = row.props
MERGE (s)-[:AVAILABLE_AT]->(sal)
MERGE (sal)-[:AT]->(l)
"""

_UPSERT_SCHEDULES = """
UNWIND $rows AS row
MATCH (owner:{label} {id: row.owner_id})
MERGE (x:Schedule {id: row.props.id})
SET x = row.props
MERGE (owner)-[:HAS_SCHEDULE]->(x)
"""
UPSERT_SCHEDULES = _UPSERT_SCHEDULES.replace("{label}", "Service")
UPSERT_SAL_SCHEDULES = _UPSERT_SCHEDULES.replace("{label}", "ServiceAtLocation")

UPSERT_TAXONOMIES = """
UNWIND $rows AS row
MERGE (t:Taxonomy {id: row.id})
SET t.name = coalesce(row.name, t.name),
    t.description = coalesce(row.description, t.description),
    t.uri = coalesce(row.uri, t.uri), t.version = coalesce(row.version, t.version)
"""

_LINK_TERMS = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MERGE (t:TaxonomyTerm {id: row.id})
SET t += row.props{extra_label}
MERGE (s)-[:{relationship}]->(t)
WITH t, row WHERE row.taxonomy_id IS NOT NULL
MATCH (x:Taxonomy {id: row.taxonomy_id})
MERGE (t)-[:IN_TAXONOMY]->(x)
"""
LINK_NEEDS = _LINK_TERMS.replace("{extra_label}", ", t:Need").replace("{relationship}", "MEETS")
LINK_TERMS = _LINK_TERMS.replace("{extra_label}", "").replace("{relationship}", "CLASSIFIED_AS")

# A feed's own term that the reviewed table maps onto Kith needs (`domain/need_map.py`);
# needs the graph does not hold (no Kith needs taxonomy loaded yet) are not invented.
LINK_MAPPED_NEEDS = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MATCH (n:Need {code: row.code})
MERGE (s)-[m:MEETS]->(n)
SET m.mapped_from = CASE WHEN row.term_id IN coalesce(m.mapped_from, []) THEN m.mapped_from
                         ELSE coalesce(m.mapped_from, []) + row.term_id END
"""

LINK_LANGUAGES = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MERGE (l:Language {code: row.code})
SET l.name = coalesce(row.name, l.name)
MERGE (s)-[:SPEAKS]->(l)
"""

LINK_AREAS = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MATCH (a:Area {code: row.code})
MERGE (s)-[:COVERS]->(a)
"""

MARK_REMOVED = """
MATCH (s:Service {feed_id: $feed_id})
WHERE NOT s.id IN $seen AND NOT coalesce(s.removed_from_feed, false)
SET s.removed_from_feed = true, s.removed_at = $now
RETURN s.id AS id, s.organisation_id AS organisation_id
"""


async def _run(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    result = await tx.run(query, params)
    return [record.data() async for record in result]


async def stored_state(tx: AsyncManagedTransaction, ids: list[str]) -> dict[str, Stored]:
    rows = await _run(tx, STORED_STATE, ids=ids)
    return {
        row["id"]: Stored(
            row["content_hash"],
            row["feed_id"],
            row["removed_from_feed"],
            row["provider_overlay"],
            row["document"],
            row["field_sources"],
            row["imported_at"],
        )
        for row in rows
    }


async def clear_service_parts(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    if ids:
        await _run(tx, CLEAR_SERVICE_PARTS, ids=ids)


async def write_services(tx: AsyncManagedTransaction, rows: ServiceRows) -> None:
    """Write every row list in dependency order (providers and places before links)."""
    steps: list[tuple[str, list[dict[str, Any]]]] = [
        (UPSERT_ORGANISATIONS, rows.organisations),
        (UPSERT_SERVICES, rows.services),
        (UPSERT_LOCATIONS, rows.locations),
        (UPSERT_SERVICE_AT_LOCATIONS, rows.service_at_locations),
        (UPSERT_SCHEDULES, rows.schedules),
        (UPSERT_SAL_SCHEDULES, rows.sal_schedules),
        (UPSERT_TAXONOMIES, rows.taxonomies),
        (LINK_NEEDS, rows.needs),
        (LINK_TERMS, rows.terms),
        (LINK_MAPPED_NEEDS, rows.mapped_needs),
        (LINK_LANGUAGES, rows.languages),
        (LINK_AREAS, rows.covers),
    ]
    for query, batch in steps:
        if batch:
            await _run(tx, query, rows=batch)
    await place_locations(tx, sorted({row["id"] for row in rows.locations}))


async def place_locations(tx: AsyncManagedTransaction, ids: list[str]) -> None:
    """(Re)link each location to the LSOA whose centre is nearest (none if > 25 km)."""
    if ids:
        await _run(tx, UNPLACE_LOCATIONS, ids=ids)
        for radius in NEAREST_AREA_RADII_METRES:
            await _run(tx, PLACE_LOCATIONS, ids=ids, radius=radius)


async def mark_removed(
    tx: AsyncManagedTransaction, feed_id: str, seen: list[str], now: datetime
) -> list[dict[str, Any]]:
    return await _run(tx, MARK_REMOVED, feed_id=feed_id, seen=seen, now=now)
