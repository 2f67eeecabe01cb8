"""The email sender: claims due email deliveries (immediate, or an hourly/daily digest whose
time has come), sends one message per subscription over SMTP, and records each attempt with
the same retry schedule as webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import random
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from typing import Any

from kith_common import tracing
from kith_common.graph import Graph
from kith_common.logging import get_logger
from neo4j import AsyncManagedTransaction

from kith_notifications import schedule
from kith_notifications.config import Clock, NotifyConfig, SmtpConfig, system_clock
from kith_notifications.domain.emails import MailItem, compose

log = get_logger(__name__)

EMAIL_CANDIDATES = """
MATCH (d:EmailPending)
WHERE d.next_attempt_at <= $now AND (d.lease_until IS NULL OR d.lease_until <= $now)
WITH d ORDER BY d.next_attempt_at LIMIT $limit
RETURN collect(d.id) AS ids
"""

# One group per subscription: a digest is one message with all of its due items.
EMAIL_GROUPS = """
UNWIND $ids AS id
MATCH (d:Delivery {id: id})-[:FOR_SUBSCRIPTION]->(s:Subscription)
OPTIONAL MATCH (o:Organisation {id: s.organisation_id})
RETURN s.id AS subscription_id, s.email AS to, s.active AS active,
       s.user_id IS NOT NULL AS personal,
       coalesce(o.name, 'your organisation') AS organisation,
       collect({id: d.id, type: d.type, body: d.body, attempts: d.attempts,
                window_start: d.window_start, occurred_at: d.occurred_at,
                traceparent: d.traceparent}) AS items
"""


def send_now(smtp: SmtpConfig, message: EmailMessage) -> None:
    with smtplib.SMTP(smtp.host, smtp.port, timeout=30) as client:
        if smtp.starttls:
            client.starttls(context=ssl.create_default_context())
        if smtp.username and smtp.password:
            client.login(smtp.username, smtp.password)
        client.send_message(message)


class EmailSender:
    def __init__(
        self,
        graph: Graph,
        config: NotifyConfig,
        smtp: SmtpConfig,
        base_url: str,
        clock: Clock = system_clock,
    ) -> None:
        self.graph, self.config, self.smtp, self.base_url = graph, config, smtp, base_url
        self.clock = clock
        self.owner = str(uuid.uuid4())
        self.rng = random.Random()

    async def claim(self) -> list[dict[str, Any]]:
        now = self.clock()

        async def work(tx: AsyncManagedTransaction) -> list[dict[str, Any]]:
            [found] = await schedule.rows(tx, EMAIL_CANDIDATES, now=now, limit=500)
            leased = await schedule.lease(
                tx, found["ids"], self.owner, now, now + self.config.lease
            )
            return await schedule.rows(tx, EMAIL_GROUPS, ids=leased)

        return await self.graph.write(work)

    async def send_group(self, group: dict[str, Any]) -> None:
        items = [
            MailItem(
                i["id"],
                i["type"],
                schedule.native(i["occurred_at"]) or self.clock(),
                i["body"],
            )
            for i in group["items"]
        ]
        started, error = asyncio.get_running_loop().time(), None
        if not group["active"] or not group["to"]:
            error = "subscription removed"
        else:
            message = compose(
                sender=self.smtp.sender,
                to=group["to"],
                organisation=group["organisation"],
                items=items,
                base_url=self.base_url,
                personal=bool(group.get("personal")),
            )
            error = await self._send(group, message)
        ms = round((asyncio.get_running_loop().time() - started) * 1000, 1)
        await self.record(group, error, ms)
        log.info(
            "email_sent",
            subscription_id=group["subscription_id"],
            items=len(items),
            ok=error is None,
        )

    async def _send(self, group: dict[str, Any], message: EmailMessage) -> str | None:
        """The SMTP exchange in a client span continuing the trace of the event behind the
        email (a digest's span links every event's trace). Ids and counts only on the span:
        never the address or the text."""
        items = group["items"]
        attributes: dict[str, str | int] = {
            "kith.subscription.id": group["subscription_id"],
            "kith.email.items": len(items),
            "kith.delivery.attempt": max(i["attempts"] for i in items) + 1,
        }
        traceparents = [i["traceparent"] for i in items]
        with tracing.calling_for_many("send email", traceparents, attributes) as span:
            try:
                await asyncio.to_thread(send_now, self.smtp, message)
            except (OSError, smtplib.SMTPException) as exc:
                tracing.fail(span, f"smtp: {type(exc).__name__}")
                return f"smtp: {type(exc).__name__}"
        return None

    async def record(self, group: dict[str, Any], error: str | None, ms: float) -> None:
        async def work(tx: AsyncManagedTransaction) -> None:
            now, attempts = self.clock(), []
            for item in group["items"]:
                next_at = None
                if error and error != "subscription removed":
                    next_at = self.config.retry.next_attempt(
                        attempts=item["attempts"] + 1,
                        window_start=schedule.native(item["window_start"]) or now,
                        now=now,
                        retry_after=None,
                        rng=self.rng,
                    )
                status = "delivered" if error is None else ("pending" if next_at else "dead")
                attempts.append(schedule.Attempt(item["id"], status, next_at, None, ms, error))
            await schedule.record_attempts(tx, attempts, self.owner, now)

        await self.graph.write(work)

    async def run(self, stop: asyncio.Event) -> None:
        log.info("email_sender_started", owner=self.owner)
        while not stop.is_set():
            try:
                groups = await self.claim()
                await asyncio.gather(*(self.send_group(g) for g in groups))
            except Exception:  # Neo4j or SMTP trouble: the leases expire and we try again
                log.exception("email_sender_step_failed")
                groups = []
            if not groups:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.config.poll.total_seconds())
