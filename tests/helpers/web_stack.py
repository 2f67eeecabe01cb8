"""The web app on the real stack: dev issuer (with demo users), gateway and web service on free
loopback ports against the session's Neo4j and NATS, and a real chromium.

Servers are session-scoped (they hold no data); `district` gives each test a clean graph with
the demo district imported; `router` runs the referral router for tests that send referrals.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.demo_district import generate_directory, read_areas
from kith_devstack.issuer import DemoUser, DevIssuer, issuer_app
from kith_devstack.processes import free_port
from kith_directory.adapters.sources import area_csv_rows
from kith_directory.bootstrap import build_importer
from kith_directory.handlers import import_services, load_areas
from kith_gateway.bootstrap import build_app as gateway_app
from kith_gateway.config import GatewayConfig
from kith_router.bootstrap import build_app as router_app
from kith_web.bootstrap import build_app as web_app
from kith_web.config import WebConfig
from nats.js import JetStreamContext
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.helpers.web import CHROMIUM, WIDE
from tests.support import serving

DEMO_AREAS = "data/areas/bradford_craven_lsoa2011_imd2019.csv"
WITHOUT_NASTALIQ = Path(__file__).with_name("without-nastaliq.conf")


@dataclass(frozen=True)
class WebStack:
    web: str  # the web app's base URL
    gateway: str
    issuer: DevIssuer
    users: dict[str, DemoUser]
    settings: Settings  # wired to this stack's issuer

    def config(self, port: int) -> WebConfig:
        """A web app configuration for this stack (a second replica, for instance)."""
        return WebConfig(
            settings=self.settings,
            port=port,
            base_url=f"http://127.0.0.1:{port}",
            gateway_url=self.gateway,
            oidc_issuer=self.issuer.issuer,
        )


@pytest.fixture(scope="session")
def demo_services(repo_root: Path) -> list[dict[str, object]]:
    return generate_directory(read_areas(repo_root / DEMO_AREAS), seed=7)


# Not the default (30), so a page that words the retention period must ask the gateway for it.
CONTACT_KEPT_DAYS = 14


def _gateway_config() -> GatewayConfig:
    defaults = GatewayConfig.defaults()
    kept = timedelta(days=CONTACT_KEPT_DAYS)
    return dataclasses.replace(
        defaults, public=dataclasses.replace(defaults.public, retention=kept)
    )


@pytest.fixture(scope="session")
async def web_stack(
    settings: Settings, demo_services: list[dict[str, Any]]
) -> AsyncIterator[WebStack]:
    from kith_devstack.demo_users import demo_users

    users = demo_users(demo_services)
    issuer_port, web_port = free_port(), free_port()
    issuer = DevIssuer(f"http://127.0.0.1:{issuer_port}", settings.jwt_audience)
    wired = dataclasses.replace(
        settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer.issuer}/.well-known/jwks.json"
    )
    async with AsyncExitStack() as running:
        await running.enter_async_context(serving(issuer_app(issuer, users), issuer_port))
        gateway = await running.enter_async_context(serving(gateway_app(wired, _gateway_config())))
        stack = WebStack(f"http://127.0.0.1:{web_port}", gateway, issuer, users, wired)
        await running.enter_async_context(serving(web_app(stack.config(web_port)), web_port))
        yield stack


@pytest.fixture
async def district(graph: Graph, repo_root: Path, demo_services: list[dict[str, Any]]) -> Graph:
    """A clean graph with the real areas and the synthetic demo directory imported."""
    await load_areas(graph, area_csv_rows(repo_root / DEMO_AREAS))
    summary = await import_services(build_importer(graph), demo_services, "demo-district")
    assert not summary.rejected
    return graph


@pytest.fixture
async def router(web_stack: WebStack, jetstream: JetStreamContext) -> AsyncIterator[str]:
    """The referral router (delivers sent referrals), on a freshly purged stream."""
    async with serving(router_app(web_stack.settings)) as url:
        yield url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Chromium on a phone without Nastaliq installed (what the Urdu page's budget is measured on)."""
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, env={**os.environ, "FONTCONFIG_FILE": str(WITHOUT_NASTALIQ)}
        )
        yield launched
        await launched.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    """A fresh browser context (no cookies); fails the test on any CSP violation or JS error."""
    context = await browser.new_context(viewport=WIDE)
    # Deadlines, not sleeps: generous because CI shares two cores with everything else.
    context.set_default_timeout(60_000)
    expect.set_options(timeout=30_000)
    opened = await context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    opened.on(
        "console",
        lambda msg: (
            problems.append(
                f"{msg.text} at {msg.location.get('url')}:{msg.location.get('lineNumber')}"
            )
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    yield opened
    await context.close()
    assert not problems, problems
