"""Cypher for gap maps: each query reads one kind of fact for a whole geography at once.

Everything here returns aggregates or public facts (areas, services). The only per-person
rows read are the referral aggregates' inputs, which never leave Neo4j: the queries return
counts and day-lists per LSOA, never an id.
"""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from kith_referrals.tallies import ACCEPTED_STATES as _ACCEPTED

AREA_LEVEL = "MATCH (a:Area {code: $code}) RETURN a.level AS level, a.name AS name"

# The LSOAs of a geography, by one index seek: its LAD, its MSOA or its codes.
_AREA_FACTS = """
RETURN a {.code, .name, .imd_decile, .population, .adults, .aged_16_59, .aged_60_plus,
          .eth_white_british, .eth_irish, .eth_other_white, .eth_mixed, .eth_indian,
          .eth_pakistani, .eth_bangladeshi, .eth_chinese, .eth_other_asian, .eth_black_african,
          .eth_black_caribbean, .eth_other_black, .eth_arab, .eth_other,
          msoa: a.msoa_code, lad: a.lad_code,
          lat: a.point.latitude, lon: a.point.longitude} AS area
ORDER BY a.code
"""
SCOPE_OF_LAD = "MATCH (a:Area:LSOA {lad_code: $lad})" + _AREA_FACTS
SCOPE_OF_MSOA = "MATCH (a:Area:LSOA {msoa_code: $msoa})" + _AREA_FACTS
SCOPE_OF_CODES = "MATCH (a:Area:LSOA) WHERE a.code IN $codes" + _AREA_FACTS

RING = """
MATCH (a:Area:LSOA)
WHERE point.withinBBox(a.point, point({latitude: $south, longitude: $west}),
                                point({latitude: $north, longitude: $east}))
RETURN a.code AS code, a.msoa_code AS msoa, a.lad_code AS lad, a.population AS population,
       a.point.latitude AS lat, a.point.longitude AS lon
"""

_USABLE = """s.status = 'active' AND NOT coalesce(s.removed_from_feed, false)
  AND ($need IS NULL OR EXISTS { (s)-[:MEETS]->(:Need {code: $need}) })"""

SITES = f"""
MATCH (l:Location)
WHERE point.withinBBox(l.point, point({{latitude: $south, longitude: $west}}),
                                point({{latitude: $north, longitude: $east}}))
MATCH (s:Service)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l)
WHERE {_USABLE}
RETURN s.id AS service, s.capacity_status AS capacity, l.point.latitude AS lat,
       l.point.longitude AS lon, [(s)-[:COVERS]->(c:Area) | c.code] AS covers,
       COUNT {{ (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(x:Location)
               WHERE x.point IS NOT NULL }} AS sites
"""

# Online services reach everyone they cover (no COVERS: everyone).
ONLINE = f"""
MATCH (l:Location {{virtual: true}})<-[:AT]-(:ServiceAtLocation)<-[:AVAILABLE_AT]-(s:Service)
WHERE {_USABLE}
  AND (NOT EXISTS {{ (s)-[:COVERS]->() }}
       OR EXISTS {{ (s)-[:COVERS]->(c:Area) WHERE c.code IN $codes }})
RETURN DISTINCT s.id AS service, s.capacity_status AS capacity
"""

# A referral counts from when it was sent; first contact is the receiver accepting or starting
# it. These are the milestones its writers keep on it (kith_referrals.milestones), not a walk
# of its history: that walk was most of a report's cost at England scale. A referral without
# history has no milestones; then only its status and creation time are used.
REFERRAL_FACTS = """
WITH *, coalesce(r.sent_at, r.created_at) AS sent, r.first_contact_at AS contact_at,
     r.completed_at AS completed_at, r.rejection_reason AS why, r.status_changed_at AS last_at
"""

ACCEPTED_STATES = list(_ACCEPTED)

_REFERRALS_IN = """
UNWIND $codes AS code
MATCH (a:Area:LSOA {code: code})<-[:LIVES_IN]-(p:Person)<-[:FOR]-(r:Referral)
WHERE NOT r.status IN ['draft', 'entered-in-error']
  AND ($since IS NULL OR r.created_at >= $since)
  AND ($until IS NULL OR r.created_at < $until)
  AND ($org IS NULL OR r.from_organisation_id = $org)
  AND ($need IS NULL OR EXISTS { (r)-[:TO]->(:Service)-[:MEETS]->(:Need {code: $need}) })
"""

