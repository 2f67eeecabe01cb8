"""`create_app`: the directory's public ORUK read API.

The app owns nothing it did not create: the `Graph` is passed in (and closed by whoever
opened it), so tests and `bootstrap` decide what runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kith_common.graph import Graph
from kith_common.web import RequestContextMiddleware, health_routes
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kith_directory.api.cors import AllowAnyOrigin
from kith_directory.api.services import DirectoryRoutes

ORUK_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/"


def meta_routes(openapi: Mapping[str, Any] | None) -> list[Route]:
    """`/` (the ORUK API information object) and `/openapi.json`."""

    async def api_info(request: Request) -> JSONResponse:
        openapi_url = str(request.url_for("openapi"))
        return JSONResponse(
            {"version": ORUK_VERSION, "profile": ORUK_PROFILE_URL, "openapi_url": openapi_url}
        )

    async def openapi_document(_: Request) -> JSONResponse:
        if openapi is None:
            return JSONResponse({"error": "not_found", "message": "no openapi document"}, 404)
        return JSONResponse(dict(openapi))

    return [
        Route("/", api_info, methods=["GET"]),
        Route("/openapi.json", openapi_document, methods=["GET"], name="openapi"),
    ]


def create_app(graph: Graph, *, openapi: Mapping[str, Any] | None = None) -> Starlette:
    """`openapi` is the ORUK openapi document served at `/openapi.json` (if given)."""
    directory = DirectoryRoutes(graph)
    routes = [
        *meta_routes(openapi),
        Route("/services", directory.list_services, methods=["GET"]),
        Route("/services/{id}", directory.get_service, methods=["GET"]),
        Route("/taxonomy_terms", directory.list_taxonomy_terms, methods=["GET"]),
        Route("/taxonomy_terms/{id}", directory.get_taxonomy_term, methods=["GET"]),
        *health_routes({"neo4j": graph.ping}),
    ]
    middleware = [
        Middleware(RequestContextMiddleware),
        Middleware(AllowAnyOrigin),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"]),
    ]
    return Starlette(routes=routes, middleware=middleware)
