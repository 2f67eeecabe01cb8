"""`/services`, `/services/{id}`, `/service_at_locations`, `/service_at_locations/{id}`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response

from kith_directory.api.responses import (
    bad_request,
    document_response,
    encode,
    not_found,
    page_response,
    unknown_postcode,
)
from kith_directory.domain.documents import service_at_location_full, service_at_location_item
from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.domain.pagination import BadPageRequest, PageRequest, parse_page_request
from kith_directory.domain.search import BadFilter, ServiceFilter, parse_filter
from kith_directory.queries.places import place_postcode
from kith_directory.queries.service_reads import (
    ListingContext,
    page_of_service_at_locations,
    page_of_services,
    service_by_id,
    service_of_sal,
)

Clock = Callable[[], datetime]


def _now() -> datetime:
    return datetime.now(UTC)


class ServiceRoutes:
    def __init__(self, graph: Graph, freshness: FreshnessPolicy, clock: Clock = _now) -> None:
        self.graph = graph
        self.freshness = freshness
        self.clock = clock

    async def _request(
        self, request: Request
    ) -> tuple[PageRequest, ServiceFilter, ListingContext] | Response:
        params = request.query_params
        try:
            page = parse_page_request(params.get("page"), params.get("per_page"))
            where = parse_filter(params)
        except (BadPageRequest, BadFilter) as exc:
            return bad_request(str(exc))
        place = None
        if where.postcode is not None:
            place = await place_postcode(self.graph, where.postcode)
            if place is None:
                return unknown_postcode(where.postcode)
        stale_before = self.freshness.stale_before(self.clock())
        return page, where, ListingContext(place, stale_before)

    async def list_services(self, request: Request) -> Response:
        parsed = await self._request(request)
        if isinstance(parsed, Response):
            return parsed
        page, where, context = parsed
        total, documents = await page_of_services(self.graph, where, page, context)
        return page_response(total, page, documents)

    async def get_service(self, request: Request) -> Response:
        service_id = request.path_params["id"]
        document = await service_by_id(self.graph, service_id)
        if document is None:
            return not_found("service", service_id)
        return document_response(document)

    async def list_service_at_locations(self, request: Request) -> Response:
        parsed = await self._request(request)
        if isinstance(parsed, Response):
            return parsed
        page, where, context = parsed
        total, rows = await page_of_service_at_locations(self.graph, where, page, context)
        items = [service_at_location_item(json.loads(doc), sal_id) for sal_id, doc in rows]
        return page_response(total, page, [encode(item) for item in items if item])

    async def get_service_at_location(self, request: Request) -> Response:
        sal_id = request.path_params["id"]
        document = await service_of_sal(self.graph, sal_id)
        full = service_at_location_full(json.loads(document), sal_id) if document else None
        if full is None:
            return not_found("service_at_location", sal_id)
        return document_response(encode(full))