FRICTION = f"""
{_REFERRALS_IN}
{REFERRAL_FACTS}
RETURN code, count(r) AS referrals,
  count(CASE WHEN r.status IN $accepted THEN 1 END) AS accepted,
  count(CASE WHEN r.status = 'rejected' THEN 1 END) AS rejected,
  count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
  [w IN collect(CASE WHEN r.status = 'rejected' THEN coalesce(why, 'unspecified') END) | w]
    AS reasons,
  collect(duration.inSeconds(sent, contact_at).seconds / 86400.0) AS contact_days,
  collect(duration.inSeconds(sent, completed_at).seconds / 86400.0) AS completion_days
"""

# Per combination of the people's attributes: how many people, and what happened to their
# referrals. Waiting for first contact is censored at the end of a referral that stopped
# without contact, else at $now.
EQUITY_CUBE = f"""
{_REFERRALS_IN}
OPTIONAL MATCH (p)-[:SELF_DESCRIBED]->(e:EthnicityStatement)
{REFERRAL_FACTS}
WITH a, p, e, r, sent, contact_at, completed_at,
     CASE WHEN contact_at IS NOT NULL THEN contact_at
          WHEN r.status IN ['rejected', 'cancelled'] THEN coalesce(last_at, r.updated_at, $now)
          ELSE $now END AS waited_until
WITH a.imd_decile AS decile, e.group AS ethnicity, p.preferred_language AS language,
     p.age_band AS age_band, p, r, contact_at,
     duration.inSeconds(sent, contact_at).seconds / 86400.0 AS contact_days,
     duration.inSeconds(sent, waited_until).seconds / 86400.0 AS waited
RETURN decile, ethnicity, language, age_band, count(DISTINCT p) AS people,
  count(CASE WHEN r.status IN $accepted THEN 1 END) AS accepted,
  count(CASE WHEN r.status IN $accepted OR r.status = 'rejected' THEN 1 END) AS decided,
  count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
  count(contact_at) AS contacted,
  sum(CASE WHEN waited > 0 THEN waited ELSE 0.0 END) AS days_waiting,
  collect(contact_days) AS contact_days
"""

# How many people an organisation referred from each LSOA (its de facto catchment).
PEOPLE_BY_LSOA = f"""
{_REFERRALS_IN}
RETURN code, count(DISTINCT p) AS people
"""

# Organisations that referred anyone living in the geography (for per-organisation checks).
REFERRERS = f"""
{_REFERRALS_IN}
RETURN DISTINCT r.from_organisation_id AS org
"""

# The same facts for the whole history, all needs and all organisations, from the per-LSOA
# tallies every writer keeps (kith_referrals.tallies) instead of the referrals themselves.
FRICTION_TALLIED = """
UNWIND $codes AS code
MATCH (t:AreaTally {code: code}) WHERE t.referrals > 0
RETURN code, t.referrals AS referrals, t.accepted AS accepted, t.rejected AS rejected,
  t.completed AS completed, t.reasons AS reasons, t.contact_days AS contact_days,
  t.completion_days AS completion_days
"""

CUBE_TALLIED = """
UNWIND $codes AS code
MATCH (t:AreaTally {code: code}) WHERE size(t.cell_people) > 0
MATCH (a:Area:LSOA {code: code})
RETURN a.imd_decile AS decile, t {.cell_ethnicity, .cell_language, .cell_age_band,
  .cell_people, .cell_accepted, .cell_decided, .cell_completed, .cell_contacted,
  .cell_closed_days, .cell_open, .cell_open_sent, .cell_open_latest, .cell_contact_days,
  .cell_contact_count} AS tally
"""

UNMET = """
MATCH (u:UnmetNeed) WHERE u.area IN $codes AND ($need IS NULL OR u.need = $need)
  AND ($since IS NULL OR u.at >= $since) AND ($until IS NULL OR u.at < $until)
RETURN u.area AS code, coalesce(u.reason, 'unspecified') AS reason, count(u) AS n
"""

NEEDS = """
MATCH (n:Need) WHERE EXISTS { (:Service)-[:MEETS]->(n) }
RETURN n.code AS code, coalesce(n.name, n.code) AS name ORDER BY name
"""


async def rows(graph: Graph, query: str, **params: Any) -> list[dict[str, Any]]:
    """Every query here returns plain values (see the module's docstring)."""
    return await graph.query_values(query, **params)
