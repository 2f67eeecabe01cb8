"""Our services in a real browser: the food bank sees its listing's capacity, opening times and
freshness in words, changes them with the keyboard only, is told clearly what it typed wrong,
and an edit made on a page someone else has since changed is refused, not written over theirs.
Every page passes axe and works at 320 px."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from kith_common.graph import Graph
from playwright.async_api import Page, expect

from tests.helpers.web import activate_by_keyboard, check_page, sign_in, tab_to
from tests.helpers.web_stack import WebStack

OURS = "{ ourServices { id name version capacity { status } waitingWeeks openingTimes { days } } }"
CAPACITY = """mutation($i: UpdateCapacityInput!) { updateServiceCapacity(input: $i) {
  __typename } }"""


async def as_food_bank(stack: WebStack, query: str, variables: dict[str, Any] | None = None) -> Any:
    token = stack.issuer.token_for(stack.users["foodbank"])
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(
            f"{stack.gateway}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {token}"},
        )
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def food_bank_listing(stack: WebStack) -> dict[str, Any]:
    (listing,) = (await as_food_bank(stack, OURS))["ourServices"]
    return dict(listing)


async def test_the_food_bank_changes_its_listing_with_the_keyboard_only(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    listing = await food_bank_listing(web_stack)
    name, card = listing["name"], page.locator(f"#service-{listing['id']}")
    await sign_in(page, web_stack.web, "foodbank", "/start")
    await activate_by_keyboard(page, "^Our services$")
    assert page.url == f"{web_stack.web}/our-services"
    await expect(card).to_contain_text("Accepting referrals")
    await check_page(page, "our-services")

    await activate_by_keyboard(page, f"^Change\\s+whether {re.escape(name)}")
    await check_page(page, "our-services-capacity")
    await tab_to(page, "^Accepting referrals$")
    await page.keyboard.press("ArrowDown")  # the next choice: limited, a waiting list
    await tab_to(page, "^About how many weeks")
    await page.keyboard.type("3")
    await activate_by_keyboard(page, "^Save$")
    await expect(page.get_by_role("alert")).to_contain_text(
        f"Saved whether {name} is accepting referrals."
    )
    await expect(card).to_contain_text("Limited: there is a waiting list")
    await expect(card).to_contain_text(re.compile("about 3 weeks wait", re.IGNORECASE))

    await activate_by_keyboard(page, f"^Change\\s+opening times of {re.escape(name)}")
    await tab_to(page, "^When are you open")
    await page.keyboard.press("Control+A")
    await page.keyboard.type("Monday to Friday 9:30 to 16:30\n2nd Tuesday of the month 6pm-8pm")
    await check_page(page, "our-services-opening-times")
    await activate_by_keyboard(page, "^Save opening times$")
    await expect(card).to_contain_text("Monday to Friday 09:30 to 16:30")
    await expect(card).to_contain_text("2nd Tuesday of the month 18:00 to 20:00")

    await activate_by_keyboard(page, f"^Confirm {re.escape(name)} is still correct$")
    await expect(page.get_by_role("alert")).to_contain_text(f"{name} is marked as checked today")
    await expect(card).to_contain_text("by your organisation today")
    await expect(card).to_contain_text("Up to date")
    after = await food_bank_listing(web_stack)
    assert (after["capacity"]["status"], after["waitingWeeks"]) == ("waitlist", 3)
    assert after["version"] == listing["version"] + 3  # capacity, opening times, confirmation


async def test_what_cannot_be_read_is_named_next_to_the_field(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    listing = await food_bank_listing(web_stack)
    await sign_in(page, web_stack.web, "foodbank", f"/our-services/{listing['id']}/opening-times")
    await page.get_by_label("When are you open").fill("Tuesdays 10:00 to 12:00\nMondy 10-12")
    await page.get_by_role("button", name="Save opening times").click()
    summary = page.get_by_role("alert")
    await expect(summary).to_contain_text("Line 2: “mondy” is not a day of the week")
    await expect(page.locator("#opening-times-error")).to_contain_text("Line 2")
    await expect(page.get_by_label("When are you open")).to_have_value(
        "Tuesdays 10:00 to 12:00\nMondy 10-12"
    )  # nothing typed is lost
    await check_page(page, "our-services-opening-times-error")

    await page.goto(f"{web_stack.web}/our-services/{listing['id']}/capacity")
    await page.get_by_label("Places free now").fill("a few")
    await page.get_by_role("button", name="Save").click()
    await expect(page.locator("#available-error")).to_contain_text("must be a whole number")
    await check_page(page, "our-services-capacity-error")
    assert (await food_bank_listing(web_stack))["version"] == listing["version"]


async def test_an_edit_made_on_an_old_page_is_refused_not_written_over(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    listing = await food_bank_listing(web_stack)
    await sign_in(page, web_stack.web, "foodbank", f"/our-services/{listing['id']}/capacity")
    await page.get_by_label("Limited: there is a waiting list").check()
    # meanwhile a colleague says the service is full
    change = {"idempotencyKey": str(uuid.uuid4()), "serviceId": listing["id"], "status": "CLOSED",
              "expectedVersion": listing["version"]}  # fmt: skip
    await as_food_bank(web_stack, CAPACITY, {"i": change})

    await page.get_by_role("button", name="Save").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        f"Someone else changed {listing['name']} while you had this page open"
    )
    await expect(page.locator("#status-hint")).to_contain_text("Full: not accepting referrals")
    await expect(page.get_by_label("Limited: there is a waiting list")).to_be_checked()
    await check_page(page, "our-services-capacity-conflict")
    assert (await food_bank_listing(web_stack))["capacity"]["status"] == "closed"

    await page.get_by_role("button", name="Save").click()  # seen what it says now: save again
    await expect(page.get_by_role("alert")).to_contain_text("Saved whether")
    assert (await food_bank_listing(web_stack))["capacity"]["status"] == "waitlist"


async def test_another_organisations_listing_cannot_be_opened(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    listing = await food_bank_listing(web_stack)
    await sign_in(page, web_stack.web, "housing", "/our-services")
    await expect(page.get_by_role("heading", name="Our services", level=1)).to_be_visible()
    assert await page.get_by_text(listing["name"]).count() == 0
    response = await page.goto(f"{web_stack.web}/our-services/{listing['id']}/capacity")
    assert response is not None
    assert response.status == 404
