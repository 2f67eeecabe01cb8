"""What every page handler uses: the wired services, the session, rendering, forms and the
gateway call as the signed-in user. Pages stay thin: parse → call the gateway → render."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from kith_web.config import WebConfig
from kith_web.gateway import Gateway, SignInRequired
from kith_web.nav import ROLE_NAMES, items_for
from kith_web.oidc import OidcClient
from kith_web.sessions import COOKIE, SessionData, SessionStore


@dataclass
class Services:
    config: WebConfig
    store: SessionStore
    gateway: Gateway
    oidc: OidcClient
    templates: Jinja2Templates
    http: httpx.AsyncClient


class SignInRedirect(Exception):
    """Raised where a page needs a signed-in user; answered with a redirect to sign in."""

    def __init__(self, return_to: str) -> None:
        super().__init__(return_to)
        self.return_to = return_to


class CsrfRejected(Exception):
    """A state-changing form came without this session's CSRF token."""


def services(request: Request) -> Services:
    wired: Services = request.app.state.kith
    return wired


async def session(request: Request) -> SessionData | None:
    """This request's session (loaded once), or None."""
    if "kith_session" not in request.state._state:
        session_id = request.cookies.get(COOKIE)
        found = await services(request).store.load(session_id) if session_id else None
        request.state.kith_session = found
    loaded: SessionData | None = request.state.kith_session
    return loaded


def here(request: Request) -> str:
    """This page's path and query: where to come back to after signing in."""
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def user(request: Request) -> SessionData:
    """The signed-in user's session, or a redirect to sign in that comes back here."""
    found = await session(request)
    if found is None or not found.signed_in:
        back = here(request) if request.method == "GET" else _page_of(request)
        raise SignInRedirect(back)
    return found


def _page_of(request: Request) -> str:
    """After a POST with an expired session, return to the page the form was on."""
    referer = request.headers.get("referer", "")
    base = str(request.base_url)
    return referer[len(base) - 1 :] if referer.startswith(base) else request.url.path


def sign_in_url(return_to: str) -> str:
    return "/sign-in?" + urlencode({"next": return_to})


async def call(
    request: Request,
    query: str,
    variables: dict[str, Any] | None = None,
    wait_seconds: float | None = None,
) -> Any:
    """Run GraphQL at the gateway as the signed-in user; a refused token means sign in again."""
    me = await user(request)
    try:
        return await services(request).gateway.run(me.access_token, query, variables, wait_seconds)
    except SignInRequired:
        session_id = request.cookies.get(COOKIE)
        if session_id:
            await services(request).store.delete(session_id)
        raise SignInRedirect(
            here(request) if request.method == "GET" else _page_of(request)
        ) from None


async def form(request: Request) -> FormData:
    """A submitted form, after checking its CSRF token against the session's."""
    found = await session(request)
    data = await request.form()
    given = str(data.get("csrf_token", ""))
    if found is None or not secrets.compare_digest(given, found.csrf_token):
        raise CsrfRejected
    return data


async def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> Response:
    """A page: the layout gets the user, the header navigation and the form tokens."""
    found = await session(request)
    roles = found.roles if found and found.signed_in else ()
    page = {
        "request": request,
        "me": found if found and found.signed_in else None,
        "role_names": [ROLE_NAMES.get(r, r) for r in roles],
        "navigation": items_for(roles, request.url.path),
        "csrf_token": found.csrf_token if found else "",
        "sign_in_href": sign_in_url("/start" if request.url.path == "/" else here(request)),
        "new_idempotency_key": lambda: secrets.token_urlsafe(16),
        **(context or {}),
    }
    return services(request).templates.TemplateResponse(request, template, page, status_code=status)
