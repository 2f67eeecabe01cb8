"""The one place that wires the web service: settings → HTTP clients, NATS session store,
token verifier → app."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from kith_common import tracing
from kith_common.auth import JwksVerifier
from kith_common.jetstream import connect
from kith_common.logging import configure_logging
from kith_common.runtime import serve
from kith_common.tracing import configure_tracing
from starlette.applications import Starlette

from kith_web.app import create_app, templates
from kith_web.config import WebConfig
from kith_web.gateway import Gateway
from kith_web.lead.areas import AtlasLoader
from kith_web.oidc import OidcClient
from kith_web.sessions import SessionStore
from kith_web.web import Services


def build_app(config: WebConfig) -> Starlette:
    settings = config.settings
    verifier = JwksVerifier(settings.jwks_url, settings.jwt_issuer, settings.jwt_audience)
    state: dict[str, bool] = {"nats": False}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        nc = await connect(settings, "kith-web")
        # The page's trace goes on into the gateway (and only there: not to the identity provider).
        to_gateway = tracing.propagate_to(config.gateway_url)
        # Idle connections are dropped well before uvicorn's 5 s keep-alive closes them on the
        # gateway's side: reusing one it has just closed fails the request (seen as a 500).
        http = httpx.AsyncClient(
            timeout=30.0,
            limits=httpx.Limits(keepalive_expiry=2.0),
            event_hooks={"request": [to_gateway]},
        )
        try:
            store = await SessionStore.open(nc.jetstream(), config.idle_timeout_seconds)
            oidc = OidcClient(config.oidc_issuer, config.oidc_client_id, config.redirect_uri, http)
            gateway = Gateway(config.gateway_url, http)
            app.state.kith = Services(config, store, gateway, oidc, templates(), http)
            app.state.kith_atlas = AtlasLoader(config.areas_dir)  # the gap map's boundaries
            state["nats"] = True
            yield
        finally:
            state["nats"] = False
            await http.aclose()
            await nc.drain()

    async def nats_ready() -> bool:
        return state["nats"]

    return create_app(config, verifier, {"nats": nats_ready}, lifespan)


def main() -> None:
    config = WebConfig.from_env()
    configure_logging("web", config.settings.log_level)
    configure_tracing("web", os.environ)
    serve(build_app(config), config.settings, config.port)
