"""The system lead in a real browser: the gap map on real LSOA boundaries with names, details
on hover, focus and tap, filters, priorities apart from areas with no service in reach; the
equity audit in plain words with its forest plot; downloads through the session; axe, 320 px
and the keyboard. The equity audit's PNG and who may download it are checked over plain HTTP."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import httpx
from kith_common.graph import Graph
from kith_devstack.demo_referrals import generate
from kith_web.lead.equity import AUDIT
from kith_web.lead.gapmap import BRADFORD, GAP_MAP
from kith_web.lead.picture import ZOOM
from PIL import Image
from playwright.async_api import Page

from tests.helpers.web import NARROW, WIDE, check_page, sign_in, tab_to
from tests.helpers.web_stack import WebStack

VIEWBOX = re.compile(r"viewBox='0 0 ([\d.]+) ([\d.]+)'")
MAX_HEIGHT_WIDE = 6_000
MAX_HEIGHT_NARROW = 8_000
CODES = re.compile(r"\b(white_british|other_white|black_african|Q[1-5]|not-recorded)\b")


async def _warm(stack: WebStack, query: str = GAP_MAP) -> None:
    """The gateway's first answer on a fresh graph plans its queries (slow on a busy CI
    machine); the page is what these tests are about."""
    lead = stack.users["lead"]
    token = stack.issuer.mint("lead", lead.organisation_id, lead.roles)
    async with httpx.AsyncClient(timeout=120) as client:
        body = {"query": query, "variables": {"g": {"code": BRADFORD}, "need": None}}
        reply = await client.post(f"{stack.gateway}/graphql", json=body,
                                  headers={"authorization": f"Bearer {token}"})  # fmt: skip
    assert "errors" not in reply.json()


async def _height(page: Page) -> int:
    height: int = await page.evaluate("document.documentElement.scrollHeight")
    return height


async def _fits(page: Page) -> None:
    """The page was 43,656 px tall (every area in two full tables). Now the map comes first and
    only the 10 most urgent and 5 unreached areas are open: the rest sit in closed details.
    Bounds: the header, filters, map (about 1,000 px at 1024 px wide), key and up to 15 rows
    (about 150 px each) fit in 6,000 px, about seven laptop screens; at 320 px the map is
    shorter but the filters stack, so 8,000. Bradford measured 4,690 and 4,812 px (2026-12-03).
    Neither grows with the number of areas."""
    wide = await _height(page)
    assert wide < MAX_HEIGHT_WIDE, f"{wide} px tall at 1024 px"
    await page.set_viewport_size(NARROW)
    narrow = await _height(page)
    await page.set_viewport_size(WIDE)
    assert narrow < MAX_HEIGHT_NARROW, f"{narrow} px tall at 320 px"
    hidden = page.locator("details.kith-more-areas:not([open]) tbody tr")
    assert await hidden.count() > 0, "the rest of the areas are on the page, folded away"


async def test_the_lead_reads_the_gap_map_and_downloads_its_csv(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await _warm(web_stack)
    await sign_in(page, web_stack.web, "lead")
    assert page.url.endswith("/lead/gap-map"), "the lead's first page is the gap map"
    assert await page.get_by_role("heading", name="Gap map of Bradford").is_visible()
    areas = page.locator("svg.kith-map a[aria-label]")
    assert await areas.count() == 310, "Bradford's 310 LSOAs, each a real boundary polygon"
    labels = await page.locator("svg.kith-map text").all_text_contents()
    assert "Bradford" in labels
    assert any(re.fullmatch(r"Bradford \d{3}", t) for t in labels), "neighbourhoods named"
    assert await page.get_by_text("Office for National Statistics").first.is_visible()
    outlines = page.locator("svg.kith-map .kith-map-outlines path")
    assert await outlines.count() >= 1, "the sub-ICB outlines around the district"
    first = areas.first
    await first.hover()
    words = await first.get_attribute("aria-label") or ""
    assert "residents" in words
    assert await page.locator("#kith-map-details").inner_text() == words
    ranked = page.locator("table.kith-areas").first.locator("tbody tr")
    assert await ranked.count() > 0
    top = await ranked.first.inner_text()
    assert "no service" not in top, "an area with no service in reach does not lead"
    await check_page(page, "lead-gap-map")
    await _fits(page)

    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Every area's figures (CSV)").click()
    download = await downloading.value
    body = (await download.path()).read_text()
    assert body.startswith("rank,lsoa_code,lsoa_name")
    assert len(re.findall(r"^\d+,E01\d{6},", body, re.MULTILINE)) == 310
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Map as a picture (SVG)").click()
    picture = (await (await downloading.value).path()).read_text()
    assert picture.startswith("<svg")
    assert "Crown copyright" in picture
    assert "<style>" in picture, "a downloaded map carries its own look"
    async with page.expect_download() as downloading:
        await page.get_by_role(
            "link", name="Map as a picture for slides and documents (PNG)"
        ).click()
    raster = Image.open(await (await downloading.value).path())
    raster.load()  # decodes every pixel: a truncated or corrupt PNG fails here
    assert raster.format == "PNG"
    width, height = (float(v) for v in VIEWBOX.search(picture).groups())  # type: ignore[union-attr]
    assert raster.size == (round(width * ZOOM), round(height * ZOOM)), "the SVG's own size, twice"
    colours = raster.convert("RGB").getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 8, "the map's colours, not a blank image"


async def test_map_downloads_are_for_signed_in_leads_only(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    """The PNG is checked exactly like the SVG: signed out, sign in first; another role, 403."""
    await _warm(web_stack)
    paths = ["/lead/gap-map.svg", "/lead/gap-map.png"]
    async with httpx.AsyncClient(timeout=60) as anonymous:
        for path in paths:
            answer = await anonymous.get(f"{web_stack.web}{path}?area={BRADFORD}")
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/sign-in?next="), path
            assert not answer.content, path
    await sign_in(page, web_stack.web, "prescriber")
    for path in paths:
        refused = await page.request.get(f"{web_stack.web}{path}?area={BRADFORD}")
        assert refused.status == 403, path
        assert "image" not in refused.headers["content-type"], path


async def test_filters_and_keyboard_on_the_gap_map(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await _warm(web_stack)
    await sign_in(page, web_stack.web, "lead", "/lead/gap-map?deprivation=1")
    rows = page.locator("table.kith-areas tbody tr")
    links = await page.locator("svg.kith-map a").count()
    assert 0 < links < 310, "only the areas inside the filter are links to their rows"
    assert links == await rows.count()
    for text in await rows.all_text_contents():  # the folded rows too
        assert "most deprived 10% of England" in text
    await page.select_option("#area", label="NHS West Yorkshire ICB")  # only in part here
    async with page.expect_navigation():
        await page.get_by_role("button", name="Show the map").click()
    problem = await page.locator(".nhsuk-warning-callout").inner_text()
    assert "only part of NHS West Yorkshire ICB" in problem
    await page.select_option("#area", label="Craven")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Show the map").click()
    assert await page.get_by_role("heading", name="Gap map of Craven").is_visible()
    # Keyboard: tab to the first area on the map; its details show; Enter opens its row.
    await page.goto(f"{web_stack.web}/lead/gap-map")
    await tab_to(page, "^Skip the map")
    await page.keyboard.press("Tab")
    focused = await page.evaluate("document.activeElement.getAttribute('aria-label')")
    where = await page.evaluate("document.activeElement.outerHTML.slice(0, 200)")
    assert focused, where
    assert "residents" in focused
    assert await page.locator("#kith-map-details").inner_text() == focused
    await page.keyboard.press("Enter")
    assert re.search(r"#area-E01\d+$", page.url)
    assert await page.locator("tr:target").is_visible(), "a folded row opens to show itself"
    # A row deep in the list, by keyboard: its details opens with Enter on its summary.
    await page.goto(f"{web_stack.web}/lead/gap-map")
    folded = page.locator("details.kith-more-areas").first
    assert not await folded.locator("tbody tr").first.is_visible()
    await tab_to(page, "^Skip the map")
    await page.keyboard.press("Enter")  # past the map's 310 areas
    await tab_to(page, "^The other [\\d,]+ areas in order of priority$")
    await page.keyboard.press("Enter")
    assert await folded.locator("tbody tr").first.is_visible()


async def test_the_lead_reads_the_equity_audit_in_plain_words(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await generate(district, seed=11)
    await _warm(web_stack)
    await _warm(web_stack, AUDIT)
    await sign_in(page, web_stack.web, "lead", "/lead/gap-map")
    async with page.expect_navigation():
        await page.get_by_role("link", name="Who is being referred: the equity audit").click()
    assert await page.get_by_role("heading", name="Who is being referred in Bradford").is_visible()
    main = await page.locator("main").inner_text()
    assert "Pakistani: " in main
    assert re.search(r"referred \d\.\d\d times as often; 95% CI \d\.\d\d to \d\.\d\d", main)
    assert "Most deprived fifth of England" in main
    assert "not recorded" in main
    assert not CODES.search(main), CODES.search(main)
    assert await page.locator("svg.kith-forest").count() >= 2
    await check_page(page, "lead-equity")
    async with page.expect_download() as downloading:
        await page.get_by_role("link", name="Every group's figures (CSV)").click()
    body = (await (await downloading.value).path()).read_text()
    assert body.startswith("dimension,group,people_referred")
    assert "Pakistani" in body


async def _signed_in(client: httpx.AsyncClient, stack: WebStack, username: str) -> None:
    """The browser's sign-in over plain HTTP: the web app's redirect to the development issuer,
    the demo user chosen there, and the callback that sets the session cookie."""
    begun = await client.get(f"{stack.web}/sign-in?next=/start")
    assert begun.status_code == 303, begun.text
    asked = {k: v[0] for k, v in parse_qs(urlsplit(begun.headers["location"]).query).items()}
    chosen = await client.post(
        f"{stack.issuer.issuer}/authorize", data={**asked, "username": username}
    )
    assert chosen.status_code == 303, chosen.text
    back = await client.get(chosen.headers["location"])
    assert back.status_code == 303, back.text


async def test_the_equity_forest_plot_downloads_as_png_for_leads_only(
    web_stack: WebStack, district: Graph
) -> None:
    """HTTP only (no browser): the PNG is checked exactly like the SVG (signed out, sign in
    first; another role, 403) and is the SVG rasterised at twice its size."""
    await generate(district, seed=11)
    await _warm(web_stack, AUDIT)
    paths = ["/lead/equity.svg", "/lead/equity.png"]
    async with httpx.AsyncClient(timeout=120) as anonymous:
        for path in paths:
            answer = await anonymous.get(f"{web_stack.web}{path}?area={BRADFORD}")
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/sign-in?next="), path
            assert not answer.content, path
    async with httpx.AsyncClient(timeout=120) as prescriber:
        await _signed_in(prescriber, web_stack, "prescriber")
        for path in paths:
            refused = await prescriber.get(f"{web_stack.web}{path}?area={BRADFORD}")
            assert refused.status_code == 403, path
            assert "image" not in refused.headers["content-type"], path
    async with httpx.AsyncClient(timeout=120) as lead:
        await _signed_in(lead, web_stack, "lead")
        page = await lead.get(f"{web_stack.web}/lead/equity?area={BRADFORD}")
        assert f'href="/lead/equity.png?area={BRADFORD}' in page.text, "linked from the page"
        svg = (await lead.get(f"{web_stack.web}/lead/equity.svg?area={BRADFORD}")).text
        answer = await lead.get(f"{web_stack.web}/lead/equity.png?area={BRADFORD}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/png"
    assert f'filename="kith-equity-{BRADFORD}.png"' in answer.headers["content-disposition"]
    raster = Image.open(io.BytesIO(answer.content))
    raster.load()  # decodes every pixel: a truncated or corrupt PNG fails here
    assert raster.format == "PNG"
    width, height = (float(v) for v in VIEWBOX.search(svg).groups())  # type: ignore[union-attr]
    assert raster.size == (round(width * ZOOM), round(height * ZOOM)), "the SVG's own size, twice"
    assert height > 70 + 26 * 5, "a row for each of several groups"
    colours = raster.convert("RGB").getcolors(maxcolors=1 << 24) or []
    assert len(colours) > 8, "dots, lines and words, not a blank image"
