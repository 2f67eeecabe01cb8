"""Quotas: anonymous GraphQL per address, each token, and failed authentication per address;
a refusal is a 429 with Retry-After, and /healthz is never limited. (Quotas scaled to a tenth
so a test reaches them quickly: 6 anonymous, 60 per token, 1 failed token per minute.)"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator

import pytest
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer
from nats.aio.client import Client as NATS

from tests.helpers.security import Gateway, served_gateway

PUBLIC = "{ services(first: 1) { edges { node { id } } } }"


@pytest.fixture
async def limited(settings: Settings, _session_nats: NATS) -> AsyncIterator[Gateway]:
    async with served_gateway(settings, _session_nats, rate_limits="0.1") as served:
        yield served


async def test_anonymous_graphql_is_limited_per_address(limited: Gateway) -> None:
    statuses = [(await limited.graphql(PUBLIC)).status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]
    refused = await limited.graphql(PUBLIC)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) >= 1
    assert refused.json()["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    assert (await limited.http.get(f"{limited.url}/healthz")).status_code == 200
    # A partner's token has its own, larger quota.
    assert (await limited.graphql(PUBLIC, token=limited.token())).status_code == 200


async def test_each_token_has_its_own_quota(limited: Gateway) -> None:
    token = limited.token()
    started = time.monotonic()
    statuses = [(await limited.graphql(PUBLIC, token=token)).status_code for _ in range(90)]
    refilled = math.ceil(time.monotonic() - started)  # the quota refills at one a second
    assert 60 <= statuses.count(200) <= 60 + refilled
    assert statuses.count(429) == 90 - statuses.count(200)


async def test_failed_authentication_is_limited_per_address(limited: Gateway) -> None:
    forger = DevIssuer(limited.issuer.issuer, limited.issuer.audience, kid=limited.issuer.kid)
    forged = forger.mint("x", "org-x", ("platform_admin",))
    first = await limited.graphql(PUBLIC, token=forged)
    assert first.status_code == 401
    again = await limited.graphql(PUBLIC, token=forger.mint("y", "org-y", ("platform_admin",)))
    assert again.status_code == 429
    fhir = await limited.http.get(
        f"{limited.url}/fhir/Task/x", headers={"authorization": f"Bearer {forged}"}
    )
    assert fhir.status_code == 429
