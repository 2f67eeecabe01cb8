"""Read services for the ORUK API: a filtered, ordered page and one service by id.

Services keep their validated ORUK document as `oruk_json`, so reads return it verbatim.
Services a full feed import no longer lists (`removed_from_feed`) are not served.
"""

from __future__ import annotations

from dataclasses import asdict

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_directory.domain.pagination import PageRequest
from kith_directory.domain.search import ServiceFilter

_ALL = "MATCH (s:Service)\n"
_SEARCH = "CALL db.index.fulltext.queryNodes('service_text', $search) YIELD node AS s\n"
_FILTER = """
WHERE NOT coalesce(s.removed_from_feed, false)
  AND ($modified_after IS NULL
       OR coalesce(s.last_modified, s.imported_at) >= $modified_after)
  AND ($taxonomy_term_id IS NULL
       OR EXISTS { (s)-[:MEETS|CLASSIFIED_AS]->(:TaxonomyTerm {id: $taxonomy_term_id}) })
  AND ($taxonomy_id IS NULL
       OR EXISTS { (s)-[:MEETS|CLASSIFIED_AS]->(:TaxonomyTerm)
                   -[:IN_TAXONOMY]->(:Taxonomy {id: $taxonomy_id}) })
  AND ($organization_id IS NULL OR s.organisation_id = $organization_id)
"""
_COUNT = "RETURN count(s) AS total"
_PAGE = "RETURN s.oruk_json AS doc ORDER BY s.name, s.id SKIP $skip LIMIT $limit"

COUNT_SERVICES = _ALL + _FILTER + _COUNT
PAGE_OF_SERVICES = _ALL + _FILTER + _PAGE
COUNT_SEARCHED_SERVICES = _SEARCH + _FILTER + _COUNT
PAGE_OF_SEARCHED_SERVICES = _SEARCH + _FILTER + _PAGE

SERVICE_BY_ID = """
MATCH (s:Service {id: $id})
WHERE NOT coalesce(s.removed_from_feed, false)
RETURN s.oruk_json AS doc
"""


async def page_of_services(
    graph: Graph, where: ServiceFilter, page: PageRequest
) -> tuple[int, list[str]]:
    """(total matching, this page's ORUK documents as JSON text), from one snapshot."""
    count, listing = (
        (COUNT_SEARCHED_SERVICES, PAGE_OF_SEARCHED_SERVICES)
        if where.search
        else (COUNT_SERVICES, PAGE_OF_SERVICES)
    )
    params = asdict(where)

    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[str]]:
        total = await (await tx.run(count, params)).single(strict=True)
        result = await tx.run(listing, params, skip=page.skip, limit=page.per_page)
        return int(total["total"]), [record["doc"] async for record in result]

    return await graph.read(work)


async def service_by_id(graph: Graph, service_id: str) -> str | None:
    rows = await graph.query(SERVICE_BY_ID, id=service_id)
    return str(rows[0]["doc"]) if rows else None
