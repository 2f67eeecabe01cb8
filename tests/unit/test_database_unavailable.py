"""Every HTTP service's edge turns a failure caused by Neo4j being away into a 503 with the
typed, retryable error and `Retry-After`; any other failure stays a failure (a bug must not
pass for an outage)."""

from __future__ import annotations

import httpx
import pytest
from kith_common.ratelimit import RateLimits
from kith_common.settings import Settings
from kith_common.web import edge_middleware
from neo4j.exceptions import ServiceUnavailable
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


async def away(_: Request) -> JSONResponse:
    raise ServiceUnavailable("Couldn't connect to 127.0.0.1:7687")


async def broken(_: Request) -> JSONResponse:
    raise KeyError("a bug")


def app() -> Starlette:
    settings = Settings.from_env({"KITH_ENV": "test", "KITH_RATE_LIMITS": "off"})
    return Starlette(
        routes=[Route("/fhir/thing", away), Route("/bug", broken)],
        middleware=edge_middleware(settings, RateLimits()),
    )


async def test_a_route_whose_database_is_away_answers_503_typed_and_retryable() -> None:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://kith.test") as client:
        answer = await client.get("/fhir/thing")
    assert answer.status_code == 503
    assert answer.headers["retry-after"] == "2"
    (error,) = answer.json()["errors"]
    assert error["extensions"] == {"code": "UNAVAILABLE", "retryable": True, "retryAfterSeconds": 2}
    assert "7687" not in answer.text


async def test_any_other_failure_is_still_a_failure() -> None:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://kith.test") as client:
        with pytest.raises(KeyError):
            await client.get("/bug")
