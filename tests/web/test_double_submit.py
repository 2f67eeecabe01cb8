"""A form sent twice changes things once and shows a clear page: a double click on Accept
(with and without JavaScript), the same Decline form replayed as a POST, and the same capacity
form replayed. The second answer is the referral (or listing) as changed, never an error."""

from __future__ import annotations

from typing import Any

from kith_common.graph import Graph
from playwright.async_api import Browser, Page, expect

from tests.helpers.web import WIDE, sign_in
from tests.helpers.web_partner import (
    actions_taken,
    as_user,
    delivered,
    hidden_fields,
    refer_to_food_bank,
)
from tests.helpers.web_stack import WebStack

OURS = "{ ourServices { id version capacity { status } } }"


async def _double_click_accept(page: Page, stack: WebStack, referral_id: str) -> None:
    await delivered(stack, referral_id)
    await sign_in(page, stack.web, "foodbank", f"/referrals/{referral_id}")
    accept = page.get_by_role("button", name="Accept", exact=True)
    await expect(accept).to_be_visible()
    await accept.dblclick()
    await expect(page.get_by_role("button", name="Start work", exact=True)).to_be_visible()
    await expect(page.get_by_text("There is a problem")).to_have_count(0)
    assert page.url == f"{stack.web}/referrals/{referral_id}"


async def test_a_double_click_on_accept_accepts_once(
    web_stack: WebStack,
    district: Graph,
    router: str,
    demo_services: list[Any],
    page: Page,
    browser: Browser,
) -> None:
    with_js = await refer_to_food_bank(web_stack, demo_services, "BD-TWICE-0001")
    await _double_click_accept(page, web_stack, with_js)
    assert (await actions_taken(web_stack, with_js)).count("accept") == 1

    without_js = await refer_to_food_bank(web_stack, demo_services, "BD-TWICE-0002")
    context = await browser.new_context(viewport=WIDE, java_script_enabled=False)
    context.set_default_timeout(60_000)
    try:
        await _double_click_accept(await context.new_page(), web_stack, without_js)
    finally:
        await context.close()
    assert (await actions_taken(web_stack, without_js)).count("accept") == 1


async def test_a_replayed_decline_declines_once_and_shows_the_referral(
    web_stack: WebStack, district: Graph, router: str, demo_services: list[Any], page: Page
) -> None:
    referral_id = await refer_to_food_bank(web_stack, demo_services, "BD-TWICE-0003")
    await delivered(web_stack, referral_id)
    await sign_in(page, web_stack.web, "foodbank", f"/referrals/{referral_id}")
    decline = page.locator(f"form[action='/referrals/{referral_id}/reject']")
    await expect(decline).to_be_visible(timeout=60_000)
    sent = await hidden_fields(decline) | {"reason": "NO_CAPACITY"}
    url = f"{web_stack.web}/referrals/{referral_id}/reject"
    for _ in range(2):  # the same POST twice, as a browser retry or a proxy would send it
        answer = await page.request.post(url, form=sent)
        assert answer.status == 200
        assert answer.url == f"{web_stack.web}/referrals/{referral_id}"
        assert "Reason: We have no capacity" in await answer.text()
    assert (await actions_taken(web_stack, referral_id)).count("reject") == 1

    # A different form drawn before the change (a new key, the old version) is told why.
    stale = sent | {"idempotency_key": "another-form-0001"}
    answer = await page.request.post(url, form=stale)
    assert answer.status == 409
    assert "This referral has changed and that can no longer be done." in await answer.text()


async def test_a_replayed_capacity_form_makes_one_version(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    (before,) = (await as_user(web_stack, "foodbank", OURS))["ourServices"]
    await sign_in(page, web_stack.web, "foodbank", f"/our-services/{before['id']}/capacity")
    sent = await hidden_fields(page.locator("form[action$='/capacity']"))
    sent |= {"status": "closed", "available": "0", "maximum": "", "waiting": ""}
    for _ in range(2):
        answer = await page.request.post(f"{web_stack.web}/our-services/{before['id']}/capacity",
                                         form=sent)  # fmt: skip
        assert answer.status == 200
        assert "Saved whether" in await answer.text()
    (after,) = (await as_user(web_stack, "foodbank", OURS))["ourServices"]
    assert (after["version"], after["capacity"]["status"]) == (before["version"] + 1, "closed")
