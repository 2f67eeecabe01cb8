"""The matching profile follows the directory: `kith.directory.service-updated` events (real
NATS JetStream, durable consumer) make the follower recompute a service's precomputed facts
and re-embed its listing when the text changed; matching reads only the profile."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event
from kith_common.graph import Graph
from kith_common.jetstream import JetStreamPublisher
from kith_common.settings import Settings
from kith_gateway.matching.bootstrap import build_app
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.follow import follower
from kith_gateway.matching.handlers import matches_for_profile
from kith_gateway.matching.refresh import refresh_services
from nats.js import JetStreamContext

from tests.helpers import matching_scenarios as sc
from tests.helpers.matching import request
from tests.support import eventually, serving

SLEEP_COURSE = "Sleep Well Course (Manningham)"

PROFILE = """
MATCH (s:Service {name: $name})<-[:DESCRIBES]-(m:MatchingProfile)
RETURN s.id AS id, m.facts AS facts, m.active AS active, m.text_hash AS text_hash,
       m.embedding AS embedding,
       COUNT { (p:MatchingPlace {service_id: s.id}) } AS places
"""


async def profile_of(graph: Graph, name: str = SLEEP_COURSE) -> dict[str, Any]:
    row = (await graph.query(PROFILE, name=name))[0]
    return row | {"capacity": json.loads(row["facts"])["capacity_status"]}


async def announce(js: JetStreamContext, settings: Settings, service_id: str) -> None:
    """What the directory's outbox relay publishes after rewriting a service."""
    event = Event(
        type=DIRECTORY_SERVICE_UPDATED,
        aggregate_id=service_id,
        data={"service_id": service_id, "organisation_id": "golden"},
    )
    await JetStreamPublisher(js, settings.stream_name).publish(
        event.type.subject, event.to_json(), event.id
    )


@asynccontextmanager
async def following(js: JetStreamContext, graph: Graph, settings: Settings) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(follower(js, graph, settings, default_embedder()).run(stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=10)


async def suggested(graph: Graph) -> list[str]:
    page = await matches_for_profile(graph, sc.urdu_woman(), request())
    return [s.scored.candidate.name for s in page.suggestions]


async def restore(graph: Graph, service_id: str, before: dict[str, Any]) -> None:
    await graph.execute("MATCH (s:Service {id: $id}) SET s += $props", id=service_id, props=before)
    await refresh_services(graph, default_embedder(), [service_id])


async def test_an_announced_change_reaches_matching_once_however_often_it_is_told(
    golden_graph: Graph, jetstream: JetStreamContext, settings: Settings
) -> None:
    before = await profile_of(golden_graph)
    sid = before["id"]
    saved = (
        await golden_graph.query(
            "MATCH (s:Service {id: $id}) RETURN s.capacity_status AS capacity_status, "
            "s.description AS description",
            id=sid,
        )
    )[0]
    assert SLEEP_COURSE in await suggested(golden_graph)
    await golden_graph.execute(
        "MATCH (s:Service {id: $id}) SET s.capacity_status = 'closed', "
        "s.description = s.description + ' Full until the spring.'",
        id=sid,
    )
    try:
        # Matching reads the profile, not the service: unannounced, nothing has changed yet.
        assert SLEEP_COURSE in await suggested(golden_graph)
        async with following(jetstream, golden_graph, settings):
            for _ in range(3):  # at-least-once delivery, and repeated announcements
                await announce(jetstream, settings, sid)

            async def refreshed() -> dict[str, Any] | None:
                now = await profile_of(golden_graph)
                return now if now["capacity"] == "closed" else None

            after = await eventually(refreshed)
        assert after["text_hash"] != before["text_hash"]  # re-embedded: the text changed
        assert after["embedding"] != before["embedding"]
        assert after["places"] == before["places"] == 1  # rewritten, never duplicated
        page = await matches_for_profile(golden_graph, sc.urdu_woman(), request())
        assert SLEEP_COURSE not in [s.scored.candidate.name for s in page.suggestions]
        full = [m for m in page.near_misses if m.candidate.name == SLEEP_COURSE]
        assert [f.reason.value for f in full[0].assessment.failures] == ["full"]
    finally:
        await restore(golden_graph, sid, saved)
    assert SLEEP_COURSE in await suggested(golden_graph)


async def test_the_consumer_is_durable_skips_junk_and_a_withdrawn_listing_goes(
    golden_graph: Graph, jetstream: JetStreamContext, settings: Settings
) -> None:
    sid = (await profile_of(golden_graph))["id"]
    async with following(jetstream, golden_graph, settings):
        pass  # creates the durable consumer, then the follower stops
    await golden_graph.execute("MATCH (s:Service {id: $id}) SET s.removed_from_feed = true", id=sid)
    # Nobody is listening now; a malformed message ahead of it must not block it later.
    await JetStreamPublisher(jetstream, settings.stream_name).publish(
        DIRECTORY_SERVICE_UPDATED.subject, b"not an event", "junk-1"
    )
    await announce(jetstream, settings, sid)
    try:
        async with following(jetstream, golden_graph, settings):

            async def withdrawn() -> dict[str, Any] | None:
                now = await profile_of(golden_graph)
                return now if now["active"] is False else None

            after = await eventually(withdrawn)
        assert after["places"] == 0  # no MatchingPlace: the candidate query cannot find it
        assert SLEEP_COURSE not in await suggested(golden_graph)
    finally:
        await restore(golden_graph, sid, {"removed_from_feed": False})
    assert (await profile_of(golden_graph))["places"] == 1


async def test_the_follower_process_serves_health_and_follows(
    golden_graph: Graph, jetstream: JetStreamContext, settings: Settings
) -> None:
    """`kith-matching-refresh --follow` as `make up` runs it (in process here)."""
    name = "Sisters Together Wellbeing Cafe"
    before = await profile_of(golden_graph, name)
    sid = before["id"]
    app = build_app(settings, default_embedder())
    try:
        async with serving(app) as url, httpx.AsyncClient() as client:
            assert (await client.get(f"{url}/readyz")).status_code == 200
            await golden_graph.execute(
                "MATCH (s:Service {id: $id}) SET s.capacity_status = 'waitlist'", id=sid
            )
            await announce(jetstream, settings, sid)

            async def waitlisted() -> bool:
                return bool((await profile_of(golden_graph, name))["capacity"] == "waitlist")

            await eventually(waitlisted)
    finally:
        await restore(golden_graph, sid, {"capacity_status": before["capacity"]})


async def test_a_service_that_is_gone_takes_its_profile_with_it(golden_graph: Graph) -> None:
    sid = (await profile_of(golden_graph, "Warm Space Coffee Morning"))["id"]
    await golden_graph.execute("MATCH (s:Service {id: $id}) DETACH DELETE s", id=sid)
    done = await refresh_services(golden_graph, default_embedder(), [sid])
    assert done.dropped == 1
    left = await golden_graph.query(
        "OPTIONAL MATCH (m:MatchingProfile {service_id: $id}) "
        "RETURN m IS NULL AS gone, COUNT { (p:MatchingPlace {service_id: $id}) } AS places",
        id=sid,
    )
    assert left == [{"gone": True, "places": 0}]
