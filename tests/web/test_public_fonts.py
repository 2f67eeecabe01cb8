"""Every script the public pages are offered in has a self-hosted font with a glyph for each
character they show, checked in the font files' cmaps with fontTools: for each language's whole
catalogue (no browser), and in the browser for what each language's results page shows and the
fonts that page actually downloaded."""

from __future__ import annotations

import io
import re
import subprocess

import httpx
import pytest
from fontTools.ttLib import TTFont
from kith_common.graph import Graph
from kith_web.public import fonts, i18n
from playwright.async_api import Browser, Page

from tests.helpers.public_web import warm
from tests.helpers.web import CHROMIUM
from tests.helpers.web_stack import WebStack

CODES = [lang.code for lang in i18n.LANGUAGES]
CSS = fonts.OUT.parent / "public.css"
SCRIPT_FAMILY = {"ur": "Kith Urdu", "pa": "Kith Gurmukhi", "bn": "Kith Bengali"}
LOADED_FONTS = """() => performance.getEntriesByType('resource')
  .filter(e => e.name.endsWith('.woff2')).map(e => e.name)"""


def shown(text: str) -> set[str]:
    """The characters a font must draw (not spaces, joiners or direction marks)."""
    return {c for c in text if not c.isspace() and c not in "\u200c\u200d\u200e\u200f\ufeff"}


def stack_of(code: str) -> list[str]:
    """The families public.css gives this language's pages, in order."""
    language = i18n.BY_CODE[code]
    selector = f"html.{language.font_class} body" if language.font_class else "html body"
    rule = re.search(re.escape(selector) + r"[^{]*\{\s*font-family:([^;]+);", CSS.read_text())
    assert rule, f"public.css has no font stack for {selector}"
    return [f.strip().strip('"') for f in rule.group(1).split(",")]


@pytest.mark.parametrize("code", CODES)
def test_each_language_declares_its_scripts_font(code: str) -> None:
    families = stack_of(code)
    assert families[0] == "Kith Sans"  # listings are in English: Latin first, then the script
    if code in SCRIPT_FAMILY:
        assert families[1] == SCRIPT_FAMILY[code]
    assert "Kith Names" in families


@pytest.mark.parametrize("code", CODES)
def test_each_languages_fonts_cover_its_whole_catalogue(code: str) -> None:
    covered = set().union(*(fonts.coverage(face.path) for face in fonts.faces_for(code)))
    missing = shown(fonts.catalogue_text(code) + "".join(fonts.NAMES)) - covered
    assert not missing, (
        f"{code}: no glyph for {sorted(missing)}: run python -m kith_web.public.fonts"
    )


def test_each_face_is_subset_to_what_it_declares() -> None:
    for face in fonts.FACES:
        cmap = fonts.coverage(face.path)
        assert set(fonts.wanted(face)) <= cmap, face.name
        if face.family != "Kith Sans":  # script faces hold their characters and little else
            assert len(cmap) < 3 * len(set(fonts.wanted(face))) + 40, face.name


def test_the_stylesheet_is_up_to_date() -> None:
    assert (fonts.OUT / "fonts.css").read_text().endswith(fonts.stylesheet())


def test_fonts_are_self_hosted_with_their_licences() -> None:
    css = (fonts.OUT / "fonts.css").read_text()
    assert "http" not in css
    for face in fonts.FACES:
        assert face.path.stat().st_size < 100_000, face.name
        package = face.source.split("/")[0]
        assert (fonts.OUT / f"OFL-{package}.txt").read_text().count("SIL Open Font License") >= 1


async def fonts_of(page: Page, base: str) -> tuple[list[str], set[str]]:
    """The font families the page has loaded, and every character the fonts it downloaded draw."""
    await page.wait_for_load_state("load")
    families: list[str] = await page.evaluate(
        """document.fonts.ready.then(() => [...document.fonts]
             .filter(f => f.status === 'loaded').map(f => f.family.replaceAll('"', '')))"""
    )
    covered: set[str] = set()
    async with httpx.AsyncClient() as client:
        for url in await page.evaluate(LOADED_FONTS):
            assert url.startswith(base), url  # self-hosted
            with TTFont(io.BytesIO((await client.get(url)).content)) as font:
                covered |= {chr(c) for c in font.getBestCmap()}
    return families, covered


async def test_each_languages_page_loads_fonts_that_draw_everything_it_shows(
    web_stack: WebStack, district: Graph, page: Page
) -> None:
    await warm(web_stack, "food in Keighley")
    for code in CODES:  # one district for all five (importing it is the slow part)
        await page.goto(f"{web_stack.web}/?q=food+in+Keighley&lang={code}")
        families, covered = await fonts_of(page, web_stack.web)
        if code in SCRIPT_FAMILY:
            assert SCRIPT_FAMILY[code] in families, (code, families)
        assert "Kith Sans" in families, (code, families)
        text = await page.evaluate(
            "document.body.innerText + [...document.querySelectorAll('option')].map(o => o.text).join('')"
        )
        missing = shown(text) - covered
        assert not missing, f"{code}: the page shows {sorted(missing)} that no loaded font draws"


def nastaliq_installed() -> bool:
    listed = subprocess.run(["fc-list", ":family=Noto Nastaliq Urdu"], capture_output=True)
    return listed.returncode == 0 and bool(listed.stdout.strip())


async def test_a_phone_with_nastaliq_installed_downloads_no_urdu_font(
    web_stack: WebStack, district: Graph, browser: Browser
) -> None:
    if not nastaliq_installed():  # Debian's fonts-noto-core has it
        pytest.skip("this machine has no Noto Nastaliq Urdu to prefer")
    await warm(web_stack, "food in Keighley")
    system = await browser.browser_type.launch(executable_path=CHROMIUM)  # the system's fonts
    try:
        page = await system.new_page()
        await page.goto(f"{web_stack.web}/?q=food+in+Keighley&lang=ur")
        families, _covered = await fonts_of(page, web_stack.web)
        assert "Kith Urdu" in families, families  # drawn by local("Noto Nastaliq Urdu")
        downloaded = await page.evaluate(LOADED_FONTS)
        assert not [url for url in downloaded if "arabic" in url], downloaded
    finally:
        await system.close()
