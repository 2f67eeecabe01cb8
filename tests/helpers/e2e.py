"""A whole Kith on real infrastructure: the demo district imported, every service running
under uvicorn on loopback with its production wiring, and a partner's webhook receiver."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.bootstrap import build_app as gateway_app
from kith_notifications.bootstrap import build_app as notifications_app
from kith_notifications.config import NotifyConfig
from kith_router.bootstrap import build_app as router_app
from nats.js import JetStreamContext

from tests.support import WebhookReceiver, serving

DEMO_AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"


@dataclass
class Stack:
    gateway: str
    issuer: DevIssuer
    receiver: WebhookReceiver
    receiver_url: str
    graph: Graph
    js: JetStreamContext
    workers: tuple[str, ...]  # router and notifications base URLs (probe routes only)

    async def graphql(
        self, query: str, variables: dict[str, object] | None = None, token: str | None = None
    ) -> dict[str, object]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(
                f"{self.gateway}/graphql",
                json={"query": query, "variables": variables or {}},
                headers=headers,
            )
        if response.status_code != 401:  # a failed token is a 401 with GraphQL errors
            response.raise_for_status()
        body: dict[str, object] = response.json()
        return body


@pytest.fixture
async def demo_district(graph: Graph, repo_root: Path) -> Graph:
    await load_areas(graph, area_csv_rows(repo_root / DEMO_AREAS))
    services = generate_directory(read_areas(repo_root / DEMO_AREAS), seed=7)
    summary = await import_services(build_importer(graph), services, "demo-district")
    assert not summary.rejected
    return graph


@pytest.fixture
async def stack(
    settings: Settings, demo_district: Graph, jetstream: JetStreamContext
) -> AsyncIterator[Stack]:
    receiver = WebhookReceiver()
    async with AsyncExitStack() as running:
        receiver_url = await running.enter_async_context(serving(receiver.app()))
        issuer = DevIssuer("http://issuer.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        gateway = await running.enter_async_context(serving(gateway_app(wired)))
        router = await running.enter_async_context(serving(router_app(wired)))
        # The partner's receiver listens on loopback, which this deployment must allow explicitly.
        loopback = NotifyConfig.from_env(
            {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
        )
        notifications = await running.enter_async_context(
            serving(notifications_app(wired, loopback))
        )
        yield Stack(
            gateway,
            issuer,
            receiver,
            receiver_url,
            demo_district,
            jetstream,
            (router, notifications),
        )
