"""The one candidate query matching runs, and its rows as domain candidates.

Candidates are every service with a venue within the search radius of the person's LSOA
centre (the `matching_place_point` index) or offered online to their area, that meets one of their
needs, plus (when "what matters" is embedded) the listings the vector index finds closest to
it in the same places. The radius is wider than their travel limit so that near-misses ("too
far") and unmet-need reasons can be told; the domain applies every hard constraint.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from kith_gateway.matching.domain import Candidate, History, Home, Place, Session
from kith_gateway.matching.domain.schedule import session_from
from neo4j import AsyncManagedTransaction

VECTOR_INDEX = "matching_profile_embedding"

# Statuses that say the service decided on the referral, and those that mean it took them on
# (the people-like-them signal, domain/history.py).
DECIDED = ["accepted", "rejected", "in-progress", "on-hold", "completed", "failed", "cancelled"]
ACCEPTED = ["accepted", "in-progress", "on-hold", "completed", "failed"]

# Everything about a service is read from its MatchingProfile (facts.py), found through its
# MatchingPlaces: by the point index (venues in the search radius) or the area index (online
# for the person's LSOA/MSOA/LAD), filtered on need before any profile is read. Only the
# referral history is read live (index on Referral.service_id), since it changes all day.
# `vector.similarity.cosine` and the index both score (1 + cos) / 2; rows carry that score.
CANDIDATES = """
MATCH (home:Area:LSOA {code: $area})
WITH home, home.point AS here, home.msoa_code AS home_msoa, home.lad_code AS home_lad,
     (home.imd_decile + 1) / 2 AS quintile
CALL (home) {
  WITH home WHERE $vector IS NOT NULL
  CALL db.index.vector.queryNodes('matching_profile_embedding', $k, $vector) YIELD node
  RETURN collect(node.service_id) AS semantic_ids
}
CALL (here, home_msoa, home_lad, semantic_ids) {
  MATCH (mp:MatchingPlace)
  WHERE point.distance(mp.point, here) <= $radius
    AND (any(n IN mp.needs WHERE n IN $needs) OR mp.service_id IN semantic_ids)
  RETURN mp.service_id AS sid
  UNION
  MATCH (mp:MatchingPlace)
  WHERE mp.area IN [$area, home_msoa, home_lad]
    AND (any(n IN mp.needs WHERE n IN $needs) OR mp.service_id IN semantic_ids)
  RETURN mp.service_id AS sid
}
MATCH (m:MatchingProfile {service_id: sid})
CALL (sid, quintile) {
  OPTIONAL MATCH (r:Referral {service_id: sid})
  RETURN collect(r.status) AS referral_statuses,
         collect(CASE WHEN r.status IN $decided AND EXISTS {
                   (r)-[:FOR]->(p:Person)-[:LIVES_IN]->(a:Area)
                   WHERE (a.imd_decile + 1) / 2 = quintile
                     AND EXISTS { (p)-[:HAS_NEED]->(n:Need) WHERE n.code IN $needs } }
                 THEN r.status END) AS similar_statuses
}
RETURN sid AS id, m.facts AS facts, m.location_access AS derived_access,
       [p IN m.points | point.distance(p, here)] AS metres,
       CASE WHEN $vector IS NOT NULL AND m.embedding IS NOT NULL
            THEN vector.similarity.cosine(m.embedding, $vector) END AS similarity,
       referral_statuses, similar_statuses, home_msoa, home_lad
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
        "decided": DECIDED,
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


def _place(raw: dict[str, Any], metres: list[float], derived: dict[str, frozenset[str]]) -> Place:
    listed = raw.get("access")
    access = frozenset(listed) if listed is not None else derived.get(raw["id"])
    at = None if raw["pt"] is None else metres[raw["pt"]]
    return Place(raw["id"], bool(raw["virtual"]), at, access)


def _history(statuses: list[str]) -> History:
    accepted = sum(1 for s in statuses if s in ACCEPTED)
    return History(len(statuses), accepted, statuses.count("completed"))


def _sessions(raw: list[dict[str, Any]]) -> tuple[Session, ...]:
    ordered = sorted(raw, key=lambda x: str(sorted(x.items())))
    return tuple(
        session_from(x["byday"], x["opens_at"], x["closes_at"], x["description"]) for x in ordered
    )


def candidate_of(row: dict[str, Any]) -> Candidate:
    m = json.loads(row["facts"])
    derived = _derived_access(row["derived_access"])
    similarity = row.get("similarity")
    statuses = row["referral_statuses"]
    modified = m["last_modified"]
    return Candidate(
        id=row["id"],
        name=m["name"] or "",
        organisation_id=m["organisation_id"],
        organisation_name=m["organisation_name"] or "",
        needs=frozenset(m["needs"]),
        places=tuple(_place(p, row["metres"] or [], derived) for p in m["places"]),
        status=m["status"],
        kind=m["kind"],
        capacity_status=m["capacity_status"],
        capacity_available=m["capacity_available"],
        capacity_maximum=m["capacity_maximum"],
        min_age=m["min_age"],
        max_age=m["max_age"],
        gender=m["gender"],
        languages=frozenset(m["languages"]) or frozenset({"en"}),
        covers=frozenset(m["covers"]),
        sessions=_sessions(m["schedules"]),
        last_modified=None if modified is None else datetime.fromisoformat(modified),
        semantic=None if similarity is None else 2 * similarity - 1,
        referrals=len(statuses),
        completed=statuses.count("completed"),
        similar=_history(row["similar_statuses"]),
    )
