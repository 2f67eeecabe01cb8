"""The next-best service for a referral nobody acted on: a named Cypher query over the graph.

The gateway's matching domain scores a person's whole profile, which the router neither has
nor should read (it sees ids, not people). So the router asks a narrower question the graph
answers directly: an active service with open capacity that meets the same need(s) as the
one referred to, most needs in common first, then nearest to the person's home area
(the LSOA centre against the service's locations), never the current service nor one the
person already has an open referral to. Online-only services rank after located ones.
"""

from __future__ import annotations

from kith_referrals import TERMINAL
from neo4j import AsyncManagedTransaction

NEXT_BEST_SERVICE = """
MATCH (r:Referral {id: $referral_id})-[:TO]->(current:Service)
MATCH (r)-[:FOR]->(person:Person)
OPTIONAL MATCH (person)-[:LIVES_IN]->(home:Area)
MATCH (current)-[:MEETS]->(need:Need)<-[:MEETS]-(alt:Service)
WHERE alt <> current AND alt.status = 'active' AND alt.capacity_status = 'open'
  AND NOT EXISTS {
    MATCH (person)<-[:FOR]-(open:Referral)-[:TO]->(alt) WHERE NOT open.status IN $terminal
  }
WITH alt, home, count(DISTINCT need) AS shared
OPTIONAL MATCH (alt)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(place:Location)
WITH alt, shared, min(point.distance(place.point, home.point)) AS metres
RETURN alt.id AS service_id
ORDER BY shared DESC, metres IS NULL, metres, alt.id
LIMIT 1
"""


async def next_best_service(tx: AsyncManagedTransaction, referral_id: str) -> str | None:
    terminal = sorted(s.value for s in TERMINAL)
    found = await (
        await tx.run(NEXT_BEST_SERVICE, referral_id=referral_id, terminal=terminal)
    ).single()
    return None if found is None else str(found["service_id"])
