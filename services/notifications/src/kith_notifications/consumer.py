"""The recorder's JetStream consumer: a whole fetched batch is recorded in one transaction,
then acked. One commit per batch instead of per event is what lets the recorder keep up with
a burst; it stays idempotent (everything is MERGEd on event ids) and at-least-once (a batch
that fails is nak'd whole and redelivered after a back-off)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence

from kith_common.events import Event, EventContractError
from kith_common.jetstream import REDELIVERY_BACKOFF, DurableConsumer
from kith_common.logging import get_logger
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext

log = get_logger(__name__)

BatchHandler = Callable[[Sequence[Event]], Awaitable[object]]


async def _never(_: Event) -> None:  # the shared consumer's per-event handler is not used
    raise NotImplementedError


class BatchConsumer:
    def __init__(
        self,
        js: JetStreamContext,
        stream: str,
        durable: str,
        subjects: list[str],
        handler: BatchHandler,
        *,
        ack_wait: float,
        batch: int = 100,
    ) -> None:
        # The shared consumer's configuration (explicit acks, max deliveries), batched handling.
        self.config = DurableConsumer(
            js, stream, durable, subjects, _never, batch=batch, ack_wait=ack_wait
        )
        self.handler = handler

    async def run(self, stop: asyncio.Event) -> None:
        c = self.config
        await c.ensure()
        sub = await c.js.pull_subscribe_bind(durable=c.durable, stream=c.stream)
        log.info("consumer_started", durable=c.durable)
        while not stop.is_set():
            # Wait for one message, then drain any backlog in batches.
            messages = await self._fetch(sub, 1, linger=1.0)
            while messages:
                await self._handle(messages)
                messages = await self._fetch(sub, c.batch, linger=0.02)
        await sub.unsubscribe()

    async def _fetch(
        self, sub: JetStreamContext.PullSubscription, n: int, linger: float
    ) -> list[Msg]:
        try:
            return await sub.fetch(n, timeout=linger)
        except NatsTimeoutError:
            return []
        except Exception:  # NATS reconnecting: back off a moment and fetch again
            log.warning("consumer_fetch_failed", durable=self.config.durable)
            await asyncio.sleep(0.5)
            return []

    async def _handle(self, messages: list[Msg]) -> None:
        good: list[tuple[Msg, Event]] = []
        for msg in messages:
            try:
                good.append((msg, Event.from_json(msg.data)))
            except EventContractError:
                log.error("event_rejected", durable=self.config.durable, subject=msg.subject)
                await msg.term()  # a malformed event will never succeed
        if not good:
            return
        try:
            await self.handler([event for _, event in good])
        except Exception:
            log.exception("event_batch_failed", durable=self.config.durable, events=len(good))
            for msg, _ in good:
                attempt = msg.metadata.num_delivered or 1
                await msg.nak(delay=REDELIVERY_BACKOFF[min(attempt, len(REDELIVERY_BACKOFF)) - 1])
            return
        for msg, _ in good:
            await msg.ack()
