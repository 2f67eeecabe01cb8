"""The receiving organisation's day in a real browser: a referral arrives in the food bank's
inbox live (no reload), is accepted, started and completed with outcomes using the keyboard
only; another organisation sees none of it. Every page passes axe and works at 320 px."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_partner import HISTORY, as_user, delivered, refer_to_food_bank
from tests.helpers.web_stack import WebStack


async def test_food_bank_sees_a_referral_arrive_live_and_closes_the_loop_by_keyboard(
    web_stack: WebStack, district: Graph, router: str, demo_services: list[Any], page: Page
) -> None:
    await sign_in(page, web_stack.web, "foodbank", "/inbox")
    assert page.url == f"{web_stack.web}/inbox"
    await expect(page.get_by_text("New: 0 referrals")).to_be_visible()
    await check_page(page, "inbox-empty")

    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-WEB-0001")
    arrived = page.get_by_role("link", name="BD-WEB-0001")
    await expect(arrived).to_be_visible(timeout=60_000)  # live: the page was not reloaded
    await expect(page.get_by_text("New: 1 referral", exact=True)).to_be_visible()
    await check_page(page, "inbox")

    await activate_by_keyboard(page, "^BD-WEB-0001$")
    assert page.url == f"{web_stack.web}/referrals/{referral_id}"
    await expect(page.get_by_text("Struggling to afford food")).to_be_visible()
    await expect(page.get_by_text("Bradford 016A")).to_be_visible()  # the area's name, not code
    await check_page(page, "referral-new")

    await activate_by_keyboard(page, "^Accept$")
    await expect(page.get_by_text("Accepted", exact=True).first).to_be_visible()
    await activate_by_keyboard(page, "^Start work$")
    await expect(page.get_by_role("button", name="Complete", exact=True)).to_be_visible()
    await check_page(page, "referral-in-progress")
    await tab_to(page, "^The need was met$")
    await page.keyboard.press("Space")
    await activate_by_keyboard(page, "^Complete$")
    await expect(page.get_by_text("Outcomes: The need was met")).to_be_visible()
    await check_page(page, "referral-completed")

    seen = await as_user(web_stack, "prescriber", HISTORY, {"id": referral_id})
    assert seen["referral"]["status"] == "completed"
    actions = [h["action"] for h in seen["referral"]["history"]]
    assert actions.count("accept") == 1
    assert actions.count("complete") == 1


async def test_another_organisation_sees_none_of_it(
    web_stack: WebStack, district: Graph, router: str, demo_services: list[Any], page: Page
) -> None:
    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-WEB-0002")
    await sign_in(page, web_stack.web, "housing", "/inbox")
    await expect(page.get_by_text("New: 0 referrals")).to_be_visible()
    assert await page.get_by_text("BD-WEB-0002").count() == 0
    response = await page.goto(f"{web_stack.web}/referrals/{referral_id}")
    assert response is not None
    assert response.status == 404


async def test_a_decline_without_a_reason_is_shown_next_to_the_field(
    web_stack: WebStack, district: Graph, router: str, demo_services: list[Any], page: Page
) -> None:
    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-WEB-0003")
    # Live arrival is the first test's subject; this one is about the form, so it waits for
    # the router by API (its deadline allows for a loaded machine) before opening the page.
    await delivered(web_stack, referral_id)
    await sign_in(page, web_stack.web, "foodbank", f"/referrals/{referral_id}")
    await expect(page.get_by_role("button", name="Decline", exact=True)).to_be_visible()
    await page.get_by_role("button", name="Decline", exact=True).click()
    await expect(page.get_by_role("alert")).to_contain_text("Choose a reason")
    await expect(page.locator("#reject-reason-error")).to_contain_text("Choose a reason")
    await check_page(page, "referral-decline-error")
    await page.get_by_label("We have no capacity").check()
    await page.get_by_role("button", name="Decline", exact=True).click()
    await expect(page.get_by_text("Reason: We have no capacity")).to_be_visible()
