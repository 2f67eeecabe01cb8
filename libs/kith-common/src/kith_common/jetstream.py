"""NATS JetStream: one stream for every Kith event, publishing with de-duplication, and
durable pull consumers that ack only after their handler succeeded.

Consumers are at-least-once; handlers must be idempotent (they MERGE on the event id).
A handler that raises gets the message back after a back-off; after `max_deliver` tries
the message stays in the stream for inspection and the failure is logged with the event id.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass

import nats
from nats.aio.client import Client as NATS
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StorageType, StreamConfig
from nats.js.errors import BadRequestError

from kith_common import gauges, metrics, tracing
from kith_common.events import Event, EventContractError
from kith_common.logging import get_logger
from kith_common.settings import Settings
from kith_common.unavailable import log_failure

log = get_logger(__name__)

DUPLICATE_WINDOW_SECONDS = 2 * 3600.0
RETENTION_SECONDS = 30 * 24 * 3600.0
REDELIVERY_BACKOFF = [1.0, 5.0, 30.0, 120.0, 600.0]

Handler = Callable[[Event], Awaitable[None]]
# A whole fetched batch at once (one transaction instead of one per event); it must be
# idempotent as a whole, since a batch that fails is nak'd whole and redelivered.
BatchHandler = Callable[[Sequence[Event]], Awaitable[object]]


async def connect(settings: Settings, name: str) -> NATS:
    return await nats.connect(
        servers=list(settings.nats_servers),
        name=name,
        user_credentials=settings.nats_credentials,
        max_reconnect_attempts=-1,  # keep trying: a NATS restart must not kill a service
        reconnect_time_wait=0.5,
        connect_timeout=5,
    )


async def ensure_stream(js: JetStreamContext, name: str, replicas: int = 1) -> None:
    """Create the stream, or bring an existing one's settings up to date without lowering
    its replicas: an operator's 3-replica stream (deploy/README.md) stays at 3 when any
    process starts."""
    config = StreamConfig(
        name=name,
        subjects=["kith.>"],
        storage=StorageType.FILE,
        duplicate_window=DUPLICATE_WINDOW_SECONDS,
        max_age=RETENTION_SECONDS,
        num_replicas=replicas,
    )
    try:
        await js.add_stream(config)
    except BadRequestError:
        existing = (await js.stream_info(name)).config.num_replicas or 1
        config.num_replicas = max(replicas, existing)
        await js.update_stream(config)


class JetStreamPublisher:
    def __init__(self, js: JetStreamContext, stream: str) -> None:
        self.js = js
        self.stream = stream

    async def publish(
        self, subject: str, payload: bytes, msg_id: str, headers: dict[str, str] | None = None
    ) -> bool:
        """Publish and wait for the stream's ack; returns False if JetStream saw it before.
        `headers` carry the trace context (never data: that is the payload's contract)."""
        ack = await self.js.publish(
            subject,
            payload,
            stream=self.stream,
            headers={**(headers or {}), "Nats-Msg-Id": msg_id},
            timeout=5,
        )
        return not ack.duplicate


@dataclass
class DurableConsumer:
    """Give exactly one of `handler` (each event in turn) and `batch_handler` (each fetched
    batch of well-formed events at once)."""

    js: JetStreamContext
    stream: str
    durable: str
    subjects: list[str]
    handler: Handler | None = None
    batch: int = 20
    ack_wait: float = 30.0
    batch_handler: BatchHandler | None = None
    drain_linger: float = 0.05

    def __post_init__(self) -> None:
        if (self.handler is None) == (self.batch_handler is None):
            raise ValueError("a consumer takes a handler or a batch handler, not both or none")

    async def ensure(self) -> None:
        config = ConsumerConfig(
            durable_name=self.durable,
            filter_subjects=self.subjects,
            ack_policy=AckPolicy.EXPLICIT,
            ack_wait=self.ack_wait,
            max_deliver=len(REDELIVERY_BACKOFF) + 1,
        )
        await self.js.add_consumer(self.stream, config)

    async def batches(self, stop: asyncio.Event) -> AsyncIterator[list[Msg]]:
        """Bound to the durable: wait for one message, then drain any backlog in batches. A
        lingering fetch for a whole batch would hold the first message until the batch filled
        or timed out."""
        await self.ensure()
        sub = await self.js.pull_subscribe_bind(durable=self.durable, stream=self.stream)
        log.info("consumer_started", durable=self.durable)
        lag = f"consumer:{self.durable}"
        metrics.on_scrape(lag, gauges.consumer_lag(self.js, self.stream, self.durable))
        try:
            while not stop.is_set():
                messages = await self._fetch(sub, 1, linger=1.0)
                while messages:
                    yield messages
                    messages = await self._fetch(sub, self.batch, linger=self.drain_linger)
        finally:
            metrics.forget(lag)
            await sub.unsubscribe()

    async def run(self, stop: asyncio.Event) -> None:
        async for messages in self.batches(stop):
            if self.batch_handler is not None:
                await self._handle_batch(self.batch_handler, messages)
                continue
            for msg in messages:
                await self._handle(msg)

    async def _fetch(
        self, sub: JetStreamContext.PullSubscription, n: int, linger: float
    ) -> list[Msg]:
        try:
            return await sub.fetch(n, timeout=linger)
        except NatsTimeoutError:
            return []
        except Exception:  # NATS reconnecting: back off a moment and fetch again
            log.warning("consumer_fetch_failed", durable=self.durable)
            await asyncio.sleep(0.5)
            return []

    async def _parse(self, msg: Msg) -> Event | None:
        try:
            return Event.from_json(msg.data)
        except EventContractError:
            log.error("event_rejected", durable=self.durable, subject=msg.subject)
            metrics.EVENTS_CONSUMED.labels(self.durable, "malformed", "rejected").inc()
            await msg.term()  # a malformed event will never succeed; do not redeliver it
            return None

    async def _handle(self, msg: Msg) -> None:
        assert self.handler is not None
        event = await self._parse(msg)
        if event is None:
            return
        metrics.event_received(self.durable, _attempt(msg))
        with tracing.consuming(self.durable, event.subject, msg.headers) as span:
            try:
                await self.handler(event)
            except Exception:
                attempt = _attempt(msg)
                log_failure(
                    log,
                    "event_handler_failed",
                    durable=self.durable,
                    event_id=event.id,
                    attempt=attempt,
                )
                tracing.fail(span, "handler failed")
                metrics.events_handled(self.durable, [event], "failed")
                await msg.nak(delay=_backoff(attempt))
                return
            await msg.ack()
        metrics.events_handled(self.durable, [event], "handled")

    async def _handle_batch(self, handler: BatchHandler, messages: list[Msg]) -> None:
        good: list[tuple[Msg, Event]] = []
        for msg in messages:
            event = await self._parse(msg)
            if event is not None:
                good.append((msg, event))
        if not good:
            return
        events = [event for _, event in good]
        for msg, _ in good:
            metrics.event_received(self.durable, _attempt(msg))
        received = [(event.id, event.subject, msg.headers) for msg, event in good]
        with tracing.consuming_batch(self.durable, received) as span:
            try:
                await handler(events)
            except Exception:
                log_failure(log, "event_batch_failed", durable=self.durable, events=len(good))
                tracing.fail(span, "batch handler failed")
                metrics.events_handled(self.durable, events, "failed")
                for msg, _ in good:
                    await msg.nak(delay=_backoff(_attempt(msg)))
                return
            for msg, _ in good:
                await msg.ack()
        metrics.events_handled(self.durable, events, "handled")


def _attempt(msg: Msg) -> int:
    return msg.metadata.num_delivered or 1


def _backoff(attempt: int) -> float:
    return REDELIVERY_BACKOFF[min(attempt, len(REDELIVERY_BACKOFF)) - 1]
