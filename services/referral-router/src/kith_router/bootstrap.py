"""The one place that wires the referral router: delivery (a durable consumer), the SLA
sweep, plus the outbox relay."""

from __future__ import annotations

import os
from collections.abc import Sequence

from kith_common.events import REFERRAL_REQUESTED, Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer
from kith_common.logging import configure_logging
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from kith_common.tracing import configure_tracing
from nats.js import JetStreamContext
from starlette.applications import Starlette

from kith_router.config import RouterConfig
from kith_router.handlers import deliver_referrals
from kith_router.sweeper import SlaSweeper

DURABLE = "referral-router"


def build_app(settings: Settings, config: RouterConfig | None = None) -> Starlette:
    graph = Graph.from_settings(settings)
    router = config or RouterConfig()

    async def handle(events: Sequence[Event]) -> None:
        requested = [e for e in events if e.type == REFERRAL_REQUESTED]
        if requested:
            await deliver_referrals(graph, requested, router.sla)

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        subjects = [REFERRAL_REQUESTED.subject]
        # What arrived together is delivered in one transaction (one commit per batch).
        consumer = DurableConsumer(
            js, settings.stream_name, DURABLE, subjects, batch_handler=handle
        )
        sweeper = SlaSweeper(graph, router)
        return [("consumer", consumer.run), ("sla-sweeper", sweeper.run)]

    return worker_app(graph, Messaging(settings, "kith-router"), loops)


def main() -> None:
    settings = Settings.from_env()
    configure_logging("referral-router", settings.log_level)
    configure_tracing("referral-router", os.environ)
    serve(build_app(settings, RouterConfig.from_env()), settings, settings.router_port)
