"""The per-request GraphQL context: dependencies plus who is asking."""

from __future__ import annotations

from dataclasses import dataclass

from kith_common.auth import Principal
from kith_common.graph import Graph
from strawberry.exceptions import StrawberryGraphQLError


@dataclass
class Context:
    graph: Graph
    principal: Principal | None
    auth_error: str | None
    connection_params: dict[str, object] | None = None  # graphql-transport-ws connection_init

    def require_principal(self) -> Principal:
        """The caller, or a GraphQL error with code UNAUTHENTICATED that says why not."""
        if self.principal is None:
            raise StrawberryGraphQLError(
                self.auth_error or "this operation needs a bearer token",
                extensions={"code": "UNAUTHENTICATED"},
            )
        return self.principal
