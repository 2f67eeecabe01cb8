"""The one place that wires the gateway: settings → graph, token verifier, messaging → app."""

from __future__ import annotations

import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from kith_common.auth import JwksVerifier
from kith_common.graph import Graph
from kith_common.logging import configure_logging
from kith_common.runtime import Messaging, running, serve
from kith_common.settings import Settings
from kith_common.tracing import configure_tracing
from starlette.applications import Starlette

from kith_gateway.app import create_app
from kith_gateway.config import GatewayConfig
from kith_gateway.context import utc_now
from kith_gateway.insights.schedule import equity_check_loop
from kith_gateway.meetings.actions import overdue_loop
from kith_gateway.public.erasure import erasure_loop


def build_app(settings: Settings, config: GatewayConfig | None = None) -> Starlette:
    """`config` defaults to the process environment's (a test passes its own)."""
    config = config or GatewayConfig.from_env(os.environ)
    graph = Graph.from_settings(settings)
    verifier = JwksVerifier(settings.jwks_url, settings.jwt_issuer, settings.jwt_audience)
    messaging = Messaging(settings, "kith-gateway")
    replica = f"{socket.gethostname()}:{os.getpid()}"  # who holds a scheduled run's lease

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        await messaging.start()
        try:
            async with running(
                ("outbox-relay", messaging.relay(graph).run),
                ("meeting-overdue-sweep", overdue_loop(graph, settings.meetings_sweep_seconds)),
                ("equity-check", equity_check_loop(graph, config.insights, replica, utc_now)),
                ("contact-erasure", erasure_loop(graph, config.public, replica, utc_now)),
            ):
                yield
        finally:
            await messaging.close()
            await graph.close()

    checks = {"neo4j": graph.ping, "nats": messaging.ready}
    return create_app(graph, verifier, checks, lifespan, config, settings=settings)


def main() -> None:
    settings = Settings.from_env()
    configure_logging("gateway", settings.log_level)
    configure_tracing("gateway", os.environ)
    serve(build_app(settings), settings, settings.gateway_port)
