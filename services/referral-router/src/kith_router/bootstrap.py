"""The one place that wires the referral router: a durable consumer plus the outbox relay."""

from __future__ import annotations

from kith_common.events import REFERRAL_REQUESTED, Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer
from kith_common.logging import configure_logging
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from nats.js import JetStreamContext
from starlette.applications import Starlette

from kith_router.handlers import deliver_referral

DURABLE = "referral-router"


def build_app(settings: Settings) -> Starlette:
    graph = Graph.from_settings(settings)

    async def handle(event: Event) -> None:
        if event.type == REFERRAL_REQUESTED:
            await deliver_referral(graph, event)

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        subjects = [REFERRAL_REQUESTED.subject]
        consumer = DurableConsumer(js, settings.stream_name, DURABLE, subjects, handle)
        return [("consumer", consumer.run)]

    return worker_app(graph, Messaging(settings, "kith-router"), loops)


def main() -> None:
    settings = Settings.from_env()
    configure_logging("referral-router", settings.log_level)
    serve(build_app(settings), settings, settings.router_port)
