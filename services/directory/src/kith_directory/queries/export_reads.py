"""Read the whole directory for an HSDS export: every listed service's ORUK document (in id
order, a chunk at a time), every organisation, every taxonomy with its terms."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from kith_common.graph import Graph

CHUNK = 1_000

# Services a full feed import no longer lists are not part of the directory any more;
# duplicates across feeds are: each is its own publisher's record.
SERVICES_AFTER = """
MATCH (s:Service)
WHERE s.id > $after AND s.oruk_json IS NOT NULL AND NOT coalesce(s.removed_from_feed, false)
RETURN s.id AS id, s.oruk_json AS doc
ORDER BY s.id LIMIT $limit
"""

ORGANISATIONS = """
MATCH (o:Organisation)
RETURN o {.id, .name, .description, .oruk_json} AS org
ORDER BY o.id
"""

TAXONOMIES = """
MATCH (x:Taxonomy)
RETURN x {.id, .name, .description, .uri, .version} AS taxonomy,
       COLLECT {
         MATCH (t:TaxonomyTerm)-[:IN_TAXONOMY]->(x) WHERE t.oruk_json IS NOT NULL
         RETURN t.oruk_json ORDER BY t.id
       } AS terms
ORDER BY x.id
"""


async def service_documents(graph: Graph, chunk: int = CHUNK) -> AsyncIterator[list[str]]:
    """The listed services' ORUK documents as JSON text, `chunk` at a time."""
    after = ""
    while True:
        rows = await graph.query(SERVICES_AFTER, after=after, limit=chunk)
        if not rows:
            return
        yield [str(row["doc"]) for row in rows]
        after = rows[-1]["id"]


async def organisations(graph: Graph) -> list[dict[str, Any]]:
    return [row["org"] for row in await graph.query(ORGANISATIONS)]


async def taxonomies(graph: Graph) -> list[dict[str, Any]]:
    """[{"taxonomy": props, "terms": [term JSON text]}]."""
    return await graph.query(TAXONOMIES)


# Changes whenever an export's content can: every import rewrite and provider update bumps a
# service's version, removals stamp removed_at, and organisations and terms are counted.
FINGERPRINT = """
MATCH (s:Service)
WITH count(s) AS services, sum(coalesce(s.version, 0)) AS versions,
     count(s.removed_at) AS removed,
     max(toString(coalesce(s.last_modified, s.imported_at, ''))) AS latest
CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations }
CALL () { MATCH (t:TaxonomyTerm) RETURN count(t) AS terms }
RETURN [services, versions, removed, latest, organisations, terms] AS fingerprint
"""


async def fingerprint(graph: Graph) -> str:
    rows = await graph.query(FINGERPRINT)
    return repr(rows[0]["fingerprint"]) if rows else ""
