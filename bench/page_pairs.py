"""What the page benches share: the signed-in stack (dev issuer, gateway, web app and a
browser-like client), a GraphQL call straight to the gateway, and a page's timings next to its
own query's as two rows with the ratio against issue #15's target."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.demo_users import demo_users
from kith_devstack.inprocess import serving
from kith_devstack.issuer import DemoUser, DevIssuer, issuer_app
from kith_devstack.processes import REPO_ROOT, free_port
from kith_gateway.bootstrap import build_app as gateway_app
from kith_web.bootstrap import build_app as web_app
from kith_web.config import WebConfig

from bench.stats import Row, percentile

# The demo district's areas, which the page benches seed and the demo users belong to.
AREAS = REPO_ROOT / "data" / "areas" / "bradford_craven_lsoa2011_imd2019.csv"
TARGET = 1.3  # issue #15: a page costs at most 1.3 times its GraphQL time


async def gql(client: httpx.AsyncClient, url: str, token: str, query: str, v: Any) -> Any:
    reply = await client.post(
        f"{url}/graphql",
        json={"query": query, "variables": v},
        headers={"authorization": f"Bearer {token}"},
    )
    body = reply.json()
    assert "errors" not in body, body
    return body["data"]


def page_vs_query(what: str, page_ms: list[float], query_ms: list[float]) -> list[Row]:
    ratio = percentile(page_ms, 50) / percentile(query_ms, 50)
    verdict = "within" if ratio <= TARGET else "over"
    return [
        Row.of(f"{what} page over HTTP", page_ms,
               f"{ratio:.2f}x its GraphQL at p50 ({verdict} the {TARGET}x target)"),
        Row.of("  the page's GraphQL alone (baseline)", query_ms),
    ]  # fmt: skip


@dataclass(frozen=True)
class PageStack:
    web: str
    gateway: str
    issuer: DevIssuer
    users: dict[str, DemoUser]
    client: httpx.AsyncClient  # follows redirects and keeps the web app's session cookie


@asynccontextmanager
async def page_stack(settings: Settings) -> AsyncIterator[PageStack]:
    """The demo district's users signing in at a dev issuer, the gateway and the web app, each
    served in this process on a free port, and a client to sign in with."""
    users = demo_users(generate_directory(read_areas(AREAS), seed=7))
    issuer_port, web_port = free_port(), free_port()
    issuer = DevIssuer(f"http://127.0.0.1:{issuer_port}", settings.jwt_audience)
    wired = dataclasses.replace(
        settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer.issuer}/.well-known/jwks.json"
    )
    async with AsyncExitStack() as running:
        await running.enter_async_context(serving(issuer_app(issuer, users), issuer_port))
        gateway = await running.enter_async_context(serving(gateway_app(wired)))
        web = f"http://127.0.0.1:{web_port}"
        config = WebConfig(settings=wired, port=web_port, base_url=web, gateway_url=gateway,
                           oidc_issuer=issuer.issuer)  # fmt: skip
        await running.enter_async_context(serving(web_app(config), web_port))
        client = await running.enter_async_context(
            httpx.AsyncClient(timeout=120, follow_redirects=True)
        )
        yield PageStack(web, gateway, issuer, users, client)
