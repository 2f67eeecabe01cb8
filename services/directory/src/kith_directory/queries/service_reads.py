"""Read services and service-at-locations for the ORUK API: filtered, ordered pages and one
record by id.

Services keep their validated ORUK document as `oruk_json`, so reads return it verbatim.
Services a full feed import no longer lists (`removed_from_feed`) are not served.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_directory.domain.pagination import PageRequest
from kith_directory.domain.search import ServiceFilter
from kith_directory.queries.listing import listing
from kith_directory.queries.places import Place

SERVICE_BY_ID = """
MATCH (s:Service {id: $id})
WHERE NOT coalesce(s.removed_from_feed, false)
RETURN s.oruk_json AS doc, s.feed_id AS feed_id, s.source_id AS source_id,
       toString(s.imported_at) AS imported_at, s.field_sources AS field_sources
"""

SAL_BY_ID = """
MATCH (s:Service)-[:AVAILABLE_AT]->(sal:ServiceAtLocation {id: $id})
WHERE NOT coalesce(s.removed_from_feed, false)
RETURN s.oruk_json AS doc
"""


@dataclass(frozen=True)
class ListingContext:
    """What a listing needs besides the request's filters."""

    place: Place | None
    stale_before: datetime


def _params(where: ServiceFilter, context: ListingContext) -> dict[str, Any]:
    params = asdict(where)
    place = context.place
    params.update(
        lat=place.latitude if place else None,
        lon=place.longitude if place else None,
        area_codes=place.area_codes if place else [],
        lad_code=place.lad_code if place else None,
        stale_before=context.stale_before,
    )
    return params


async def _page(
    graph: Graph, where: ServiceFilter, page: PageRequest, context: ListingContext, sal: bool
) -> tuple[int, list[dict[str, Any]]]:
    queries = listing(where, sal=sal)
    params = _params(where, context)

    async def work(tx: AsyncManagedTransaction) -> tuple[int, list[dict[str, Any]]]:
        total = await (await tx.run(queries.count, params)).single(strict=True)
        result = await tx.run(queries.page, params, skip=page.skip, limit=page.per_page)
        return int(total["total"]), [record.data() async for record in result]

    return await graph.read(work)


async def page_of_services(
    graph: Graph, where: ServiceFilter, page: PageRequest, context: ListingContext
) -> tuple[int, list[str]]:
    """(total matching, this page's ORUK documents as JSON text), from one snapshot."""
    total, rows = await _page(graph, where, page, context, sal=False)
    return total, [row["doc"] for row in rows]


async def page_of_service_at_locations(
    graph: Graph, where: ServiceFilter, page: PageRequest, context: ListingContext
) -> tuple[int, list[tuple[str, str]]]:
    """(total matching, this page's (service-at-location id, service document JSON))."""
    total, rows = await _page(graph, where, page, context, sal=True)
    return total, [(row["id"], row["doc"]) for row in rows]


async def service_by_id(graph: Graph, service_id: str) -> str | None:
    """The stored document with `kith_provenance`: its feed, the feed's own id for it, when
    it was imported, and which feed (and when) gave each field."""
    rows = await graph.query(SERVICE_BY_ID, id=service_id)
    if not rows:
        return None
    row = rows[0]
    provenance = {
        "feed_id": row["feed_id"],
        "source_id": row["source_id"],
        "imported_at": row["imported_at"],
        "fields": json.loads(row["field_sources"]) if row["field_sources"] else {},
    }
    document = str(row["doc"]).rstrip()
    spliced = json.dumps(provenance, separators=(",", ":"), ensure_ascii=False)
    return f'{document[:-1]},"kith_provenance":{spliced}}}'  # the stored text, unparsed


async def service_of_sal(graph: Graph, sal_id: str) -> str | None:
    """The ORUK document of the service a service-at-location belongs to."""
    rows = await graph.query(SAL_BY_ID, id=sal_id)
    return str(rows[0]["doc"]) if rows else None
