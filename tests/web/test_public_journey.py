"""The whole public journey by keyboard alone on a 320 px screen, in English and in Urdu (right
to left, reached through the language switcher): search in plain words and by place, choose a
filter, open a service, ask it to contact me, read the confirmation. axe-core on every page at
320 px, no sideways scrolling, and no cookie."""

from __future__ import annotations

import re
from typing import Any

from kith_common.graph import Graph
from kith_web.public import i18n
from playwright.async_api import Page

from tests.helpers.public_web import food_bank_service, warm, warm_ask
from tests.helpers.web import NARROW, check_axe, screenshot, tab_to
from tests.helpers.web_stack import WebStack

BENGALI_OPTION = 3  # "Language spoken there": any, Urdu, Punjabi, Bengali


async def at_320(page: Page, name: str, direction: str) -> None:
    """axe at 320 px, nothing wider than the screen, the page's direction, a screenshot."""
    assert await page.get_attribute("html", "dir") == direction
    await check_axe(page)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width}px wide"
    await screenshot(page, name)


async def press_on(page: Page, label: str, key: str = "Enter", navigates: bool = True) -> None:
    """Tab (only) to the control whose text or label is exactly `label`, then press `key`."""
    await tab_to(page, f"^{re.escape(label)}$", max_presses=150)
    if navigates:
        async with page.expect_navigation():
            await page.keyboard.press(key)
    else:
        await page.keyboard.press(key)


async def type_into(page: Page, label: str, text: str) -> None:
    await tab_to(page, f"^{re.escape(label)}$", max_presses=150)
    await page.keyboard.type(text)


async def journey(page: Page, base: str, code: str, service: dict[str, Any]) -> str:
    _ = i18n.translations(code).gettext
    direction = i18n.BY_CODE[code].direction
    organisation = service["organization"]["name"]
    await page.goto(base)
    if code != "en":
        await press_on(page, i18n.BY_CODE[code].native_name)  # the language switcher
    await at_320(page, f"journey-{code}-1-front", direction)
    await type_into(page, _("What would you like help with?"), "I need food")
    await type_into(page, _("Town, neighbourhood or postcode"), "BD3")
    await press_on(page, _("More choices"), navigates=False)
    await tab_to(page, f"^{re.escape(_('Language spoken there'))}$")
    for _step in range(BENGALI_OPTION):
        await page.keyboard.press("ArrowDown")
    assert await page.eval_on_selector("#spoken", "e => e.value") == "bn"
    await press_on(page, _("Search"))
    understood = await page.inner_text(".kith-understood")
    assert _("Near %(place)s.") % {"place": "BD3"} in understood
    await at_320(page, f"journey-{code}-2-results", direction)
    await press_on(page, service["name"])
    await page.get_by_role("heading", name=_("What happens there")).wait_for()
    await at_320(page, f"journey-{code}-3-service", direction)
    await press_on(page, _("Ask this service to contact me"))
    await at_320(page, f"journey-{code}-4-contact", direction)
    await type_into(page, _("Phone number"), "07700 900123")
    await type_into(page, _("What would you like help with?"), "Food for my family this week")
    consent = _("I agree to share these details with %(organisation)s")
    await press_on(page, consent % {"organisation": organisation}, key="Space", navigates=False)
    assert await page.is_checked("#consent")
    await press_on(page, _("Send"))
    await page.get_by_role("heading", name=_("Your request has been sent")).wait_for()
    await at_320(page, f"journey-{code}-5-sent", direction)
    assert await page.context.cookies() == []
    return await page.inner_text(".kith-reference")


async def test_the_public_journey_by_keyboard_at_320px_in_english_and_urdu(
    web_stack: WebStack, district: Graph, demo_services: list[dict[str, Any]], page: Page
) -> None:
    await warm(web_stack, "I need food", "food")
    await warm_ask(web_stack, demo_services)
    await page.set_viewport_size(NARROW)
    service = food_bank_service(web_stack, demo_services)
    references = [await journey(page, web_stack.web, code, service) for code in ("en", "ur")]
    assert len(set(references)) == 2  # two requests, each with its own reference
