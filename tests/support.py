"""Test helpers: real servers on free loopback ports, and waiting by polling with a deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import strawberry
from kith_common.auth import Principal
from kith_common.graph import Graph
from kith_devstack.inprocess import serving
from kith_gateway.context import Context
from nats.js import JetStreamContext
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

__all__ = ["WebhookReceiver", "eventually", "serving"]

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T | None]], *, within: float = 20.0, interval: float = 0.05
) -> T:
    """Poll `probe` until it returns something truthy; fail with a clear message at the deadline."""
    deadline = time.monotonic() + within
    while True:
        value = await probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(interval)


@dataclass
class WebhookReceiver:
    """A partner's webhook endpoint: records every request it gets."""

    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status_code: int = 204

    def app(self) -> Starlette:
        async def hook(request: Request) -> Response:
            self.received.append((dict(request.headers), await request.body()))
            return Response(status_code=self.status_code)

        return Starlette(routes=[Route("/hook", hook, methods=["POST"])])


async def published(graph: Graph, js: JetStreamContext) -> list[bytes]:
    """Every message in the KITH stream (subject, space, body) once the outbox has drained."""

    async def drained() -> bool:
        rows = await graph.query("MATCH (o:OutboxPending) RETURN count(o) AS n")
        return rows == [{"n": 0}]

    await eventually(drained)
    info = await js.stream_info("KITH")
    messages = []
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        msg = await js.get_msg("KITH", seq)
        messages.append((msg.subject or "").encode() + b" " + (msg.data or b""))
    return messages


@dataclass
class SchemaClient:
    """The gateway's real GraphQL schema, run in process as a given caller on the real graph."""

    graph: Graph
    schema: strawberry.Schema

    def context(self, who: Principal | None) -> Context:
        return Context(self.graph, who, None)

    async def run(
        self, query: str, variables: dict[str, Any] | None, who: Principal | None
    ) -> dict[str, Any]:
        """The response as a client sees it: data and errors (with extensions)."""
        result = await self.schema.execute(
            query, variable_values=variables, context_value=self.context(who)
        )
        body: dict[str, Any] = {"data": result.data}
        if result.errors:
            body["errors"] = [e.formatted for e in result.errors]
        return body

    async def ok(self, query: str, variables: dict[str, Any] | None, who: Principal) -> Any:
        """The single root field's value, failing the test on any GraphQL error."""
        body = await self.run(query, variables, who)
        assert "errors" not in body, body
        (value,) = body["data"].values()
        return value
