"""Keep every service's MatchingProfile (embedding + derived facts) in step with the
directory; run after an import or on a timer. Unchanged listings are skipped by hash.

CLI (wired in bootstrap.py): `kith-matching-refresh` refreshes everything once;
`kith-matching-refresh --follow` keeps profiles fresh from directory events (follow.py).
The facts matching filters on are precomputed here (facts.py); see the package README.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph
from kith_common.logging import get_logger
from kith_gateway.matching.embeddings import (
    BATCH,
    Embedder,
    Listing,
    location_access,
    service_text,
)
from kith_gateway.matching.facts import (
    DROP_SERVICES,
    SERVICES_AFTER,
    SERVICES_BY_ID,
    WRITE_FACTS,
    facts_row,
)
from neo4j import AsyncManagedTransaction

log = get_logger(__name__)

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

# The version of each service its profile is now up to date with: the directory's backlog
# of listings waiting for matching (kith_directory.queries.matching_backlog) reads it.
MARK_CURRENT = """
UNWIND $rows AS row
MATCH (m:MatchingProfile {service_id: row.id})
SET m.service_version = row.version
"""

DROP_ORPHANS = """
MATCH (m:MatchingProfile)
WHERE NOT EXISTS { (m)-[:DESCRIBES]->(:Service) }
CALL (m) {
  MATCH (mp:MatchingPlace {service_id: m.service_id})
  DELETE mp
}
DETACH DELETE m
RETURN count(*) AS dropped
"""


@dataclass(frozen=True)
class Refreshed:
    embedded: int
    unchanged: int
    dropped: int
    seconds: float
    facts: int = 0  # profiles whose precomputed facts were (re)written


def _listing(row: dict[str, Any]) -> Listing:
    text = service_text(row["name"] or "", row["description"], row["need_names"])
    return Listing(row["id"], text, location_access(row["oruk_json"]))


async def _embedded(embedder: Embedder, stale: list[tuple[Listing, str]]) -> list[dict[str, Any]]:
    vectors = await asyncio.to_thread(embedder.passages, [listing.text for listing, _ in stale])
    return [
        {"service_id": x.service_id, "text_hash": h, "access": x.access, "embedding": v}
        for (x, h), v in zip(stale, vectors, strict=True)
    ]


async def refresh_rows(
    graph: Graph, embedder: Embedder, rows: list[dict[str, Any]]
) -> tuple[int, int]:
    """Rewrite the facts that changed, re-embed the listings whose text changed; returns
    (facts written, listings embedded). Recomputed from the graph, so repeating is harmless.
    The model runs first and the writes share one transaction: a reader never sees new
    facts with an old embedding, nor the service counted as caught up before it is."""
    changed = [f for f in map(facts_row, rows) if f is not None]
    stale = []
    for row in rows:
        listing = _listing(row)
        wanted = listing.fingerprint(embedder.model)
        if row["text_hash"] != wanted:
            stale.append((listing, wanted))
    embedded = await _embedded(embedder, stale) if stale else []

    current = [
        {"id": row["id"], "version": row["service_version"]}
        for row in rows
        if row["service_version_seen"] != row["service_version"]
    ]

    async def work(tx: AsyncManagedTransaction) -> None:
        if changed:
            await (await tx.run(WRITE_FACTS, rows=changed)).consume()
        if embedded:
            await (await tx.run(WRITE_PROFILES, rows=embedded, model=embedder.model)).consume()
        if current:
            await (await tx.run(MARK_CURRENT, rows=current)).consume()

    if changed or embedded or current:
        await graph.write(work)
    return len(changed), len(stale)


async def refresh_services(graph: Graph, embedder: Embedder, ids: list[str]) -> Refreshed:
    """Bring these services' profiles up to date (what the follower does per event)."""
    started = time.perf_counter()
    rows = await graph.query(SERVICES_BY_ID, ids=ids)
    gone = sorted(set(ids) - {row["id"] for row in rows})
    if gone:
        await graph.execute(DROP_SERVICES, ids=gone)
    facts, embedded = await refresh_rows(graph, embedder, rows)
    seconds = time.perf_counter() - started
    return Refreshed(embedded, len(rows) - embedded, len(gone), seconds, facts)


async def refresh_profiles(graph: Graph, embedder: Embedder, batch: int = BATCH) -> Refreshed:
    started = time.perf_counter()
    after, embedded, seen, facts = "", 0, 0, 0
    while True:
        rows = await graph.query(SERVICES_AFTER, after=after, limit=batch)
        if not rows:
            break
        after = rows[-1]["id"]
        written, new = await refresh_rows(graph, embedder, rows)
        seen, facts, embedded = seen + len(rows), facts + written, embedded + new
    dropped = (await graph.execute(DROP_ORPHANS))[0]["dropped"]
    done = Refreshed(embedded, seen - embedded, dropped, time.perf_counter() - started, facts)
    log.info("matching_profiles_refreshed", **done.__dict__)
    return done
