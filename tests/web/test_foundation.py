"""The web service's foundation in a real browser: the front page, signing in by OpenID
Connect (code + PKCE) back to the page asked for, server-side sessions shared by replicas,
sign-out, CSRF, security headers, error pages, axe, 320 px and the keyboard."""

from __future__ import annotations

import re

import httpx
from kith_devstack.processes import free_port
from kith_web.bootstrap import build_app as web_app
from playwright.async_api import Page

from tests.helpers.web import (
    activate_by_keyboard,
    check_page,
    choose_demo_user,
    sign_in,
)
from tests.helpers.web_stack import WebStack
from tests.support import serving


async def test_front_page_offers_sign_in_with_strict_headers(
    web_stack: WebStack, page: Page
) -> None:
    response = await page.goto(web_stack.web)
    assert response is not None
    assert response.status == 200
    headers = response.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["cache-control"] == "no-store"
    html = await page.content()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on the page"
    assert await page.get_by_role("link", name="Sign in").first.is_visible()
    assert await page.evaluate("document.body.classList.contains('js-enabled')")
    await check_page(page, "front-page")


async def test_sign_in_returns_to_the_page_asked_for_by_keyboard_only(
    web_stack: WebStack, page: Page
) -> None:
    await page.goto(f"{web_stack.web}/start?from=email")
    assert page.url.startswith(web_stack.issuer.issuer), "an unsigned visit goes to sign in"
    await check_page(page, "dev-sign-in")
    await choose_demo_user(page, "gp", keyboard=True)
    assert page.url == f"{web_stack.web}/start?from=email"
    assert await page.get_by_text("You are signed in as gp").is_visible()
    await check_page(page, "start")


async def test_session_cookie_is_httponly_lax_and_works_on_another_replica(
    web_stack: WebStack, page: Page
) -> None:
    await sign_in(page, web_stack.web, "gp")
    cookies = await page.context.cookies()
    session = next(c for c in cookies if c["name"] == "kith_session")
    assert session["httpOnly"]
    assert session["sameSite"] == "Lax"
    port = free_port()
    jar = {"kith_session": session["value"]}
    async with (
        serving(web_app(web_stack.config(port)), port) as replica,
        httpx.AsyncClient(cookies=jar) as client,
    ):
        answer = await client.get(f"{replica}/start")
    assert answer.status_code == 200, "a second replica knows the session (NATS KV)"
    assert "You are signed in as gp" in answer.text


async def test_sign_out_ends_the_session_server_side(web_stack: WebStack, page: Page) -> None:
    await sign_in(page, web_stack.web, "gp")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "kith_session")
    await activate_by_keyboard(page, "^Sign out$")
    await check_page(page, "sign-out")
    async with page.expect_navigation():
        await page.get_by_role("button", name="Sign out").click()
    assert await page.get_by_role("heading", name="You have signed out").is_visible()
    async with httpx.AsyncClient(cookies={"kith_session": cookie["value"]}) as client:
        stale = await client.get(f"{web_stack.web}/start")
    assert stale.status_code == 303
    assert stale.headers["location"].startswith("/sign-in")


async def test_a_form_without_the_csrf_token_changes_nothing(
    web_stack: WebStack, page: Page
) -> None:
    await sign_in(page, web_stack.web, "gp")
    cookie = next(c for c in await page.context.cookies() if c["name"] == "kith_session")
    async with httpx.AsyncClient(cookies={"kith_session": cookie["value"]}) as client:
        forged = await client.post(f"{web_stack.web}/sign-out", data={"csrf_token": "guess"})
        still = await client.get(f"{web_stack.web}/start")
    assert forged.status_code == 400
    assert "This form has expired" in forged.text
    assert still.status_code == 200, "the forged sign-out did not end the session"


async def test_a_missing_page_says_so_in_plain_words(web_stack: WebStack, page: Page) -> None:
    response = await page.goto(f"{web_stack.web}/no-such-page")
    assert response is not None
    assert response.status == 404
    assert await page.get_by_role("heading", name="Page not found").is_visible()
    await check_page(page, "not-found")


async def test_sign_in_refuses_a_callback_without_its_state(web_stack: WebStack) -> None:
    async with httpx.AsyncClient() as client:
        answer = await client.get(f"{web_stack.web}/auth/callback?code=x&state=y")
    assert answer.status_code == 400
    assert "Sign-in did not work" in answer.text
