"""Pulling a remote ORUK API page by page from a real local HTTP server: retries after
failures, a politeness interval, incremental pulls, and ORUK 1.0 (Spring) pages."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest
from kith_directory.adapters.sources import PullFailed, PullPolicy, read_feed
from kith_directory.handlers import Importer, import_services
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.helpers.oruk import service
from tests.support import serving

FAST = PullPolicy(timeout=5, retries=2, backoff=0.01, min_interval=0.05)
POLITE = PullPolicy(timeout=5, retries=2, backoff=0.01, min_interval=0.2)


class Publisher:
    """A feed of 7 services in pages of 3 that fails the first time page 2 is asked for."""

    def __init__(self, spring: bool = False, failures: int = 1) -> None:
        self.records = [service(f"remote-{i}") for i in range(7)]
        self.spring = spring
        self.failures = failures
        self.requests: list[tuple[float, dict[str, str]]] = []

    def app(self) -> Starlette:
        async def services(request: Request) -> JSONResponse:
            params = dict(request.query_params)
            self.requests.append((time.monotonic(), {**params, **dict(request.headers)}))
            page = int(params.get("page", "0" if self.spring else "1"))
            if page == (1 if self.spring else 2) and self.failures > 0:
                self.failures -= 1
                return JSONResponse({"error": "busy"}, 503, headers={"retry-after": "0"})
            chosen = self.records
            if "modified_after" in params:
                chosen = chosen[:2]
            index = page if self.spring else page - 1
            contents = chosen[index * 3 : index * 3 + 3]
            pages = -(-len(chosen) // 3)
            if self.spring:
                body = {"content": contents, "totalPages": pages, "number": page,
                        "first": page == 0, "last": page == pages - 1}  # fmt: skip
            else:
                body = {"contents": contents, "total_pages": pages, "page_number": page,
                        "first_page": page == 1, "last_page": page == pages}  # fmt: skip
            return JSONResponse(body)

        return Starlette(routes=[Route("/services", services)])


async def test_every_page_despite_a_failure_and_politely(importer: Importer) -> None:
    publisher = Publisher()
    async with serving(publisher.app()) as base:
        payload = await asyncio.to_thread(read_feed, f"{base}/services", policy=POLITE)
    assert [r["id"] for r in payload["contents"]] == [r["id"] for r in publisher.records]
    assert (payload["first_page"], payload["last_page"]) == (True, True)
    pages = [params.get("page") for _, params in publisher.requests]
    assert pages == [None, "2", "2", "3"]
    gaps = [b[0] - a[0] for a, b in zip(publisher.requests, publisher.requests[1:], strict=False)]
    assert min(gaps) >= POLITE.min_interval * 0.75  # arrival jitter is milliseconds
    summary = await import_services(importer, payload, "remote")
    assert summary.created == 7


async def test_an_incremental_pull_asks_for_changes_and_is_never_the_whole_feed(
    importer: Importer,
) -> None:
    publisher = Publisher(failures=0)
    since = datetime(2026, 1, 1, tzinfo=UTC)
    async with serving(publisher.app()) as base:
        payload = await asyncio.to_thread(
            read_feed, f"{base}/services", modified_after=since, policy=FAST
        )
    assert len(payload["contents"]) == 2
    assert payload["last_page"] is False
    _, first = publisher.requests[0]
    assert first["modified_after"] == since.isoformat()
    assert first["if-modified-since"] == "Thu, 01 Jan 2026 00:00:00 GMT"
    await import_services(importer, [service(f"remote-{i}") for i in range(7)], "remote")
    summary = await import_services(importer, payload, "remote")
    assert (summary.unchanged, summary.removed) == (2, 0)


async def test_spring_pages_of_an_oruk_1_api() -> None:
    publisher = Publisher(spring=True)
    async with serving(publisher.app()) as base:
        payload = await asyncio.to_thread(read_feed, f"{base}/services", policy=FAST)
    assert len(payload["content"]) == 7
    assert payload["last"] is True


async def test_a_server_that_keeps_failing_is_reported() -> None:
    publisher = Publisher(failures=10)
    async with serving(publisher.app()) as base:
        with pytest.raises(PullFailed, match="HTTP 503"):
            await asyncio.to_thread(read_feed, f"{base}/services", policy=FAST)
    assert len(publisher.requests) == 1 + FAST.retries + 1
