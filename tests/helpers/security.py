"""The gateway served for real (uvicorn, JWTs against a JWKS, real Neo4j and NATS), as an
attacker meets it: over HTTP, anonymous or with a token, forged or not."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_common.jetstream import ensure_stream
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from nats.aio.client import Client as NATS

from tests.conftest import TEST_STREAM
from tests.support import serving

ORG = "org-sec-a"
PRESCRIBER = Principal("sec-user", ORG, frozenset({Role.SOCIAL_PRESCRIBER}))


@dataclass
class Gateway:
    url: str
    issuer: DevIssuer
    http: httpx.AsyncClient

    def token(self, who: Principal = PRESCRIBER, **extra: Any) -> str:
        return self.issuer.mint(who.user_id, who.organisation_id, tuple(who.roles), **extra)

    async def graphql(
        self, query: str, variables: dict[str, Any] | None = None, token: str | None = None
    ) -> httpx.Response:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return await self.http.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables}, headers=headers
        )


@asynccontextmanager
async def served_gateway(settings: Settings, nats: NATS, **changes: Any) -> AsyncIterator[Gateway]:
    await ensure_stream(nats.jetstream(), TEST_STREAM)
    async with AsyncExitStack() as running:
        issuer = DevIssuer("http://issuer.security.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings,
            jwt_issuer=issuer.issuer,
            jwks_url=f"{issuer_url}/.well-known/jwks.json",
            **changes,
        )
        url = await running.enter_async_context(serving(gateway_app(wired)))
        http = await running.enter_async_context(httpx.AsyncClient(timeout=60))
        yield Gateway(url, issuer, http)


@pytest.fixture(scope="module")
async def gateway(settings: Settings, _session_nats: NATS) -> AsyncIterator[Gateway]:
    async with served_gateway(settings, _session_nats) as served:
        yield served


@pytest.fixture
async def clean_gateway(graph: Graph, gateway: Gateway) -> Gateway:
    """The served gateway over an emptied graph."""
    return gateway
