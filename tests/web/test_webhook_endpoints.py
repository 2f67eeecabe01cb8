"""Connecting the organisation's own system in a real browser, keyboard only: the food bank's
admin gives its web address; Kith pings it at once and the page says how it answered
("it answered 404 (Not Found)", or that it is still waiting) and shows the signing secret once; after the fix, "Check it
again" makes it work; removing it asks first. The real gateway (egress allowed to loopback
here), notifications service and a partner's endpoint. Every page passes axe and 320 px."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator

import pytest
from kith_common.graph import Graph
from kith_devstack.processes import free_port
from kith_gateway.bootstrap import build_app as gateway_app
from kith_gateway.config import GatewayConfig
from kith_notifications.bootstrap import build_app as notifications_app
from kith_web.bootstrap import build_app as web_app
from nats.js import JetStreamContext
from playwright.async_api import Page, expect
from standardwebhooks import Webhook

from tests.helpers.notifications_support import Partner, fast_config, until
from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack
from tests.support import eventually, serving

ENDPOINTS = "{ webhookEndpoints { url status } }"
LOOPBACK = {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}


async def endpoint_is(stack: WebStack, status: str) -> bool:
    seen = await as_user(stack, "foodbank", ENDPOINTS)
    return bool(seen["webhookEndpoints"][0]["status"] == status)


@dataclasses.dataclass
class Connected:
    stack: WebStack
    partner: Partner
    hook: str


@pytest.fixture
async def connectable(
    web_stack: WebStack, district: Graph, jetstream: JetStreamContext
) -> AsyncIterator[Connected]:
    """The web stack with a gateway that may send to loopback, the notifications service that
    pings endpoints, and a partner's endpoint to connect."""
    partner = Partner()
    port = free_port()
    async with (
        serving(partner.app()) as partner_url,
        serving(gateway_app(web_stack.settings, GatewayConfig.from_env(LOOPBACK))) as gateway,
        serving(notifications_app(web_stack.settings, fast_config())),
    ):
        stack = dataclasses.replace(web_stack, gateway=gateway, web=f"http://127.0.0.1:{port}")
        async with serving(web_app(stack.config(port)), port):
            yield Connected(stack, partner, f"{partner_url}/hook")


async def test_the_admin_connects_checks_and_removes_a_system_by_keyboard(
    connectable: Connected, page: Page
) -> None:
    stack, partner = connectable.stack, connectable.partner
    partner.status = 404  # not ready yet
    await sign_in(page, stack.web, "foodbank", "/settings/notifications")
    await expect(page.get_by_text("has not connected a system of its own")).to_be_visible()
    await tab_to(page, "^Web address of your system")
    await page.keyboard.type(connectable.hook)
    await activate_by_keyboard(page, "^Connect this system$")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your system is connected")
    # On a loaded machine the answer may come after the page's wait: then it says so.
    outcome = re.compile(r"it answered 404 \(Not Found\)|is waiting for its answer")
    await expect(page.locator("#outcome")).to_contain_text(outcome)
    secret = await page.locator("#secret").input_value()
    await until(lambda: bool(partner.hits), within=120)
    ping = partner.hits[0]
    assert Webhook(secret).verify(ping.body, ping.headers)["type"] == "webhook.verification"
    await check_page(page, "webhook-connected")

    await eventually(lambda: endpoint_is(stack, "FAILED"), within=120)
    await activate_by_keyboard(page, "^Back to notification settings$")
    card = page.locator(".nhsuk-card", has_text=connectable.hook)
    await expect(card).to_contain_text("Not working")
    await expect(card).to_contain_text("It answered 404 (Not Found)")
    assert secret not in await page.content()  # shown once

    partner.status = 204  # fixed
    await activate_by_keyboard(page, "^Check it again")
    await expect(page.get_by_role("alert")).to_contain_text("Checking your system again")

    await eventually(lambda: endpoint_is(stack, "VERIFIED"), within=120)
    await page.reload()
    await expect(card).to_contain_text("Working")
    await check_page(page, "webhook-working")

    await activate_by_keyboard(page, "^Remove")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Remove this system?")
    await check_page(page, "webhook-remove")
    await activate_by_keyboard(page, "^Remove this system$")
    await expect(page.get_by_role("alert")).to_contain_text("Removed")
    assert (await as_user(stack, "foodbank", ENDPOINTS))["webhookEndpoints"] == []


async def test_a_missing_or_refused_address_is_shown_next_to_the_field(
    connectable: Connected, page: Page
) -> None:
    stack = connectable.stack
    await sign_in(page, stack.web, "foodbank", "/settings/notifications")
    await page.get_by_role("button", name="Connect this system").click()
    await expect(page.locator("#url-error")).to_contain_text("Enter the web address")
    await page.get_by_label("Web address of your system").fill("ftp://files.example.org/in")
    await page.get_by_role("button", name="Connect this system").click()
    await expect(page.locator("#url-error")).to_contain_text("Enter a web address Kith can send")
    await expect(page.get_by_label("Web address of your system")).to_have_value(
        "ftp://files.example.org/in"
    )
    await check_page(page, "webhook-connect-error")
    assert (await as_user(stack, "foodbank", ENDPOINTS))["webhookEndpoints"] == []
