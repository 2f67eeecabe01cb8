"""`/services`, `/services/{id}`, `/taxonomy_terms`, `/taxonomy_terms/{id}`: ORUK pages and
fully nested objects.

Documents are stored as the JSON text that was validated on import and spliced into the
response as-is, so a service is returned exactly as it was published.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kith_directory.domain.pagination import BadPageRequest, page_info, parse_page_request
from kith_directory.domain.search import BadFilter, parse_filter
from kith_directory.queries.service_reads import page_of_services, service_by_id
from kith_directory.queries.taxonomy_reads import page_of_terms, term_by_id

JSON = "application/json"


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status)


def page_body(info: dict[str, object], documents: list[str]) -> str:
    envelope = json.dumps(info, separators=(",", ":"))
    return f'{envelope[:-1]},"contents":[{",".join(documents)}]}}'


class DirectoryRoutes:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    async def list_services(self, request: Request) -> Response:
        params = request.query_params
        try:
            page = parse_page_request(params.get("page"), params.get("per_page"))
            where = parse_filter(params)
        except (BadPageRequest, BadFilter) as exc:
            return error(400, "bad_request", str(exc))
        total, documents = await page_of_services(self.graph, where, page)
        info = asdict(page_info(total, page))
        return Response(page_body(info, documents), media_type=JSON)

    async def get_service(self, request: Request) -> Response:
        service_id = request.path_params["id"]
        document = await service_by_id(self.graph, service_id)
        if document is None:
            return error(404, "not_found", f"no service with id {service_id!r}")
        return Response(document, media_type=JSON)

    async def list_taxonomy_terms(self, request: Request) -> Response:
        params = request.query_params
        try:
            page = parse_page_request(params.get("page"), params.get("per_page"))
        except BadPageRequest as exc:
            return error(400, "bad_request", str(exc))
        total, documents = await page_of_terms(self.graph, page)
        return Response(page_body(asdict(page_info(total, page)), documents), media_type=JSON)

    async def get_taxonomy_term(self, request: Request) -> Response:
        term_id = request.path_params["id"]
        document = await term_by_id(self.graph, term_id)
        if document is None:
            return error(404, "not_found", f"no taxonomy term with id {term_id!r}")
        return Response(document, media_type=JSON)
