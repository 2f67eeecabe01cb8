"""Security headers on every HTTP service: CSP, nosniff, no referrer, and HSTS outside local
development (TLS ends at the load balancer there)."""

from __future__ import annotations

import dataclasses

import httpx
from kith_common.graph import Graph
from kith_common.runtime import Messaging, worker_app
from kith_common.settings import Settings
from kith_directory.api import create_app as directory_app

from tests.helpers.security import Gateway

EXPECTED = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def assert_secured(response: httpx.Response, *, hsts: bool) -> None:
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.url)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert ("strict-transport-security" in response.headers) is hsts, response.url


async def test_the_gateway_sends_security_headers(gateway: Gateway) -> None:
    for response in (
        await gateway.http.get(f"{gateway.url}/healthz"),
        await gateway.graphql("{ __typename }"),
        await gateway.http.get(f"{gateway.url}/fhir/metadata"),
    ):
        assert_secured(response, hsts=True)


async def test_the_directory_and_workers_send_them_and_local_has_no_hsts(
    graph: Graph, settings: Settings
) -> None:
    local = dataclasses.replace(settings, environment="local")
    apps = {
        "directory": (directory_app(graph, settings=settings), True),
        "directory (local)": (directory_app(graph, settings=local), False),
        "worker": (worker_app(graph, Messaging(settings, "probe"), lambda _js: []), True),
    }
    for name, (app, hsts) in apps.items():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://svc.test") as http:
            for path in ("/healthz", "/services", "/nowhere"):
                if name == "worker" and path == "/services":
                    continue
                assert_secured(await http.get(path), hsts=hsts)
