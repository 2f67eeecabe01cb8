"""`kith-matching-refresh --follow`: keep MatchingProfiles fresh as the directory changes.

A durable JetStream consumer of `kith.directory.service-updated` (ids only). Each batch of
events becomes one `refresh_services` call: the listed services' facts are recomputed from
the graph and their listings re-embedded when the text hash changed. That is idempotent by
construction (it rewrites from current state, whatever the event said or how often it
came), so a redelivered or out-of-order event does no harm and needs no ProcessedEvent.

Why a process of its own rather than a loop in the gateway: embedding a listing costs about
130 ms of CPU, and an import announces thousands of changes at once; on the gateway's event
loop and cores that would sit in front of every matching request.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence

from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event, EventContractError
from kith_common.graph import Graph
from kith_common.jetstream import REDELIVERY_BACKOFF, DurableConsumer
from kith_common.logging import get_logger
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from kith_gateway.matching.embeddings import Embedder, default_embedder
from kith_gateway.matching.refresh import refresh_services
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from starlette.applications import Starlette

log = get_logger(__name__)

DURABLE = "matching-refresh"
DEFAULT_PORT = 8004  # KITH_MATCHING_REFRESH_PORT: health probes only


def _service_ids(messages: Sequence[Msg]) -> tuple[list[Msg], list[Msg], list[str]]:
    """(messages to act on, malformed ones, the service ids they name)."""
    good, bad, ids = [], [], set()
    for msg in messages:
        try:
            event = Event.from_json(msg.data)
        except EventContractError:
            bad.append(msg)
            continue
        good.append(msg)
        if event.type == DIRECTORY_SERVICE_UPDATED:
            ids.add(event.data["service_id"])
    return good, bad, sorted(ids)


class ProfileFollower:
    def __init__(self, graph: Graph, embedder: Embedder, consumer: DurableConsumer) -> None:
        self.graph = graph
        self.embedder = embedder
        self.consumer = consumer

    async def handle(self, messages: Sequence[Msg]) -> None:
        good, bad, ids = _service_ids(messages)
        for msg in bad:
            log.error("event_rejected", durable=DURABLE, subject=msg.subject)
            await msg.term()
        try:
            if ids:
                done = await refresh_services(self.graph, self.embedder, ids)
                log.info("matching_profiles_followed", services=len(ids), **done.__dict__)
        except Exception:
            attempt = max((m.metadata.num_delivered or 1) for m in good) if good else 1
            log.exception("matching_refresh_failed", durable=DURABLE, attempt=attempt)
            delay = REDELIVERY_BACKOFF[min(attempt, len(REDELIVERY_BACKOFF)) - 1]
            for msg in good:
                await msg.nak(delay=delay)
            return
        for msg in good:
            await msg.ack()

    async def run(self, stop: asyncio.Event) -> None:
        async for messages in self.consumer.batches(stop):
            await self.handle(messages)


async def _ignore(_: Event) -> None:  # the follower handles whole batches instead
    return None


def follower(
    js: JetStreamContext, graph: Graph, settings: Settings, embedder: Embedder
) -> ProfileFollower:
    subjects = [DIRECTORY_SERVICE_UPDATED.subject]
    # Embedding is ~130 ms a listing on one thread (seconds on a busy machine): small batches
    # and a long ack wait, so a batch is not redelivered while it is still being embedded.
    consumer = DurableConsumer(
        js, settings.stream_name, DURABLE, subjects, _ignore, batch=20, ack_wait=120.0
    )
    return ProfileFollower(graph, embedder, consumer)


def build_app(settings: Settings, embedder: Embedder | None = None) -> Starlette:
    graph = Graph.from_settings(settings)
    model = embedder or default_embedder()

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        return [("matching-refresh", follower(js, graph, settings, model).run)]

    return worker_app(graph, Messaging(settings, "kith-matching-refresh"), loops)


def serve_follower(settings: Settings) -> None:
    port = int(os.environ.get("KITH_MATCHING_REFRESH_PORT", DEFAULT_PORT))
    serve(build_app(settings), settings, port)
