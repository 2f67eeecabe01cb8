"""The directory's edges: no redirect built from the Host header, and a feed pull that neither
follows redirects nor goes through a proxy named in the environment."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from kith_directory.adapters.sources import PullFailed, PullPolicy, read_feed
from kith_directory.api import create_app
from kith_directory.handlers import Importer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from tests.helpers.oruk import importer  # noqa: F401  (fixture)
from tests.support import serving

FEED = {"contents": [], "total_pages": 1, "page_number": 1}


async def test_a_trailing_slash_is_served_not_redirected_to_the_host_header(
    importer: Importer,  # noqa: F811
) -> None:
    app = create_app(importer.graph)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dir.test") as http:
        response = await http.get("/services/", headers={"host": "evil.example"})
        plain = await http.get("/services")
    assert response.status_code == 200
    assert "location" not in response.headers
    assert response.json() == plain.json()
    assert b"evil.example" not in response.content


def publisher() -> Starlette:
    async def moved(_: Request) -> RedirectResponse:
        return RedirectResponse("http://169.254.169.254/latest/meta-data/", status_code=302)

    async def services(_: Request) -> JSONResponse:
        return JSONResponse(FEED)

    return Starlette(routes=[Route("/moved", moved), Route("/services", services)])


async def test_the_feed_importer_does_not_follow_redirects() -> None:
    async with serving(publisher()) as base:
        policy = PullPolicy(retries=0, min_interval=0)
        with pytest.raises(PullFailed, match="does not follow redirects"):
            await asyncio.to_thread(read_feed, f"{base}/moved", policy=policy)


async def test_the_feed_importer_ignores_proxy_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    async with serving(publisher()) as base:
        policy = PullPolicy(retries=0, min_interval=0)
        pulled = await asyncio.to_thread(read_feed, f"{base}/services", policy=policy)
    assert pulled["contents"] == []
    assert pulled["last_page"] is True
