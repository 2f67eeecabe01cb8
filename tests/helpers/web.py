"""Browser-test support others import: the real chromium, axe-core, screenshots, a 320 px
check, keyboard-only moves and signing in through the real OpenID Connect flow.

Playwright drives Debian's /usr/bin/chromium (`make setup` installs it when missing); its own
browser download is never used. axe-core is the npm package pinned in services/web.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

from kith_devstack.processes import REPO_ROOT
from playwright.async_api import Page, ViewportSize

CHROMIUM = "/usr/bin/chromium"
AXE_SOURCE = REPO_ROOT / "services" / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO_ROOT / "build" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}
NARROW: ViewportSize = {"width": 320, "height": 800}
WIDE: ViewportSize = {"width": 1024, "height": 800}


async def check_axe(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.2 AA rules) on the page as it is; fail on serious or critical
    violations, naming each rule and the elements it found. Returns the lesser ones."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's strict CSP need not allow it.
        await page.evaluate(AXE_SOURCE.read_text())
    result = await page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    blocking = [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        summary = [
            {"rule": v["id"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in blocking
        ]
        raise AssertionError(f"axe on {page.url}: {json.dumps(summary, indent=1)}")
    lesser: list[dict[str, Any]] = result["violations"]
    return lesser


async def screenshot(page: Page, name: str) -> Path:
    """A full-page PNG under build/screenshots/ (a few are copied into docs/ for the README)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=True)
    return path


async def check_narrow(page: Page, name: str | None = None) -> None:
    """Usable at 320 px: nothing wider than the viewport (no sideways scrolling)."""
    await page.set_viewport_size(NARROW)
    try:
        # The NHS.UK header moves links into its "More" menu on the animation frame after a
        # resize, so wait (up to 5 s) for the page to settle within the width, not a fixed sleep.
        # Polled from here: wait_for_function's in-page polling evals its predicate, which the
        # pages' CSP (no 'unsafe-eval') refuses whenever the first check is not yet true.
        deadline = time.monotonic() + 5
        width = await page.evaluate("document.documentElement.scrollWidth")
        while width > NARROW["width"] and time.monotonic() < deadline:
            await page.evaluate("new Promise((done) => requestAnimationFrame(() => done(0)))")
            width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= NARROW["width"], (
            f"{page.url} is {width}px wide at 320px; too wide: {await _overflowing(page)}"
        )
        if name:
            await screenshot(page, f"{name}-320px")
    finally:
        await page.set_viewport_size(WIDE)


async def _overflowing(page: Page) -> list[str]:
    """The innermost elements whose right edge passes the viewport, so a failure says where."""
    found: list[str] = await page.evaluate(
        """(() => {
          const limit = document.documentElement.clientWidth;
          const wide = [...document.body.querySelectorAll('*')].filter(
            (e) => e.getBoundingClientRect().right > limit + 0.5);
          return wide.filter((e) => !wide.some((o) => o !== e && e.contains(o))).slice(0, 5)
            .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`
                        + ` (${Math.round(e.getBoundingClientRect().right)}px)`);
        })()"""
    )
    return found


async def check_page(page: Page, name: str) -> None:
    """What every page in a journey gets: axe, a screenshot, the 320 px check."""
    await check_axe(page)
    await screenshot(page, name)
    await check_narrow(page)


async def focused_text(page: Page) -> str:
    text: str = await page.evaluate(
        """(() => { const e = document.activeElement; if (!e) return '';
             const label = e.labels && e.labels[0];
             return (label ? label.innerText : (e.innerText || e.value || '')).trim(); })()"""
    )
    return text


async def tab_to(page: Page, pattern: str, max_presses: int = 80) -> str:
    """Press Tab (keyboard only) until the focused element's text matches `pattern`."""
    wanted = re.compile(pattern, re.IGNORECASE)
    for _ in range(max_presses):
        await page.keyboard.press("Tab")
        text = await focused_text(page)
        if wanted.search(text):
            return text
    raise AssertionError(f"no focusable element matching {pattern!r} on {page.url} by Tab")


async def activate_by_keyboard(page: Page, pattern: str) -> None:
    """Tab to a link or button and press Enter, then wait for the page it leads to."""
    await tab_to(page, pattern)
    async with page.expect_navigation():
        await page.keyboard.press("Enter")


async def choose_demo_user(page: Page, username: str, keyboard: bool = False) -> None:
    """On the development issuer's sign-in page: pick the demo user (mouse or keyboard)."""
    await page.wait_for_selector("text=Sign in as a demo user")
    if keyboard:
        await activate_by_keyboard(page, f"^{re.escape(username)}$")
    else:
        async with page.expect_navigation():
            await page.click(f"button[value='{username}']")


async def sign_in(page: Page, web_url: str, username: str, path: str = "/start") -> None:
    """Open `path`; being signed out, sign in as `username` and land back on `path`."""
    await page.goto(f"{web_url}{path}")
    await choose_demo_user(page, username)
