"""The webhook sender: a loop any replica runs that claims due deliveries, signs and POSTs
them, and records every attempt with its schedule consequences (retry, dead letter, breaker).

Work is pipelined: the loop keeps up to `concurrency` attempts in flight and never waits for a
slow partner before claiming more, and each endpoint has at most `per_endpoint` in flight, so
one slow or dead partner cannot hold up the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import uuid
from datetime import datetime
from typing import Any

from kith_common import metrics, tracing
from kith_common.envelope import KeyRing
from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_notifications import schedule
from kith_notifications.config import Clock, NotifyConfig, system_clock
from kith_notifications.domain.breaker import Breaker
from kith_notifications.domain.retry import parse_retry_after
from kith_notifications.egress_http import PostOutcome, SafePoster
from kith_notifications.webhooks import SECRET_CONTEXT, SignedMessage, sign

log = get_logger(__name__)
SLOW_DOWN = (429, 503)
WRITE_BATCH = 200
Outcome = tuple[dict[str, Any], PostOutcome, "asyncio.Future[None]"]


class WebhookSender:
    def __init__(
        self,
        graph: Graph,
        poster: SafePoster,
        config: NotifyConfig,
        keys: KeyRing,
        clock: Clock = system_clock,
    ) -> None:
        self.graph = graph
        self.clock = clock
        self.keys = keys
        self.poster = poster
        self.config = config
        self.owner = str(uuid.uuid4())
        self.rng = random.Random()
        self.in_flight: dict[str, int] = {}
        self.tasks: set[asyncio.Task[None]] = set()
        self.wake = asyncio.Event()
        self.outcomes: asyncio.Queue[Outcome] = asyncio.Queue()

    async def claim(self, limit: int) -> list[dict[str, Any]]:
        now = self.clock()
        until = now + self.config.lease
        busy = [e for e, n in self.in_flight.items() if n >= self.config.per_endpoint]

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            candidates = await schedule.rows(
                tx,
                schedule.WEBHOOK_CANDIDATES,
                now=now,
                busy=busy,
                limit=limit,
                per_endpoint=self.config.per_endpoint,
            )
            ids: list[str] = []
            for row in candidates:
                if row["circuit"] != "closed" and not await schedule.rows(
                    tx,
                    schedule.START_PROBE,
                    endpoint_id=row["endpoint_id"],
                    now=now,
                    lease_until=until,
                ):
                    continue  # another replica is probing this endpoint
                ids += row["ids"]
            return await schedule.rows(
                tx, schedule.LEASE_WEBHOOKS, ids=ids, owner=self.owner, now=now, lease_until=until
            )

        return await self.graph.write(work)

    async def attempt(self, row: dict[str, Any]) -> None:
        stored = [row["secret"], *([row["previous_secret"]] if row["previous_secret"] else [])]
        secrets = [self.keys.reveal(s, SECRET_CONTEXT) for s in stored]
        message = sign(row["event_id"], row["body"], secrets[0], self.clock(), *secrets[1:])
        outcome = await self._post(row, message)
        await self.record(row, outcome)

    async def _post(self, row: dict[str, Any], message: SignedMessage) -> PostOutcome:
        """The POST in a client span continuing the trace the recorder stored with the
        delivery; its `traceparent` header lets the partner join the trace. Ids and status
        only on the span: never the URL (a partner's token may sit in it) nor the body."""
        ids = {
            "http.request.method": "POST",
            "kith.delivery.id": row["id"],
            "kith.event.id": row["event_id"],
            "kith.webhook.endpoint.id": row["endpoint_id"],
            "kith.delivery.attempt": row["attempts"] + 1,
        }
        with tracing.calling("POST webhook", row["traceparent"], ids) as (span, context):
            outcome = await self.poster.post(row["url"], message.body, message.headers | context)
            if outcome.status_code is not None:
                span.set_attribute("http.response.status_code", outcome.status_code)
            if not outcome.ok:
                code = outcome.status_code
                tracing.fail(span, f"HTTP {code}" if code else "no response")
        return outcome

    async def record(self, row: dict[str, Any], outcome: PostOutcome) -> None:
        """Hand the outcome to the writer, which commits many attempts per transaction."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.outcomes.put_nowait((row, outcome, done))
        await done
        metrics.webhook_attempt(outcome.status_code, outcome.ms)
        log.info(
            "webhook_attempt",
            delivery_id=row["id"],
            event_id=row["event_id"],
            endpoint_id=row["endpoint_id"],
            status_code=outcome.status_code,
            ok=outcome.ok,
        )

    async def _write(self, batch: list[tuple[dict[str, Any], PostOutcome]]) -> list[bool]:
        async def work(tx: AsyncManagedTransaction) -> list[bool]:
            now, attempts = self.clock(), []
            for row, outcome in batch:
                if outcome.ok and row["circuit"] == "closed" and row["failures"] == 0:
                    attempts.append(self._decide(row, outcome, Breaker(), now)[0])
                    continue  # a success that leaves a healthy breaker as it was
                endpoint = row["endpoint_id"]
                breaker = await schedule.lock_breaker(tx, endpoint)
                attempt, breaker = self._decide(row, outcome, breaker, now)
                await schedule.save_breaker(tx, endpoint, breaker)
                attempts.append(attempt)
            recorded = await schedule.record_attempts(tx, attempts, self.owner, now)
            return [row["id"] in recorded for row, _ in batch]

        return await self.graph.write(work)

    async def writer(self) -> None:
        """Commit finished attempts in batches: what piled up while the last commit ran."""
        while True:
            items = [await self.outcomes.get()]
            while not self.outcomes.empty() and len(items) < WRITE_BATCH:
                items.append(self.outcomes.get_nowait())
            try:
                recorded = await self._write([(row, outcome) for row, outcome, _ in items])
            except Exception as exc:  # the leases expire and the attempts are made again
                for *_, done in items:
                    done.set_exception(exc)
                continue
            for (row, _, done), ours in zip(items, recorded, strict=True):
                if not ours:
                    log.warning("delivery_lease_lost", delivery_id=row["id"])
                done.set_result(None)

    def _decide(
        self, row: dict[str, Any], outcome: PostOutcome, breaker: Breaker, now: datetime
    ) -> tuple[schedule.Attempt, Breaker]:
        if outcome.ok:
            done = schedule.Attempt(
                row["id"], "delivered", None, outcome.status_code, outcome.ms, None
            )
            return done, breaker.on_success()
        retry_after = (
            parse_retry_after(outcome.retry_after, now)
            if outcome.status_code in SLOW_DOWN
            else None
        )
        next_at = self.config.retry.next_attempt(
            attempts=row["attempts"] + 1,
            window_start=schedule.native(row["window_start"]) or now,
            now=now,
            retry_after=retry_after,
            rng=self.rng,
        )
        if retry_after is not None:
            breaker = breaker.on_slow_down(now + retry_after)
        else:
            breaker = breaker.on_failure(now, self.config.breaker)
        status = "pending" if next_at else "dead"
        attempt = schedule.Attempt(
            row["id"], status, next_at, outcome.status_code, outcome.ms, outcome.error
        )
        return attempt, breaker

    def _start(self, row: dict[str, Any]) -> None:
        endpoint = row["endpoint_id"]
        self.in_flight[endpoint] = self.in_flight.get(endpoint, 0) + 1

        async def one() -> None:
            try:
                await self.attempt(row)
            except Exception:  # the lease expires and another attempt follows
                log.exception("webhook_attempt_failed", delivery_id=row["id"])
            finally:
                self.in_flight[endpoint] -= 1
                self.wake.set()

        task = asyncio.create_task(one())
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def step(self) -> int:
        """Claim what fits and start it; returns how many attempts were started."""
        free = self.config.concurrency - len(self.tasks)
        if free <= 0:
            return 0
        rows = await self.claim(free)
        for row in rows:
            self._start(row)
        return len(rows)

    async def run(self, stop: asyncio.Event) -> None:
        log.info("webhook_sender_started", owner=self.owner)
        writer = asyncio.create_task(self.writer())
        while not stop.is_set():
            self.wake.clear()  # before the step: a completion during it wakes the next wait
            try:
                started = await self.step()
            except Exception:  # Neo4j unavailable: keep trying; leases keep the work safe
                log.exception("webhook_sender_step_failed")
                started = 0
            if started == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._woken(stop), self.config.poll.total_seconds())
        if self.tasks:
            await asyncio.wait(self.tasks, timeout=self.config.http_timeout + 5)
        writer.cancel()
        log.info("webhook_sender_stopped", owner=self.owner)

    async def _woken(self, stop: asyncio.Event) -> None:
        waits = [asyncio.create_task(self.wake.wait()), asyncio.create_task(stop.wait())]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
