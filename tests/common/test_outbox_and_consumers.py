"""The outbox relay and durable consumers against real Neo4j and JetStream."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from kith_common import outbox
from kith_common.events import DIRECTORY_SERVICE_UPDATED, Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer, JetStreamPublisher
from kith_common.outbox import OutboxRelay
from nats.js import JetStreamContext
from neo4j import AsyncManagedTransaction

from tests.support import eventually

STREAM = "KITH"
SUBJECT = DIRECTORY_SERVICE_UPDATED.subject


def updated(service_id: str) -> Event:
    return Event(
        type=DIRECTORY_SERVICE_UPDATED,
        aggregate_id=service_id,
        data={"service_id": service_id, "organisation_id": "org-1"},
    )


async def write_events(graph: Graph, *events: Event, fail: bool = False) -> None:
    async def work(tx: AsyncManagedTransaction) -> None:
        await outbox.add(tx, *events)
        if fail:
            raise RuntimeError("the change failed after the outbox row was written")

    await graph.write(work)


async def subject_count(js: JetStreamContext) -> int:
    info = await js.stream_info(STREAM, subjects_filter=SUBJECT)
    return (info.state.subjects or {}).get(SUBJECT, 0)


async def test_rolled_back_change_announces_nothing(
    graph: Graph, jetstream: JetStreamContext
) -> None:
    with pytest.raises(RuntimeError, match="the change failed"):
        await write_events(graph, updated("s-1"), fail=True)
    assert await graph.query("MATCH (o:Outbox) RETURN o") == []


async def test_each_event_is_published_once_even_when_relayed_twice(
    graph: Graph, jetstream: JetStreamContext
) -> None:
    events = [updated(f"s-{i}") for i in range(5)]
    await write_events(graph, *events)
    await write_events(graph, events[0])  # re-adding an event id is a no-op
    relay = OutboxRelay(graph, JetStreamPublisher(jetstream, STREAM))
    assert await relay.relay_once() == 5
    assert await relay.relay_once() == 0
    # A relay that died after publishing but before marking rows publishes them again:
    await graph.execute("MATCH (o:Outbox) SET o:OutboxPending")
    assert await OutboxRelay(graph, JetStreamPublisher(jetstream, STREAM)).relay_once() == 5
    assert await subject_count(jetstream) == 5  # JetStream dropped the duplicates by msg id


async def test_two_relays_share_the_work(graph: Graph, jetstream: JetStreamContext) -> None:
    await write_events(graph, *(updated(f"s-{i}") for i in range(40)))
    relays = [OutboxRelay(graph, JetStreamPublisher(jetstream, STREAM), batch=7) for _ in range(2)]

    async def drain(relay: OutboxRelay) -> int:
        total = 0
        while (n := await relay.relay_once()) > 0:
            total += n
        return total

    published = await asyncio.gather(*(drain(r) for r in relays))
    assert sum(published) >= 40
    assert await subject_count(jetstream) == 40
    assert await graph.query("MATCH (o:OutboxPending) RETURN o") == []


async def test_consumer_retries_a_failing_handler_and_drops_malformed_events(
    graph: Graph, jetstream: JetStreamContext
) -> None:
    seen: list[str] = []
    failures = {"left": 1}

    async def handler(event: Event) -> None:
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("transient failure")
        seen.append(event.id)

    event = updated(str(uuid.uuid4()))
    await jetstream.publish(SUBJECT, b"{not an event", headers={"Nats-Msg-Id": "bad-1"})
    await jetstream.publish(SUBJECT, event.to_json(), headers={"Nats-Msg-Id": event.id})
    consumer = DurableConsumer(
        jetstream, STREAM, f"test-{uuid.uuid4().hex[:8]}", [SUBJECT], handler
    )
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))

    async def handled() -> bool:
        return seen == [event.id]

    try:
        await eventually(handled, within=15)
    finally:
        stop.set()
        await task
    info = await jetstream.consumer_info(STREAM, consumer.durable)
    assert info.num_ack_pending == 0
    assert info.num_pending == 0


async def test_a_commit_wakes_the_relay_without_waiting_for_its_poll(
    graph: Graph, jetstream: JetStreamContext
) -> None:
    """The relay polls only once an hour here, so only the commit signal can explain each
    event leaving: the second write comes after the relay has certainly gone idle."""
    relay = OutboxRelay(graph, JetStreamPublisher(jetstream, STREAM), poll_interval=3600)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    async def published(event: Event) -> bool:
        rows = await graph.query(
            "MATCH (o:Outbox {event_id: $id}) WHERE o.published_at IS NOT NULL RETURN o",
            id=event.id,
        )
        return bool(rows)

    try:
        first, second = updated("s-wake-1"), updated("s-wake-2")
        await write_events(graph, first)
        await eventually(lambda: published(first))
        await write_events(graph, second)
        await eventually(lambda: published(second))
    finally:
        stop.set()
        await task
    assert await subject_count(jetstream) == 2


async def test_a_rolled_back_write_and_a_plain_write_do_not_signal_the_relay(
    graph: Graph,
) -> None:
    async def plain(tx: AsyncManagedTransaction) -> None:
        await (await tx.run("CREATE (:Plain)")).consume()

    woken = graph.outbox_commits.subscribe()
    try:
        with pytest.raises(RuntimeError, match="the change failed"):
            await write_events(graph, updated("s-rolled-back"), fail=True)
        await graph.write(plain)
        assert not woken.is_set()
        await write_events(graph, updated("s-committed"))
        assert woken.is_set()
    finally:
        graph.outbox_commits.unsubscribe(woken)
