"""Error pages: plain words, the layout kept, nothing internal shown (the log has the detail)."""

from __future__ import annotations

from kith_common.logging import get_logger
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kith_web.gateway import GatewayError, NotAllowed
from kith_web.web import CsrfRejected, SignInRedirect, render, sign_in_url

log = get_logger("kith.web.errors")

TITLES = {
    400: "There is a problem with that request",
    403: "You cannot see this page",
    404: "Page not found",
    405: "That cannot be done here",
}


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code if exc.status_code in TITLES else 400
    message = {
        404: "If you typed the web address, check it is correct. If you followed a link, the"
        " item may have been removed or you may not have access to it.",
        405: "Go back and try again from the page.",
    }.get(status, "Go back and try again.")
    return await render(
        request, "error.html", {"title": TITLES[status], "message": message}, status
    )


async def sign_in_needed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SignInRedirect)
    if request.headers.get("hx-request"):  # htmx: a full page redirect, not a fragment
        return Response(status_code=204, headers={"hx-redirect": sign_in_url(exc.return_to)})
    return RedirectResponse(sign_in_url(exc.return_to), status_code=303)


async def not_allowed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotAllowed)
    context = {"title": TITLES[403], "message": f"Your role does not allow this: {exc.message}."}
    return await render(request, "error.html", context, 403)


async def csrf_rejected(request: Request, _: Exception) -> Response:
    context = {
        "title": "This form has expired",
        "message": "For your security the form was not sent. Go back, reload the page and try again.",
    }
    return await render(request, "error.html", context, 400)


async def unexpected(request: Request, exc: Exception) -> Response:
    # The type only: a message could carry what a user typed.
    log.error("page_failed", path=request.url.path, error=type(exc).__name__)
    context = {
        "title": "Sorry, there is a problem with the service",
        "message": "Please try again in a few minutes.",
    }
    return await render(request, "error.html", context, 500)


HANDLERS = {
    HTTPException: http_error,
    SignInRedirect: sign_in_needed,
    NotAllowed: not_allowed,
    CsrfRejected: csrf_rejected,
    GatewayError: unexpected,
    Exception: unexpected,
}
