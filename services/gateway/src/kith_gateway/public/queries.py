"""The public search's Cypher: conditions added to the directory search (`directory/queries`)
and the reads behind a result card and a service page. Public listings only: the same
`LISTED` rule as the directory search, and nothing about people."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph

from kith_gateway.directory.queries import LISTED

WOMEN_ONLY = "s.eligibility_gender = 'female'"
STEP_FREE = """EXISTS { (s)<-[:DESCRIBES]-(m:MatchingProfile)
  WHERE any(a IN coalesce(m.location_access, [])
            WHERE a CONTAINS ' step-free' OR a CONTAINS ' wheelchair') }"""
FREE = "EXISTS { (s)<-[:DESCRIBES]-(m:MatchingProfile) WHERE m.free_of_charge = true }"
# A day without a time: any session that day (weekly, or a monthly rule on that weekday).
ON_DAY = """EXISTS { (s)-[:AVAILABLE_AT*0..1]->()-[:HAS_SCHEDULE]->(x:Schedule)
  WHERE $day IN coalesce(x.days, []) OR $day IN coalesce(x.plain_days, [])
     OR any(o IN coalesce(x.ordinal_days, []) WHERE o ENDS WITH $day) }"""

_DETAIL = (
    """
MATCH (o:Organisation)-[:PROVIDES]->(s:Service)
WHERE s.id IN $ids AND """
    + LISTED
    + """
OPTIONAL MATCH (s)<-[:DESCRIBES]-(m:MatchingProfile)
RETURN s.id AS id, s.name AS name, s.description AS description, o.name AS organisation,
       o.website AS organisation_website, s.oruk_json AS oruk_json,
       coalesce(s.self_referral, false) AS self_referral, s.eligibility_gender AS gender,
       s.minimum_age AS min_age, s.maximum_age AS max_age, s.fees AS fees,
       coalesce(s.verified_at, s.created_at) AS verified_at,
       s.capacity_status AS capacity_status, m.free_of_charge AS free_of_charge,
       coalesce(m.location_access, []) AS access,
       COLLECT { MATCH (s)-[:MEETS]->(n:Need) RETURN n {.code, .name} ORDER BY n.code } AS needs,
       COLLECT { MATCH (s)-[:SPEAKS]->(g:Language) RETURN g {.code, .name} ORDER BY g.code }
         AS languages
"""
)


async def listings(graph: Graph, ids: list[str]) -> dict[str, dict[str, Any]]:
    """What cards and service pages show, by service id (unlisted ids are absent)."""
    rows = await graph.query(_DETAIL, ids=ids)
    return {row["id"]: row for row in rows}
