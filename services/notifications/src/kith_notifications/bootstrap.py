"""The one place that wires the notifications service: consumer, HTTP client, relay."""

from __future__ import annotations

import httpx
from kith_common.events import REFERRAL_RECEIVED, Event
from kith_common.graph import Graph
from kith_common.jetstream import DurableConsumer
from kith_common.logging import configure_logging
from kith_common.runtime import Loop, Messaging, serve, worker_app
from kith_common.settings import Settings
from nats.js import JetStreamContext
from starlette.applications import Starlette

from kith_notifications.handlers import TIMEOUT, notify_organisation

DURABLE = "notifications"


def build_app(settings: Settings) -> Starlette:
    graph = Graph.from_settings(settings)
    # Redirects are not followed: a partner's endpoint must not bounce us elsewhere.
    http = httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False)

    async def handle(event: Event) -> None:
        if event.type == REFERRAL_RECEIVED:
            to_org = event.data["to_organisation_id"]
            await notify_organisation(graph, http, event, to_org, settings.public_base_url)

    def loops(js: JetStreamContext) -> list[tuple[str, Loop]]:
        subjects = [REFERRAL_RECEIVED.subject]
        consumer = DurableConsumer(js, settings.stream_name, DURABLE, subjects, handle)
        return [("consumer", consumer.run)]

    return worker_app(graph, Messaging(settings, "kith-notifications"), loops, [http.aclose])


def main() -> None:
    settings = Settings.from_env()
    configure_logging("notifications", settings.log_level)
    serve(build_app(settings), settings, settings.notifications_port)
