"""`/organizations[/{id}]`, `/taxonomies[/{id}]`, `/taxonomy_terms[/{id}]`."""

from __future__ import annotations

import json

from kith_common.graph import Graph
from starlette.requests import Request
from starlette.responses import Response

from kith_directory.api.responses import (
    bad_request,
    document_response,
    encode,
    not_found,
    page_response,
)
from kith_directory.domain.documents import (
    organisation_document,
    organisation_full,
    taxonomy_document,
)
from kith_directory.domain.pagination import BadPageRequest, PageRequest, parse_page_request
from kith_directory.domain.search import MAX_SEARCH_CHARS
from kith_directory.queries.organisation_reads import organisation_by_id, page_of_organisations
from kith_directory.queries.taxonomy_reads import (
    page_of_taxonomies,
    page_of_terms,
    taxonomy_by_id,
    term_by_id,
)

_BOOLEANS = {"true": True, "false": False}


class BadParameter(ValueError):
    pass


def _page(request: Request) -> PageRequest:
    params = request.query_params
    try:
        return parse_page_request(params.get("page"), params.get("per_page"))
    except BadPageRequest as exc:
        raise BadParameter(str(exc)) from None


def _flag(request: Request, name: str) -> bool:
    raw = request.query_params.get(name, "false")
    if raw not in _BOOLEANS:
        raise BadParameter(f"{name} must be true or false, got {raw!r}")
    return _BOOLEANS[raw]


def _text(request: Request, name: str) -> str | None:
    return request.query_params.get(name, "").strip() or None


class CatalogueRoutes:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    async def list_organisations(self, request: Request) -> Response:
        try:
            page = _page(request)
        except BadParameter as exc:
            return bad_request(str(exc))
        search = _text(request, "search")
        if search is not None and len(search) > MAX_SEARCH_CHARS:
            return bad_request(f"search must be at most {MAX_SEARCH_CHARS} characters")
        total, rows = await page_of_organisations(
            self.graph, search.lower() if search else None, page
        )
        documents = [encode(_organisation(row)) for row in rows]
        return page_response(total, page, documents)

    async def get_organisation(self, request: Request) -> Response:
        org_id = request.path_params["id"]
        try:
            full = _flag(request, "full_service")
        except BadParameter as exc:
            return bad_request(str(exc))
        found = await organisation_by_id(self.graph, org_id)
        if found is None:
            return not_found("organization", org_id)
        services = [json.loads(doc) for doc in found["services"]]
        document = organisation_full(_organisation(found["org"]), services, full)
        return document_response(encode(document))

    async def list_taxonomies(self, request: Request) -> Response:
        try:
            page = _page(request)
        except BadParameter as exc:
            return bad_request(str(exc))
        total, rows = await page_of_taxonomies(self.graph, page)
        return page_response(total, page, [encode(taxonomy_document(row)) for row in rows])

    async def get_taxonomy(self, request: Request) -> Response:
        taxonomy_id = request.path_params["id"]
        found = await taxonomy_by_id(self.graph, taxonomy_id)
        if found is None:
            return not_found("taxonomy", taxonomy_id)
        terms = [json.loads(doc) for doc in found["terms"]]
        document = taxonomy_document(found["taxonomy"]) | {"taxonomy_terms": terms}
        return document_response(encode(document))

    async def list_taxonomy_terms(self, request: Request) -> Response:
        try:
            page = _page(request)
        except BadParameter as exc:
            return bad_request(str(exc))
        taxonomy_id = _text(request, "taxonomy_id")
        total, documents = await page_of_terms(self.graph, page, taxonomy_id)
        return page_response(total, page, documents)

    async def get_taxonomy_term(self, request: Request) -> Response:
        term_id = request.path_params["id"]
        document = await term_by_id(self.graph, term_id)
        if document is None:
            return not_found("taxonomy term", term_id)
        return document_response(document)


def _organisation(row: dict[str, object]) -> dict[str, object]:
    stored = row.get("oruk_json")
    return organisation_document(json.loads(stored) if isinstance(stored, str) else None, row)
