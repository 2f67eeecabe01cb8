"""The gateway's HTTP edge: GraphQL at /graphql plus health routes. Thin by design.

Outside local development there is no GraphiQL and no introspection; GraphiQL is never served,
because strawberry's page loads its scripts from a CDN (use a desktop client against a local
stack instead)."""

from __future__ import annotations

from collections.abc import Mapping

import orjson
from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from kith_common.ratelimit import Quota, RateLimits
from kith_common.settings import Settings
from kith_common.web import ReadinessCheck, edge_middleware, health_routes
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Lifespan
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.schema import Schema
from strawberry.types.unset import UnsetType

from kith_gateway.config import GatewayConfig
from kith_gateway.context import Context
from kith_gateway.fhir.routes import fhir_routes
from kith_gateway.http_edge import GraphQLEdge, principal_of
from kith_gateway.insights.routes import insights_routes
from kith_gateway.meetings.minutes import meeting_routes
from kith_gateway.notifications.inbox import authorise_connection
from kith_gateway.public.addresses import client_address
from kith_gateway.schema import build_schema
from kith_gateway.unavailable import RETRY_AFTER_SECONDS, refused_entirely


class KithGraphQL(GraphQL[Context, None]):
    def __init__(
        self, schema: Schema, graph: Graph, verifier: JwksVerifier, config: GatewayConfig
    ) -> None:
        super().__init__(schema, graphql_ide=None)
        self.graph = graph
        self.verifier = verifier
        self.config = config

    def encode_json(self, data: object) -> bytes:
        """Responses encoded by orjson: the standard library's encoder was a visible share of
        a small query's CPU (#21)."""
        return orjson.dumps(data)

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """A request that failed only because the database is away is a 503 a client (or a
        proxy) knows to retry, with the typed error in the body."""
        response = super().create_response(response_data, sub_response)
        if refused_entirely(response_data):
            response.status_code = 503
            response.headers["retry-after"] = str(RETRY_AFTER_SECONDS)
        return response

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        """HTTP callers were authenticated by `GraphQLEdge`; WebSocket ones authenticate in
        connection_init (`on_ws_connect`)."""
        address = client_address(request, self.config.public.trusted_proxies)
        principal = principal_of(request.scope)
        return Context(self.graph, principal, None, config=self.config, client_address=address)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await authorise_connection(context, self.verifier)  # the token in connection_init
        return await super().on_ws_connect(context)


# Per replica (deploy/README.md). Anonymous callers can only search the directory; a partner's
# token gets ten times as much; a handful of failed tokens per address per minute is plenty.
GATEWAY_LIMITS = RateLimits(anonymous=Quota(60), authenticated=Quota(600), failed_auth=Quota(10))


def create_app(
    graph: Graph,
    verifier: JwksVerifier,
    checks: Mapping[str, ReadinessCheck],
    lifespan: Lifespan[Starlette] | None = None,
    config: GatewayConfig | None = None,
    *,
    settings: Settings | None = None,
) -> Starlette:
    """`settings` decide the environment (introspection only in local development) and the
    quotas; without them the app is configured as for production."""
    config = config or GatewayConfig.defaults()
    settings = settings or Settings()
    schema = build_schema(introspection=settings.is_local)
    graphql = KithGraphQL(schema, graph, verifier, config)
    return Starlette(
        routes=[
            Route("/graphql", GraphQLEdge(graphql, verifier), methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *insights_routes(graph, verifier, config.insights),
            *meeting_routes(graph, verifier),
            *fhir_routes(graph, verifier),
            *health_routes(checks),
        ],
        middleware=edge_middleware(settings, GATEWAY_LIMITS),
        lifespan=lifespan,
    )
