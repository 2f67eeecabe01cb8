"""The gateway served for real (uvicorn, JWTs checked against a JWKS, real Neo4j and NATS)
and a FHIR client that checks EVERY response it gets: FHIR JSON, and a resource that
validates with the R4B models (an OperationOutcome for every refusal)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fhir.resources.R4B import get_fhir_model_class
from kith_common.auth import Principal, Role
from kith_common.graph import Graph
from kith_common.jetstream import ensure_stream
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from nats.aio.client import Client as NATS

from tests.conftest import TEST_STREAM
from tests.helpers import fhir_resources as resources
from tests.helpers.referrals import (  # noqa: F401  (fixture, re-exported)
    AREA,
    ORG_A,
    ORG_B,
    PRESCRIBER,
    SERVICE_B,
    SERVICE_C,
    Api,
    api,
    deliver,
    principal,
)
from tests.support import serving


@dataclass
class Served:
    url: str
    issuer: DevIssuer


@pytest.fixture(scope="module")
async def served(settings: Settings, _session_nats: NATS) -> AsyncIterator[Served]:
    await ensure_stream(_session_nats.jetstream(), TEST_STREAM)
    async with AsyncExitStack() as running:
        issuer = DevIssuer("http://issuer.fhir.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        url = await running.enter_async_context(serving(gateway_app(wired)))
        yield Served(url, issuer)


def checked(response: httpx.Response) -> dict[str, Any]:
    """The response's resource, after checking it is FHIR JSON that the R4B models accept."""
    assert response.headers["content-type"].startswith("application/fhir+json"), response.text
    body: dict[str, Any] = response.json()
    model = get_fhir_model_class(body["resourceType"])
    model.model_validate(body)
    if response.status_code >= 400:
        assert body["resourceType"] == "OperationOutcome", body
        assert body["issue"], body
        assert all(i["diagnostics"] for i in body["issue"]), body
    return body


@dataclass
class Fhir:
    url: str
    issuer: DevIssuer
    graph: Graph
    api: Api  # the GraphQL schema, run in-process as a given user
    client: httpx.AsyncClient

    def token(self, who: Principal) -> str:
        return self.issuer.mint(who.user_id, who.organisation_id, tuple(who.roles))

    async def call(
        self,
        method: str,
        path: str,
        who: Principal | None,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
    ) -> tuple[int, dict[str, Any], httpx.Headers]:
        sent = {"content-type": "application/fhir+json", **(headers or {})}
        if who is not None:
            sent["authorization"] = f"Bearer {self.token(who)}"
        content = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        response = await self.client.request(
            method, f"{self.url}{path}", content=content, headers=sent
        )
        return response.status_code, checked(response), response.headers


@pytest.fixture
async def fhir(api: Api, served: Served) -> AsyncIterator[Fhir]:  # noqa: F811
    async with httpx.AsyncClient(timeout=180) as client:
        yield Fhir(served.url, served.issuer, api.graph, api, client)


COUNT = """
MATCH (n) WHERE n:Referral OR n:Person OR n:Consent OR n:StatusChange
RETURN count(n) AS n
"""


async def nodes(graph: Graph) -> int:
    return int((await graph.query(COUNT))[0]["n"])


WORKER_C = principal("org-housing-c", Role.RECEIVING_WORKER, user="worker-c")


async def created(fhir: Fhir, categories: list[str] | None = None) -> str:
    await fhir.api.consent("PSN-0001", categories=categories)
    _, task, _ = await fhir.call(
        "POST", "/fhir/Task", PRESCRIBER, resources.task(reason="Synthetic reason 7731")
    )
    await deliver(fhir.graph, task)
    return str(task["id"])
