"""`create_app`: the directory's public ORUK read API.

The app owns nothing it did not create: the `Graph` is passed in (and closed by whoever
opened it), so tests and `bootstrap` decide what runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kith_common.graph import Graph
from kith_common.ratelimit import Quota, RateLimits
from kith_common.settings import Settings
from kith_common.web import edge_middleware, health_routes
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Lifespan, Receive, Scope, Send

from kith_directory.api.catalogue import CatalogueRoutes
from kith_directory.api.cors import AllowAnyOrigin
from kith_directory.api.exports import ExportRoutes
from kith_directory.api.responses import error
from kith_directory.api.services import ServiceRoutes
from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.queries.matching_backlog import matching_backlog

ORUK_VERSION = "3.0"
ORUK_PROFILE_URL = "https://openreferraluk.org/"
# Per replica (deploy/README.md): the read API is public and paged; a whole-directory export
# is the most expensive thing an anonymous caller can ask for, even cached.
DIRECTORY_LIMITS = RateLimits(
    anonymous=Quota(300), authenticated=Quota(600), paths=(("/export/", Quota(6)),)
)


def meta_routes(openapi: Mapping[str, Any] | None) -> list[Route]:
    """`/` (the ORUK API information object) and `/openapi.json`."""

    async def api_info(request: Request) -> JSONResponse:
        openapi_url = str(request.url_for("openapi"))
        return JSONResponse(
            {"version": ORUK_VERSION, "profile": ORUK_PROFILE_URL, "openapi_url": openapi_url}
        )

    async def openapi_document(_: Request) -> JSONResponse:
        if openapi is None:
            return error(404, "not_found", "no openapi document")
        return JSONResponse(dict(openapi))

    return [
        Route("/", api_info, methods=["GET"]),
        Route("/openapi.json", openapi_document, methods=["GET"], name="openapi"),
    ]


def status_route(graph: Graph) -> Route:
    """`/status`: how many listings semantic matching has not caught up with yet (imports
    never wait for embeddings; this is where the backlog shows)."""

    async def status(_: Request) -> JSONResponse:
        backlog = await matching_backlog(graph)
        oldest = backlog.oldest.isoformat() if backlog.oldest else None
        body = {"listed": backlog.listed,
                "matching": {"waiting": backlog.waiting, "oldest_waiting_since": oldest}}  # fmt: skip
        return JSONResponse(body)

    return Route("/status", status, methods=["GET"])


class TrailingSlash:
    """`/services/` is served as `/services` instead of being redirected: Starlette's redirect
    builds its absolute URL from the request's Host header, which the client chooses."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            scope = {**scope, "path": path.rstrip("/") or "/"}
        await self.app(scope, receive, send)


async def _http_error(_: Request, exc: Exception) -> Response:
    """Unknown paths and methods answer in the same JSON shape as every other error."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "error")
    response = error(status, code, str(exc.detail) if isinstance(exc, HTTPException) else code)
    if isinstance(exc, HTTPException) and exc.headers:
        response.headers.update(exc.headers)  # a 405's Allow header says what is allowed
    return response


def create_app(
    graph: Graph,
    *,
    openapi: Mapping[str, Any] | None = None,
    freshness: FreshnessPolicy | None = None,
    lifespan: Lifespan[Starlette] | None = None,
    settings: Settings | None = None,
) -> Starlette:
    """`openapi` is the document served at `/openapi.json` (if given); `settings` choose the
    environment's headers and quotas (without them: as for production)."""
    services = ServiceRoutes(graph, freshness or FreshnessPolicy())
    catalogue = CatalogueRoutes(graph)
    exports = ExportRoutes(graph)
    routes = [
        *meta_routes(openapi),
        status_route(graph),
        Route("/services", services.list_services, methods=["GET"]),
        Route("/services/{id}", services.get_service, methods=["GET"]),
        Route("/service_at_locations", services.list_service_at_locations, methods=["GET"]),
        Route("/service_at_locations/{id}", services.get_service_at_location, methods=["GET"]),
        Route("/organizations", catalogue.list_organisations, methods=["GET"]),
        Route("/organizations/{id}", catalogue.get_organisation, methods=["GET"]),
        Route("/taxonomies", catalogue.list_taxonomies, methods=["GET"]),
        Route("/taxonomies/{id}", catalogue.get_taxonomy, methods=["GET"]),
        Route("/taxonomy_terms", catalogue.list_taxonomy_terms, methods=["GET"]),
        Route("/taxonomy_terms/{id}", catalogue.get_taxonomy_term, methods=["GET"]),
        Route("/export/hsds.json", exports.hsds_json, methods=["GET"]),
        Route("/export/hsds-datapackage.zip", exports.hsds_datapackage, methods=["GET"]),
        *health_routes({"neo4j": graph.ping}),
    ]
    middleware = [
        *edge_middleware(settings or Settings(), DIRECTORY_LIMITS),
        Middleware(TrailingSlash),
        Middleware(AllowAnyOrigin),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"]),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    return app
