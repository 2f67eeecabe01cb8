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
        async for messages in self.config.batches(stop, drain_linger=0.02):
            await self._handle(messages)

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
