"""The link in a webhook or an email (`<public base URL>/referrals/<id>`) opens the referral's
page in the web app: after signing in when signed out, for either side of the referral; another
organisation gets "Page not found" and learns nothing. `make up` points the links at the web
app (KITH_PUBLIC_BASE_URL)."""

from __future__ import annotations

import json
from typing import Any

from kith_common.events import REFERRAL_ACCEPTED, Event
from kith_common.graph import Graph
from kith_notifications.webhooks import body_for
from playwright.async_api import Page, expect

from tests.helpers.web import check_page, choose_demo_user
from tests.helpers.web_partner import refer_to_food_bank
from tests.helpers.web_stack import WebStack


def webhook_link(stack: WebStack, referral_id: str) -> str:
    """The link the notifications service puts in a webhook (and so in an email)."""
    ids = {"referral_id": referral_id, "service_id": "s", "to_organisation_id": "t",
           "from_organisation_id": "f"}  # fmt: skip
    body = json.loads(body_for(Event(REFERRAL_ACCEPTED, referral_id, ids), stack.web))
    return str(body["data"]["links"]["referral"])


async def test_the_link_opens_the_referral_after_signing_in(
    web_stack: WebStack, district: Graph, demo_services: list[Any], page: Page
) -> None:
    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-LINK-0001")
    link = webhook_link(web_stack, referral_id)
    assert link == f"{web_stack.web}/referrals/{referral_id}"
    for username in ("foodbank", "prescriber"):  # the receiver and the referrer
        await page.context.clear_cookies()
        await page.goto(link)
        await choose_demo_user(page, username, keyboard=True)
        assert page.url == link
        await expect(page.get_by_text("Struggling to afford food")).to_be_visible()
    await check_page(page, "referral-from-a-link")


async def test_another_organisation_following_the_link_finds_nothing(
    web_stack: WebStack, district: Graph, demo_services: list[Any], page: Page
) -> None:
    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-LINK-0002")
    await page.goto(webhook_link(web_stack, referral_id))
    await choose_demo_user(page, "housing")
    await expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    assert await page.get_by_text("BD-LINK-0002").count() == 0
    assert await page.get_by_text("Struggling to afford food").count() == 0
