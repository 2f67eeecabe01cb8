"""The web app serves /metrics like every other HTTP process (its middleware is its own, not
`edge_middleware`), counting pages by route template."""

from __future__ import annotations

import httpx
from kith_web.bootstrap import build_app
from kith_web.config import WebConfig

from tests.helpers.observability import Scrape


async def test_the_web_app_counts_requests_by_route_and_serves_metrics() -> None:
    app = build_app(WebConfig.from_env({"KITH_ENV": "test"}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://web.test") as client:
        assert (await client.get("/healthz")).status_code == 200
        response = await client.get("/metrics")
    assert response.status_code == 200
    scraped = Scrape(response.text)
    assert scraped.value("kith_http_requests_total", route="/healthz", status="200")
