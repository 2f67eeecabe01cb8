"""A results page stays within 150 KB transferred (everything but the map: the document, its
assets and the fonts its script needs) in every language the public pages offer, not only in
English and Urdu (tests/web/test_public.py), so a cheap phone on a slow plan can use it."""

from __future__ import annotations

import pytest
from kith_common.graph import Graph
from playwright.async_api import Page

from tests.helpers.public_web import RESULTS_BUDGET, TRANSFERRED, warm
from tests.helpers.web_stack import WebStack


@pytest.mark.parametrize("lang", ["pa", "bn", "pl"])
async def test_a_results_page_transfers_at_most_150_kb(
    web_stack: WebStack, district: Graph, page: Page, lang: str
) -> None:
    await warm(web_stack, "food in Keighley")
    await page.goto(f"{web_stack.web}/?q=food+in+Keighley&lang={lang}")
    assert await page.get_attribute("html", "lang") == lang
    assert await page.locator(".kith-card").count() > 0
    await page.wait_for_load_state("networkidle")
    await page.evaluate("document.fonts.ready.then(() => true)")
    transferred = await page.evaluate(TRANSFERRED)
    print(f"{lang} results page: {transferred} bytes")  # the figure, for the report
    assert transferred <= RESULTS_BUDGET, f"{lang} results page transferred {transferred} bytes"
