"""The per-request GraphQL context: dependencies plus who is asking."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kith_common.auth import Principal
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.audit.trail import audit_person_read
from kith_gateway.config import GatewayConfig

PersonReadAudit = Callable[[AsyncManagedTransaction, Principal, str, str], Awaitable[None]]
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    graph: Graph
    principal: Principal | None
    auth_error: str | None
    connection_params: dict[str, object] | None = None  # graphql-transport-ws connection_init
    # Every read of a person's profile is audited in the reading transaction.
    person_read_audit: PersonReadAudit = audit_person_read
    config: GatewayConfig = field(default_factory=GatewayConfig.defaults)
    # The server's clock (a test or a replay tool passes its own); never a client's time.
    clock: Clock = utc_now
    # The caller's network address (the web app forwards the person's): public rate limits.
    client_address: str | None = None

    def require_principal(self) -> Principal:
        """The caller, or a GraphQL error with code UNAUTHENTICATED that says why not."""
        if self.principal is None:
            raise StrawberryGraphQLError(
                self.auth_error or "this operation needs a bearer token",
                extensions={"code": "UNAUTHENTICATED"},
            )
        return self.principal
