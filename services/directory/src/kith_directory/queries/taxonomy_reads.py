"""Read taxonomies and taxonomy terms for the ORUK API. Terms are served as the JSON they
were imported with; taxonomies are assembled from what feeds said of them."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_directory.domain.pagination import PageRequest

_TERMS = """
MATCH (t:TaxonomyTerm) WHERE t.oruk_json IS NOT NULL
  AND ($taxonomy_id IS NULL OR t.taxonomy_id = $taxonomy_id)
"""
COUNT_TERMS = _TERMS + "RETURN count(t) AS total"
PAGE_OF_TERMS = _TERMS + "RETURN t.oruk_json AS doc ORDER BY t.name, t.id SKIP $skip LIMIT $limit"
TERM_BY_ID = "MATCH (t:TaxonomyTerm {id: $id}) RETURN t.oruk_json AS doc"

COUNT_TAXONOMIES = "MATCH (x:Taxonomy) RETURN count(x) AS total"
PAGE_OF_TAXONOMIES = """
MATCH (x:Taxonomy)
RETURN x {.id, .name, .description, .uri, .version} AS taxonomy
ORDER BY x.name, x.id SKIP $skip LIMIT $limit
"""
TAXONOMY_BY_ID = """
MATCH (x:Taxonomy {id: $id})
RETURN x {.id, .name, .description, .uri, .version} AS taxonomy,
       COLLECT {
         MATCH (t:TaxonomyTerm)-[:IN_TAXONOMY]->(x) WHERE t.oruk_json IS NOT NULL
         RETURN t.oruk_json ORDER BY t.name, t.id
       } AS terms
"""


async def _page(
    graph: Graph, count: str, page_query: str, page: PageRequest, **params: Any
) -> tuple[int, list[Any]]:
    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[Any]]:
        total = await (await tx.run(count, params)).single(strict=True)
        result = await tx.run(page_query, params, skip=page.skip, limit=page.per_page)
        return int(total["total"]), [record[0] async for record in result]

    return await graph.read(work)


async def page_of_terms(
    graph: Graph, page: PageRequest, taxonomy_id: str | None = None
) -> tuple[int, list[str]]:
    return await _page(graph, COUNT_TERMS, PAGE_OF_TERMS, page, taxonomy_id=taxonomy_id)


async def term_by_id(graph: Graph, term_id: str) -> str | None:
    rows = await graph.query(TERM_BY_ID, id=term_id)
    return str(rows[0]["doc"]) if rows and rows[0]["doc"] else None


async def page_of_taxonomies(graph: Graph, page: PageRequest) -> tuple[int, list[dict[str, Any]]]:
    return await _page(graph, COUNT_TAXONOMIES, PAGE_OF_TAXONOMIES, page)


async def taxonomy_by_id(graph: Graph, taxonomy_id: str) -> dict[str, Any] | None:
    """{"taxonomy": props, "terms": [term JSON text]} or None."""
    rows = await graph.query(TAXONOMY_BY_ID, id=taxonomy_id)
    return rows[0] if rows else None
