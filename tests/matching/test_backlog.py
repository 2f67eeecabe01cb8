"""The backlog of listings semantic matching has not caught up with is visible: the directory's
`/status` and the `kith_matching_listings_waiting` gauge count active services without a
current profile, a re-import or provider update puts a service back in it, and the
refresher takes it out again (even when its text did not change, so nothing was re-embedded)."""

from __future__ import annotations

import httpx
from kith_common import metrics
from kith_common.graph import Graph
from kith_directory.api import create_app
from kith_directory.queries.matching_backlog import matching_backlog
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.refresh import refresh_services
from prometheus_client import generate_latest

LISTED = """
MATCH (s:Service) WHERE s.status = 'active' AND NOT coalesce(s.removed_from_feed, false)
RETURN count(s) AS n, min(s.id) AS first
"""
REIMPORTED = "MATCH (s:Service {id: $id}) SET s.version = s.version + $by, s.imported_at = $at"


async def status(graph: Graph) -> dict[str, object]:
    transport = httpx.ASGITransport(app=create_app(graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://directory") as client:
        reply = await client.get("/status")
    assert reply.status_code == 200
    body = reply.json()
    assert isinstance(body, dict)
    return body


async def test_a_reimported_listing_waits_for_matching_until_the_refresher_catches_up(
    golden_graph: Graph,
) -> None:
    (listed,) = await golden_graph.query(LISTED)
    assert await status(golden_graph) == {
        "listed": listed["n"],
        "matching": {"waiting": 0, "oldest_waiting_since": None},
    }

    changed = (await golden_graph.query("RETURN datetime('2026-11-02T09:00:00Z') AS at"))[0]["at"]
    await golden_graph.execute(REIMPORTED, id=listed["first"], by=1, at=changed)
    try:
        assert await status(golden_graph) == {
            "listed": listed["n"],
            "matching": {"waiting": 1, "oldest_waiting_since": "2026-11-02T09:00:00+00:00"},
        }
        backlog = await matching_backlog(golden_graph)
        metrics.MATCHING_WAITING.set(backlog.waiting)  # what the directory does at scrape
        assert b"kith_matching_listings_waiting 1.0" in generate_latest()

        done = await refresh_services(golden_graph, default_embedder(), [listed["first"]])
        assert done.embedded == 0  # the text did not change: caught up without the model
        assert (await matching_backlog(golden_graph)).waiting == 0
    finally:
        await golden_graph.execute(REIMPORTED, id=listed["first"], by=-1, at=changed)
        await refresh_services(golden_graph, default_embedder(), [listed["first"]])
