"""`kith-matching-refresh --follow`: keep MatchingProfiles fresh as the directory changes.

A durable JetStream consumer of `kith.directory.service-updated` (ids only), in the shared
consumer's batch mode. Each batch of events becomes one `refresh_services` call: the listed
services' facts are recomputed from the graph and their listings re-embedded when the text
hash changed. That is idempotent by
construction (it rewrites from current state, whatever the event said or how often it
came), so a redelivered or out-of-order event does no harm and needs no ProcessedEvent.

Why a process of its own rather than a loop in the gateway: embedding a listing costs about
130 ms of CPU, and an import announces thousands of changes at once; on the gateway's event
loop and cores that would sit in front of every matching request.
"""

from __future__ import annotations

from collections.abc import Sequence

from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer
from kith_common.logging import get_logger
from kith_common.settings import Settings
from kith_gateway.matching.embeddings import Embedder
from kith_gateway.matching.refresh import refresh_services
from nats.js import JetStreamContext

log = get_logger(__name__)

DURABLE = "matching-refresh"


def _service_ids(events: Sequence[Event]) -> list[str]:
    return sorted({e.data["service_id"] for e in events if e.type == DIRECTORY_SERVICE_UPDATED})


class ProfileFollower:
    def __init__(self, graph: Graph, embedder: Embedder) -> None:
        self.graph = graph
        self.embedder = embedder

    async def handle(self, events: Sequence[Event]) -> None:
        """Raises when the refresh fails: the consumer then redelivers the batch later."""
        ids = _service_ids(events)
        if ids:
            done = await refresh_services(self.graph, self.embedder, ids)
            log.info("matching_profiles_followed", services=len(ids), **done.__dict__)


def follower(
    js: JetStreamContext, graph: Graph, settings: Settings, embedder: Embedder
) -> DurableConsumer:
    subjects = [DIRECTORY_SERVICE_UPDATED.subject]
    # Embedding is ~130 ms a listing on one thread (seconds on a busy machine): small batches
    # and a long ack wait, so a batch is not redelivered while it is still being embedded.
    return DurableConsumer(
        js,
        settings.stream_name,
        DURABLE,
        subjects,
        batch_handler=ProfileFollower(graph, embedder).handle,
        batch=20,
        ack_wait=120.0,
    )
