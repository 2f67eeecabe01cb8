"""Read taxonomy terms for the ORUK API, as the JSON they were imported with."""

from __future__ import annotations

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_directory.domain.pagination import PageRequest

COUNT_TERMS = "MATCH (t:TaxonomyTerm) WHERE t.oruk_json IS NOT NULL RETURN count(t) AS total"
PAGE_OF_TERMS = """
MATCH (t:TaxonomyTerm) WHERE t.oruk_json IS NOT NULL
RETURN t.oruk_json AS doc ORDER BY t.name, t.id SKIP $skip LIMIT $limit
"""
TERM_BY_ID = "MATCH (t:TaxonomyTerm {id: $id}) RETURN t.oruk_json AS doc"


async def page_of_terms(graph: Graph, page: PageRequest) -> tuple[int, list[str]]:
    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[str]]:
        total = await (await tx.run(COUNT_TERMS)).single(strict=True)
        result = await tx.run(PAGE_OF_TERMS, skip=page.skip, limit=page.per_page)
        return int(total["total"]), [record["doc"] async for record in result]

    return await graph.read(work)


async def term_by_id(graph: Graph, term_id: str) -> str | None:
    rows = await graph.query(TERM_BY_ID, id=term_id)
    return str(rows[0]["doc"]) if rows and rows[0]["doc"] else None
