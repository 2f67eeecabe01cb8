"""Transactional outbox: events are written in the same transaction as the change they
announce, then a relay publishes them to JetStream with ``Nats-Msg-Id`` = event id.

The relay is woken by the commit of any transaction in its process that wrote outbox rows
(`Graph.outbox_commits`), so an event leaves within a round trip of its change; a slow safety
poll picks up rows written by other processes (another replica that died, a CLI import).

Several relays (one per service replica) may run at once. A short lease keeps them from
publishing the same rows in the normal case; if two ever do, JetStream's duplicate window
drops the second publish because the message id is the event id.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import AsyncManagedTransaction

from kith_common import metrics, tracing
from kith_common.events import Event
from kith_common.graph import Graph, note_outbox_written
from kith_common.jetstream import JetStreamPublisher
from kith_common.logging import get_logger
from kith_common.unavailable import log_failure

log = get_logger(__name__)

ADD_TO_OUTBOX = """
UNWIND $events AS e
MERGE (o:Outbox {event_id: e.event_id})
ON CREATE SET o:OutboxPending, o.subject = e.subject, o.payload = e.payload,
              o.created_at = datetime(), o.aggregate_id = e.aggregate_id,
              o.aggregate_version = e.aggregate_version, o.traceparent = e.traceparent
"""

# A cheap read first: idle relays poll often, and a read takes no locks.
ANY_CLAIMABLE = """
MATCH (o:OutboxPending)
WHERE o.lease_until IS NULL OR o.lease_until < datetime()
RETURN o.event_id AS event_id LIMIT 1
"""

CLAIM_PENDING = """
MATCH (o:OutboxPending)
WHERE o.lease_until IS NULL OR o.lease_until < datetime()
WITH o ORDER BY o.created_at, o.aggregate_version LIMIT $limit
SET o.lease_until = datetime() + duration({seconds: $lease_seconds}), o.lease_owner = $owner
RETURN o.event_id AS event_id, o.subject AS subject, o.payload AS payload,
       o.traceparent AS traceparent, o.created_at AS created_at
"""

MARK_PUBLISHED = """
UNWIND $event_ids AS event_id
MATCH (o:OutboxPending {event_id: event_id})
REMOVE o:OutboxPending
SET o.published_at = datetime(), o.lease_until = null, o.lease_owner = null
"""


async def add(tx: AsyncManagedTransaction, *events: Event) -> None:
    """Record `events` for publication as part of the caller's transaction (one round trip).
    Re-adding an event id is a no-op, so a retried handler cannot announce a fact twice."""
    if not events:
        return
    rows = [
        {
            "event_id": event.id,
            "subject": event.subject,
            "payload": event.to_json().decode(),
            "aggregate_id": event.aggregate_id,
            "aggregate_version": event.aggregate_version,
            # The trace goes on after the commit: in a consumer's batch, the trace of the event
            # that caused this one.
            "traceparent": tracing.traceparent_for(event.causation_id),
        }
        for event in events
    ]
    await (await tx.run(ADD_TO_OUTBOX, events=rows)).consume()
    note_outbox_written()


class OutboxRelay:
    def __init__(
        self,
        graph: Graph,
        publisher: JetStreamPublisher,
        *,
        poll_interval: float = 1.0,
        batch: int = 200,
        lease: timedelta = timedelta(seconds=30),
    ) -> None:
        self.graph = graph
        self.publisher = publisher
        self.poll_interval = poll_interval
        self.batch = batch
        self.lease = lease
        self.owner = str(uuid.uuid4())

    async def _claim(self) -> list[dict[str, Any]]:
        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            result = await tx.run(
                CLAIM_PENDING,
                limit=self.batch,
                lease_seconds=int(self.lease.total_seconds()),
                owner=self.owner,
            )
            return [record.data() async for record in result]

        return await self.graph.write(work)

    async def relay_once(self, *, look_first: bool = True) -> int:
        """Publish one batch; returns how many events were published. `look_first` reads
        before claiming (a read takes no locks): worth it on a poll, not after a commit."""
        if look_first and not await self.graph.query(ANY_CLAIMABLE):
            return 0
        rows = await self._claim()
        published: list[str] = []
        try:
            for row in rows:
                with tracing.producing(row["subject"], row.get("traceparent")) as headers:
                    await self.publisher.publish(
                        row["subject"], row["payload"].encode(), row["event_id"], headers
                    )
                metrics.event_published(row["subject"], _native(row.get("created_at")))
                published.append(row["event_id"])
        finally:
            if published:
                await self.graph.execute(MARK_PUBLISHED, event_ids=published)
        return len(published)

    async def run(self, stop: asyncio.Event) -> None:
        log.info("outbox_relay_started", owner=self.owner)
        committed = self.graph.outbox_commits.subscribe()
        woken = False
        try:
            while not stop.is_set():
                committed.clear()  # before the pass: a commit during it wakes the next wait
                try:
                    count = await self.relay_once(look_first=not woken)
                except Exception:  # keep relaying after NATS/Neo4j hiccups; rows stay pending
                    log_failure(log, "outbox_relay_failed")
                    count = 0
                woken = count >= self.batch  # a full batch: more may be waiting
                if not woken:
                    woken = await _first_of(committed, stop, self.poll_interval)
        finally:
            self.graph.outbox_commits.unsubscribe(committed)
        log.info("outbox_relay_stopped", owner=self.owner, at=datetime.now(UTC).isoformat())


async def _first_of(wake: asyncio.Event, stop: asyncio.Event, seconds: float) -> bool:
    """Wait for `wake`, `stop` or `seconds`; True when `wake` was set."""
    waits = [asyncio.create_task(wake.wait()), asyncio.create_task(stop.wait())]
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
    return wake.is_set() and not stop.is_set()


def _native(moment: Any) -> datetime | None:
    """A Neo4j DateTime as a Python datetime (the relay's lag is measured from it)."""
    return moment.to_native() if hasattr(moment, "to_native") else None
