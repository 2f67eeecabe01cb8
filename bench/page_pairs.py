"""What the page benches share: a GraphQL call straight to the gateway, and a page's timings
next to its own query's as two rows with the ratio against issue #15's target."""

from __future__ import annotations

from typing import Any

import httpx

from bench.stats import Row, percentile

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
