"""Read what the de-duplicator compares, and write its `SAME_AS` links.

`(:Service)-[:SAME_AS {score, signals, status, detected_at}]->(:Service)` points from the
later listing to the one readers keep seeing. `status`: `auto` (readers see one service),
`suggested` (a system lead is asked), `confirmed` or `split` (a lead decided; the detector
never changes those).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

LOAD_FINGERPRINTS = """
MATCH (o:Organisation)-[:PROVIDES]->(s:Service)
WHERE NOT coalesce(s.removed_from_feed, false)
RETURN s.id AS id, s.feed_id AS feed_id, s.name AS name,
       coalesce(o.identifiers, []) AS org_identifiers,
       coalesce(s.match_phones, []) AS phones, coalesce(s.match_emails, []) AS emails,
       coalesce(s.match_webs, []) AS webs, coalesce(s.match_postcodes, []) AS postcodes,
       COLLECT { MATCH (s)-[:AVAILABLE_AT]->(:ServiceAtLocation)-[:AT]->(l:Location)
                 WHERE l.point IS NOT NULL
                 RETURN [l.point.latitude, l.point.longitude] } AS points,
       toString(s.created_at) AS created
"""

UPSERT_LINKS = """
UNWIND $rows AS row
MATCH (a:Service {id: row.duplicate}), (b:Service {id: row.canonical})
WHERE NOT EXISTS { (a)-[x:SAME_AS]-(b) WHERE x.status IN ['confirmed', 'split'] }
MERGE (a)-[r:SAME_AS]->(b)
SET r.score = row.score, r.signals = row.signals, r.status = row.status, r.detected_at = $now
"""

DROP_UNSUPPORTED = """
MATCH (a:Service)-[r:SAME_AS]->(b:Service)
WHERE r.status IN ['auto', 'suggested'] AND NOT (a.id + '>' + b.id) IN $keep
DELETE r
RETURN count(r) AS dropped
"""


async def load_fingerprints(graph: Graph) -> list[dict[str, Any]]:
    return await graph.query(LOAD_FINGERPRINTS)


async def write_links(
    tx: AsyncManagedTransaction, rows: list[dict[str, Any]], now: datetime
) -> int:
    if rows:
        await (await tx.run(UPSERT_LINKS, rows=rows, now=now)).consume()
    keep = [f"{row['duplicate']}>{row['canonical']}" for row in rows]
    record = await (await tx.run(DROP_UNSUPPORTED, keep=keep)).single(strict=True)
    return int(record["dropped"])
