"""The one place that wires the notifications service.

Loops, each safe to run on any number of replicas:
- recorder: a durable JetStream consumer on every `kith.>` event that records the deliveries
  they owe in the graph (one transaction per fetched batch, idempotent), then acks;
- webhook sender and verifier: claim due work from the graph under a lease and call partners;
- email sender (when an SMTP relay is configured);
- the outbox relay every service runs.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import httpx
from kith_common import metrics
from kith_common.envelope import KeyRing
from kith_common.events import Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer
from kith_common.logging import configure_logging
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from kith_common.tracing import configure_tracing
from nats.js import JetStreamContext
from starlette.applications import Starlette

from kith_notifications.config import Clock, NotifyConfig, system_clock
from kith_notifications.egress_http import SafePoster
from kith_notifications.gauges import delivery_backlog
from kith_notifications.mailer import EmailSender
from kith_notifications.recorder import record_events
from kith_notifications.retention import RetentionPolicy, retention_loop
from kith_notifications.sender import WebhookSender
from kith_notifications.verifier import Verifier

DURABLE = "notifications-recorder"
SUBJECTS = ["kith.>"]


def build_app(
    settings: Settings, config: NotifyConfig | None = None, clock: Clock = system_clock
) -> Starlette:
    """`clock` is the schedule's "now" (a test passes one it can move)."""
    config = config or NotifyConfig.from_env()
    graph = Graph.from_settings(settings)
    # Redirects are not followed: a partner's endpoint must not bounce us elsewhere.
    http = httpx.AsyncClient(
        timeout=httpx.Timeout(config.http_timeout, connect=min(5.0, config.http_timeout)),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=config.concurrency * 2),
        trust_env=False,  # never route partner calls through an ambient proxy
    )
    poster = SafePoster(http, config.egress)
    keys = KeyRing.configured(settings.data_keys)
    sender = WebhookSender(graph, poster, config, keys, clock)

    metrics.on_scrape("deliveries", delivery_backlog(graph))

    async def handle(events: Sequence[Event]) -> None:
        if await record_events(graph, events, settings.public_base_url, clock):
            sender.wake.set()

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        # A whole fetched batch is recorded in one transaction, then acked: one commit per
        # batch is what lets the recorder keep up with a burst. It stays idempotent
        # (everything is MERGEd on event ids) and at-least-once (a failed batch is redelivered).
        consumer = DurableConsumer(
            js,
            settings.stream_name,
            DURABLE,
            SUBJECTS,
            batch_handler=handle,
            batch=100,
            ack_wait=config.ack_wait.total_seconds(),
            drain_linger=0.02,
        )
        running: list[tuple[str, Loop]] = [
            ("recorder", consumer.run),
            ("webhook-sender", sender.run),
            ("webhook-verifier", Verifier(graph, poster, config, keys).run),
            ("retention", retention_loop(graph, RetentionPolicy.from_env(), sender.owner, clock)),
        ]
        if config.smtp is not None:
            mailer = EmailSender(graph, config, config.smtp, settings.public_base_url, clock)
            running.append(("email-sender", mailer.run))
        return running

    return worker_app(graph, Messaging(settings, "kith-notifications"), loops, [http.aclose])


def main() -> None:
    settings = Settings.from_env()
    configure_logging("notifications", settings.log_level)
    configure_tracing("notifications", os.environ)
    serve(build_app(settings), settings, settings.notifications_port)
