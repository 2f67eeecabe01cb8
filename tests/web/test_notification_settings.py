"""Notification settings in a real browser: the food bank's admin sees, in plain words, how
the organisation is told about new referrals, adds a daily email digest with the keyboard
only, is told clearly what is missing, and stops it again; a worker without the admin role is
told who can change them. Every page passes axe and works at 320 px."""

from __future__ import annotations

from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack

SUBSCRIPTIONS = "{ notificationSubscriptions { channel email digest eventTypes } }"


async def test_the_admin_adds_a_daily_email_digest_by_keyboard_and_stops_it(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "foodbank", "/start")
    await activate_by_keyboard(page, "^Notification settings$")
    assert page.url == f"{web_stack.web}/settings/notifications"
    await expect(
        page.get_by_text("Nobody is told by email or by your own system yet.")
    ).to_be_visible()
    await check_page(page, "notification-settings")

    await tab_to(page, "^Email address to send to$")
    await page.keyboard.type("team@foodbank.example.org")
    await tab_to(page, "^A referral has waited too long")
    await page.keyboard.press("Space")
    await tab_to(page, "^An email for each one")
    await page.keyboard.press("ArrowDown")
    await page.keyboard.press("ArrowDown")  # one email a day
    await activate_by_keyboard(page, "^Add email notifications$")
    await expect(page.get_by_role("alert")).to_contain_text("Saved")
    card = page.locator(".nhsuk-card", has_text="Email to team@foodbank.example.org")
    await expect(card).to_contain_text("One email a day, listing them")
    await expect(card).to_contain_text("A new referral arrives")
    await expect(card).to_contain_text("A referral has waited too long for an answer")
    await check_page(page, "notification-settings-email")
    saved = (await as_user(web_stack, "foodbank", SUBSCRIPTIONS))["notificationSubscriptions"]
    (only,) = saved
    assert sorted(only.pop("eventTypes")) == ["referral.escalated", "referral.received"]
    assert only == {"channel": "EMAIL", "email": "team@foodbank.example.org", "digest": "DAILY"}

    await activate_by_keyboard(page, "^Stop these notifications")
    await expect(page.get_by_role("alert")).to_contain_text("Stopped")
    assert (await as_user(web_stack, "foodbank", SUBSCRIPTIONS))["notificationSubscriptions"] == []


async def test_missing_and_wrong_answers_are_shown_next_to_the_field(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "foodbank", "/settings/notifications")
    await page.get_by_role("button", name="Add email notifications").click()
    await expect(page.locator("#email-error")).to_contain_text("Enter the email address")
    await page.get_by_label("Email address to send to").fill("not an address")
    await page.get_by_role("button", name="Add email notifications").click()
    await expect(page.get_by_role("alert")).to_contain_text("Enter a real email address")
    await expect(page.get_by_label("Email address to send to")).to_have_value("not an address")
    await check_page(page, "notification-settings-error")
    await page.get_by_label("A new referral arrives").first.uncheck()
    await page.get_by_label("Email address to send to").fill("team@foodbank.example.org")
    await page.get_by_role("button", name="Add email notifications").click()
    await expect(page.locator("#email-events-error")).to_contain_text("Choose at least one")
    assert (await as_user(web_stack, "foodbank", SUBSCRIPTIONS))["notificationSubscriptions"] == []


async def test_a_worker_without_the_admin_role_is_told_who_can_change_them(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "housing", "/start")
    assert await page.get_by_role("link", name="Notification settings").count() == 0
    response = await page.goto(f"{web_stack.web}/settings/notifications")
    assert response is not None
    assert response.status == 403
    await expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Only your organisation's admin can change notification settings"
    )
    await check_page(page, "notification-settings-not-admin")
