"""Keep every service's MatchingProfile (embedding + derived facts) in step with the
directory; run after an import or on a timer. Unchanged listings are skipped by hash.

CLI: `kith-matching-refresh` (reads the usual NEO4J_* settings).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph
from kith_common.logging import configure_logging, get_logger
from kith_common.settings import Settings
from kith_gateway.matching.embeddings import (
    BATCH,
    Embedder,
    Listing,
    default_embedder,
    location_access,
    service_text,
)

log = get_logger(__name__)

LISTINGS = """
MATCH (s:Service)
WHERE s.id > $after
WITH s ORDER BY s.id LIMIT $limit
OPTIONAL MATCH (s)<-[:DESCRIBES]-(m:MatchingProfile)
RETURN s.id AS id, s.name AS name, s.description AS description, s.oruk_json AS oruk_json,
       [(s)-[:MEETS]->(n:Need) | coalesce(n.name, n.code)] AS needs, m.text_hash AS text_hash
"""

# setNodeVectorProperty stores 32-bit floats, as the vector index wants them.
WRITE_PROFILES = """
UNWIND $rows AS row
MATCH (s:Service {id: row.service_id})
MERGE (m:MatchingProfile {service_id: row.service_id})
SET m.text_hash = row.text_hash, m.model = $model, m.location_access = row.access,
    m.refreshed_at = datetime()
MERGE (m)-[:DESCRIBES]->(s)
WITH m, row
CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
"""

DROP_ORPHANS = """
MATCH (m:MatchingProfile)
WHERE NOT EXISTS { (m)-[:DESCRIBES]->(:Service) }
DETACH DELETE m
RETURN count(*) AS dropped
"""


@dataclass(frozen=True)
class Refreshed:
    embedded: int
    unchanged: int
    dropped: int
    seconds: float


def _listing(row: dict[str, Any]) -> Listing:
    text = service_text(row["name"] or "", row["description"], row["needs"])
    return Listing(row["id"], text, location_access(row["oruk_json"]))


async def _write(graph: Graph, embedder: Embedder, stale: list[tuple[Listing, str]]) -> None:
    vectors = await asyncio.to_thread(embedder.passages, [listing.text for listing, _ in stale])
    rows = [
        {"service_id": x.service_id, "text_hash": h, "access": x.access, "embedding": v}
        for (x, h), v in zip(stale, vectors, strict=True)
    ]
    await graph.execute(WRITE_PROFILES, rows=rows, model=embedder.model)


async def refresh_profiles(graph: Graph, embedder: Embedder, batch: int = BATCH) -> Refreshed:
    started = time.perf_counter()
    after, embedded, unchanged = "", 0, 0
    while True:
        rows = await graph.query(LISTINGS, after=after, limit=batch)
        if not rows:
            break
        after = rows[-1]["id"]
        stale = []
        for row in rows:
            listing = _listing(row)
            wanted = listing.fingerprint(embedder.model)
            if row["text_hash"] == wanted:
                unchanged += 1
            else:
                stale.append((listing, wanted))
        if stale:
            await _write(graph, embedder, stale)
            embedded += len(stale)
    dropped = (await graph.execute(DROP_ORPHANS))[0]["dropped"]
    done = Refreshed(embedded, unchanged, dropped, time.perf_counter() - started)
    log.info("matching_profiles_refreshed", **done.__dict__)
    return done


async def _main(settings: Settings) -> Refreshed:
    graph = Graph.from_settings(settings)
    try:
        return await refresh_profiles(graph, default_embedder())
    finally:
        await graph.close()


def main() -> None:
    settings = Settings.from_env()
    configure_logging("matching-refresh", settings.log_level)
    done = asyncio.run(_main(settings))
    print(f"embedded {done.embedded}, unchanged {done.unchanged}, dropped {done.dropped}")
