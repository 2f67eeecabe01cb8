"""A worker's own notification settings in a real browser: the housing worker (not an admin)
finds "My notifications" in the header, gives their email and chooses, with the keyboard only,
an email at once for new referrals and a daily one for overdue ones; a missing address is shown
next to the field; a prescriber is told these are for receiving organisations. Every page
passes axe and works at 320 px."""

from __future__ import annotations

from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import as_user
from tests.helpers.web_stack import WebStack

MINE = "{ myNotificationSettings { email newReferrals overdueReferrals } }"


async def test_a_worker_chooses_their_own_emails_by_keyboard(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "housing", "/start")
    await activate_by_keyboard(page, "^My notifications$")
    assert page.url == f"{web_stack.web}/settings/my-notifications"
    await expect(page.get_by_label("Do not email me").first).to_be_checked()
    await check_page(page, "my-notifications")

    await tab_to(page, "^Your work email address")
    await page.keyboard.type("sam@housing.example.org")
    await tab_to(page, "^Do not email me$")  # new referrals: the choice made so far
    await page.keyboard.press("ArrowUp")
    await page.keyboard.press("ArrowUp")  # email me straight away
    await tab_to(page, "^Do not email me$")  # overdue referrals
    await page.keyboard.press("ArrowUp")  # once a day
    await activate_by_keyboard(page, "^Save my choices$")
    await expect(page.get_by_role("alert")).to_contain_text("Saved")
    await expect(page.get_by_label("Your work email address")).to_have_value(
        "sam@housing.example.org"
    )
    await check_page(page, "my-notifications-saved")
    mine = (await as_user(web_stack, "housing", MINE))["myNotificationSettings"]
    assert mine == {
        "email": "sam@housing.example.org",
        "newReferrals": "IMMEDIATE",
        "overdueReferrals": "DAILY",
    }
    # The food bank's admin has settings of their own: the housing worker's are not theirs.
    theirs = (await as_user(web_stack, "foodbank", MINE))["myNotificationSettings"]
    assert theirs["email"] is None


async def test_a_missing_address_is_shown_next_to_the_field(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "foodbank", "/settings/my-notifications")
    await page.get_by_label("Email me straight away").first.check()
    await page.get_by_role("button", name="Save my choices").click()
    await expect(page.locator("#email-error")).to_contain_text("Enter your work email address")
    await expect(page.get_by_role("alert")).to_contain_text("Enter your work email address")
    await expect(page.get_by_label("Email me straight away").first).to_be_checked()
    await check_page(page, "my-notifications-error")
    mine = (await as_user(web_stack, "foodbank", MINE))["myNotificationSettings"]
    assert mine["newReferrals"] == "OFF"


async def test_a_prescriber_is_told_these_are_for_receiving_organisations(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await sign_in(page, web_stack.web, "prescriber", "/start")
    assert await page.get_by_role("link", name="My notifications").count() == 0
    response = await page.goto(f"{web_stack.web}/settings/my-notifications")
    assert response is not None
    assert response.status == 403
    await expect(page.get_by_role("heading", level=1)).to_contain_text(
        "for staff of organisations that receive referrals"
    )
