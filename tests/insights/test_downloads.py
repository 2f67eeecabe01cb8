"""The CSV and SVG downloads over real HTTP, authorised with real tokens like the API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack

import httpx
import pytest
from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.app import create_app

from tests.helpers.insights import (
    LAD,
    A,
    C,
    district,  # noqa: F401 - the constructed district
)
from tests.support import serving


@pytest.fixture
async def gateway(district: Graph) -> AsyncIterator[tuple[str, DevIssuer]]:  # noqa: F811
    issuer = DevIssuer("http://issuer.test", "kith")
    async with AsyncExitStack() as running:
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        verifier = JwksVerifier(f"{issuer_url}/.well-known/jwks.json", issuer.issuer, "kith")
        url = await running.enter_async_context(serving(create_app(district, verifier, {})))
        yield url, issuer


async def _get(url: str, path: str, token: str | None = None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(timeout=30) as client:
        return await client.get(f"{url}{path}", headers=headers)


async def test_a_system_lead_downloads_csv_and_svg(gateway: tuple[str, DevIssuer]) -> None:
    url, issuer = gateway
    lead = issuer.mint("lead", "org-icb", ("system_lead",))
    csv = await _get(url, f"/insights/gap-map.csv?code={LAD}&need=pain&reachKm=2.5", lead)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[1].split(",")[1] == C  # the biggest gap first
    assert "attachment" in csv.headers["content-disposition"]
    picture = await _get(url, f"/insights/gap-map.svg?lsoas={A},{C}", lead)
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/svg+xml"
    assert "Open Government Licence v3.0" in picture.text


async def test_downloads_are_refused_like_the_api(gateway: tuple[str, DevIssuer]) -> None:
    url, issuer = gateway
    prescriber = issuer.mint("sp", "org-gp-a", ("social_prescriber",))
    lead = issuer.mint("lead", "org-icb", ("system_lead",))
    assert (await _get(url, f"/insights/gap-map.csv?code={LAD}")).status_code == 401
    assert (await _get(url, f"/insights/gap-map.csv?code={LAD}", "not-a-token")).status_code == 401
    assert (await _get(url, f"/insights/gap-map.csv?code={LAD}", prescriber)).status_code == 403
    assert (await _get(url, "/insights/gap-map.csv?code=E08000097", lead)).status_code == 404
    assert (await _get(url, "/insights/gap-map.csv?code=nonsense", lead)).status_code == 400
    assert (
        await _get(url, f"/insights/gap-map.csv?code={LAD}&reachKm=99", lead)
    ).status_code == 400
    assert (await _get(url, f"/insights/gap-map.pdf?code={LAD}", lead)).status_code == 404
