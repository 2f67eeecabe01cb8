"""Read organisations for the ORUK API: a page in name order, and one with its services."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_directory.domain.pagination import PageRequest

_MATCH = """
MATCH (o:Organisation)
WHERE $search IS NULL OR toLower(o.name) CONTAINS $search
"""
COUNT_ORGANISATIONS = _MATCH + "RETURN count(o) AS total"
PAGE_OF_ORGANISATIONS = (
    _MATCH
    + """RETURN o {.id, .name, .description, .oruk_json} AS org
ORDER BY o.name, o.id SKIP $skip LIMIT $limit"""
)

ORGANISATION_WITH_SERVICES = """
MATCH (o:Organisation {id: $id})
RETURN o {.id, .name, .description, .oruk_json} AS org,
       COLLECT {
         MATCH (o)-[:PROVIDES]->(s:Service)
         WHERE NOT coalesce(s.removed_from_feed, false)
         RETURN s.oruk_json ORDER BY s.name, s.id
       } AS services
"""


async def page_of_organisations(
    graph: Graph, search: str | None, page: PageRequest
) -> tuple[int, list[dict[str, Any]]]:
    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[dict[str, Any]]]:
        total = await (await tx.run(COUNT_ORGANISATIONS, search=search)).single(strict=True)
        result = await tx.run(
            PAGE_OF_ORGANISATIONS, search=search, skip=page.skip, limit=page.per_page
        )
        return int(total["total"]), [record["org"] async for record in result]

    return await graph.read(work)


async def organisation_by_id(graph: Graph, org_id: str) -> dict[str, Any] | None:
    """{"org": props, "services": [service JSON text]} or None."""
    rows = await graph.query(ORGANISATION_WITH_SERVICES, id=org_id)
    return rows[0] if rows else None
