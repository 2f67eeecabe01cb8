"""The signed-in start page (the front page is the public directory: kith_web/public)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from kith_web.nav import items_for
from kith_web.web import render, user


async def start(request: Request) -> Response:
    """After sign-in with nowhere asked for: the first page of the user's work."""
    me = await user(request)
    first = items_for(me.roles, request.url.path)
    if first:
        return RedirectResponse(str(first[0]["href"]), status_code=303)
    return await render(request, "start.html")


async def accessibility(request: Request) -> Response:
    return await render(request, "accessibility.html")


def routes() -> list[BaseRoute]:
    return [Route("/start", start), Route("/accessibility", accessibility)]
