"""The one candidate query matching runs, and its rows as domain candidates.

Candidates are every service with a venue within the search radius of the person's LSOA
centre (the `location_point` index) or offered online to their area, that meets one of their
needs, plus (when "what matters" is embedded) the listings the vector index finds closest to
it in the same places. The radius is wider than their travel limit so that near-misses ("too
far") and unmet-need reasons can be told; the domain applies every hard constraint.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kith_gateway.matching.domain import Candidate, Home, Place
from kith_gateway.matching.domain.schedule import session_from
from neo4j import AsyncManagedTransaction
from neo4j.time import DateTime

VECTOR_INDEX = "matching_profile_embedding"

# `vector.similarity.cosine` and the index both score (1 + cos) / 2; rows carry that score.
CANDIDATES = """
MATCH (home:Area:LSOA {code: $area})
CALL (home) {
  WITH home WHERE $vector IS NOT NULL
  CALL db.index.vector.queryNodes('matching_profile_embedding', $k, $vector) YIELD node
  RETURN collect(node.service_id) AS semantic_ids
}
CALL (home) {
  MATCH (l:Location)
  WHERE point.distance(l.point, home.point) <= $radius
  MATCH (s:Service)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l)
  RETURN s
  UNION
  MATCH (a:Area)
  WHERE a.code IN [home.code, home.msoa_code, home.lad_code]
  MATCH (s:Service)-[:COVERS]->(a)
  WHERE EXISTS { (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(:Location {virtual: true}) }
  RETURN s
}
WITH home, semantic_ids, s
WHERE s.status = 'active' AND NOT coalesce(s.removed_from_feed, false)
  AND (EXISTS { (s)-[:MEETS]->(n:Need) WHERE n.code IN $needs } OR s.id IN semantic_ids)
MATCH (o:Organisation)-[:PROVIDES]->(s)
OPTIONAL MATCH (s)<-[:DESCRIBES]-(m:MatchingProfile)
// One pass over the service's own links instead of one expansion per kind of link: the
// service node has many relationships, and each expansion walks them all (see PROFILE).
CALL (s) {
  OPTIONAL MATCH (s)-[r:MEETS|SPEAKS|COVERS|HAS_SCHEDULE]->(x)
  RETURN collect(CASE type(r) WHEN 'MEETS' THEN x.code END) AS needs,
         collect(CASE type(r) WHEN 'SPEAKS' THEN x.code END) AS languages,
         collect(CASE type(r) WHEN 'COVERS' THEN x.code END) AS covers,
         collect(CASE type(r) WHEN 'HAS_SCHEDULE'
                 THEN x {.byday, .opens_at, .closes_at, .description} END) AS schedules
}
CALL (s, home) {
  OPTIONAL MATCH (s)-[:AVAILABLE_AT]->(sal:ServiceAtLocation)-[:AT]->(l:Location)
  RETURN collect({id: l.id, virtual: coalesce(l.virtual, false), access: l.accessibility,
                  metres: point.distance(l.point, home.point)}) AS places,
         reduce(all = [], each IN collect([(sal)-[:HAS_SCHEDULE]->(x:Schedule)
                                           | x {.byday, .opens_at, .closes_at, .description}])
                | all + each) AS sal_schedules
}
RETURN s.id AS id, s.name AS name, o.id AS organisation_id, o.name AS organisation_name,
       s.status AS status, s.kind AS kind, s.capacity_status AS capacity_status,
       s.capacity_available AS capacity_available, s.capacity_maximum AS capacity_maximum,
       s.minimum_age AS min_age, s.maximum_age AS max_age, s.eligibility_gender AS gender,
       s.last_modified AS last_modified, needs, languages, covers, places,
       schedules + sal_schedules AS schedules,
       m.location_access AS derived_access,
       CASE WHEN $vector IS NOT NULL AND m.embedding IS NOT NULL
            THEN vector.similarity.cosine(m.embedding, $vector) END AS similarity,
       [(s)<-[:TO]-(r:Referral) | r.status] AS referral_statuses,
       home.msoa_code AS home_msoa, home.lad_code AS home_lad
"""


def candidate_params(
    area: str, needs: Iterable[str], radius_km: float, vector: list[float] | None, k: int
) -> dict[str, Any]:
    return {
        "area": area,
        "needs": sorted(needs),
        "radius": radius_km * 1000,
        "vector": vector,
        "k": k,
    }


async def fetch_candidates(
    tx: AsyncManagedTransaction, params: dict[str, Any]
) -> tuple[Home, list[Candidate]]:
    result = await tx.run(CANDIDATES, params)
    rows = [record.data() async for record in result]
    home = Home(params["area"])
    if rows:
        home = Home(params["area"], rows[0]["home_msoa"], rows[0]["home_lad"])
    return home, [candidate_of(row) for row in rows]


def _derived_access(encoded: list[str] | None) -> dict[str, frozenset[str]]:
    """MatchingProfile.location_access: "<location id> <code> <code>..." per venue."""
    out = {}
    for entry in encoded or []:
        location_id, *codes = entry.split(" ")
        out[location_id] = frozenset(codes)
    return out


def _place(raw: dict[str, Any], derived: dict[str, frozenset[str]]) -> Place:
    listed = raw.get("access")
    access = frozenset(listed) if listed is not None else derived.get(raw["id"])
    return Place(raw["id"], bool(raw["virtual"]), raw.get("metres"), access)


def _datetime(value: Any) -> datetime | None:
    if isinstance(value, DateTime):
        converted: datetime = value.to_native()
        return converted
    return value if isinstance(value, datetime) else None


def candidate_of(row: dict[str, Any]) -> Candidate:
    derived = _derived_access(row.get("derived_access"))
    similarity = row.get("similarity")
    return Candidate(
        id=row["id"],
        name=row["name"] or "",
        organisation_id=row["organisation_id"],
        organisation_name=row["organisation_name"] or "",
        needs=frozenset(row["needs"]),
        places=tuple(
            _place(p, derived)
            for p in sorted(row["places"], key=lambda p: p["id"] or "")
            if p["id"] is not None
        ),
        status=row["status"],
        kind=row["kind"],
        capacity_status=row["capacity_status"],
        capacity_available=row["capacity_available"],
        capacity_maximum=row["capacity_maximum"],
        min_age=row["min_age"],
        max_age=row["max_age"],
        gender=row["gender"],
        languages=frozenset(row["languages"]) or frozenset({"en"}),
        covers=frozenset(row["covers"]),
        sessions=tuple(
            session_from(x["byday"], x["opens_at"], x["closes_at"], x["description"])
            for x in sorted(row["schedules"], key=lambda x: str(sorted(x.items())))
        ),
        last_modified=_datetime(row["last_modified"]),
        semantic=None if similarity is None else 2 * similarity - 1,
        referrals=len(row["referral_statuses"]),
        completed=row["referral_statuses"].count("completed"),
    )
