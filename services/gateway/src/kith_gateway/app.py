"""The gateway's HTTP edge: GraphQL at /graphql plus health routes. Thin by design."""

from __future__ import annotations

from collections.abc import Mapping

from kith_common.auth import AuthError, JwksVerifier, bearer_token
from kith_common.graph import Graph
from kith_common.web import ReadinessCheck, RequestContextMiddleware, health_routes
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.types import Lifespan
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.schema import Schema
from strawberry.types.unset import UnsetType

from kith_gateway.context import Context
from kith_gateway.fhir.routes import fhir_routes
from kith_gateway.insights.routes import insights_routes
from kith_gateway.meetings.routes import meeting_routes
from kith_gateway.notifications.inbox import authorise_connection
from kith_gateway.public.addresses import client_address
from kith_gateway.schema import build_schema


class KithGraphQL(GraphQL[Context, None]):
    def __init__(self, schema: Schema, graph: Graph, verifier: JwksVerifier) -> None:
        super().__init__(schema)
        self.graph = graph
        self.verifier = verifier

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        token = bearer_token(request.headers.get("authorization"))
        address = client_address(request)
        if token is None:
            return Context(self.graph, None, None, client_address=address)
        try:
            return Context(
                self.graph, await self.verifier.verify(token), None, client_address=address
            )
        except AuthError as exc:
            return Context(self.graph, None, exc.message, client_address=address)

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        await authorise_connection(context, self.verifier)  # the token in connection_init
        return await super().on_ws_connect(context)


def create_app(
    graph: Graph,
    verifier: JwksVerifier,
    checks: Mapping[str, ReadinessCheck],
    lifespan: Lifespan[Starlette] | None = None,
) -> Starlette:
    graphql = KithGraphQL(build_schema(), graph, verifier)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),
            *insights_routes(graph, verifier),
            *meeting_routes(graph, verifier),
            *fhir_routes(graph, verifier),
            *health_routes(checks),
        ],
        middleware=[Middleware(RequestContextMiddleware)],
        lifespan=lifespan,
    )
