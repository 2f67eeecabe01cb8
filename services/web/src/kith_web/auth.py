"""Sign-in (OIDC code + PKCE), the callback, and sign-out. The session id changes at sign-in
(no fixation) and the session is deleted server-side at sign-out."""

from __future__ import annotations

from kith_common.auth import AuthError, JwksVerifier
from kith_common.logging import get_logger
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kith_web.oidc import SignInFailed
from kith_web.sessions import COOKIE, SessionData
from kith_web.web import form, render, services, session

log = get_logger("kith.web.auth")


def set_cookie(request: Request, response: Response, session_id: str) -> None:
    wired = services(request)
    response.set_cookie(
        COOKIE,
        session_id,
        httponly=True,
        samesite="lax",
        secure=wired.config.secure_cookies,
        path="/",
    )


async def sign_in(request: Request) -> Response:
    wired = services(request)
    pending = wired.oidc.begin(request.query_params.get("next"))
    try:
        target = await wired.oidc.authorization_url(pending)
    except SignInFailed as exc:
        return await render(
            request, "error.html", {"title": "Sign-in is unavailable", "message": exc.message}, 503
        )
    session_id, _ = await wired.store.create(SessionData(pending=pending))
    response = RedirectResponse(target, status_code=303)
    set_cookie(request, response, session_id)
    return response


def callback_route(verifier: JwksVerifier) -> Route:
    async def callback(request: Request) -> Response:
        wired, old_id = services(request), request.cookies.get(COOKIE, "")
        found = await session(request)
        pending = found.pending if found else None
        code, state = request.query_params.get("code"), request.query_params.get("state")
        if pending is None or not code or state != pending.state:
            return await _failed(request, "The sign-in link was used already or has expired.")
        try:
            tokens = await wired.oidc.exchange(code, pending)
            principal = await verifier.verify(tokens.access_token)
        except SignInFailed as exc:
            return await _failed(request, exc.message)
        except AuthError as exc:
            log.warning("sign_in_token_refused", reason=exc.message)
            return await _failed(request, "Your account could not be checked; please try again.")
        await wired.store.delete(old_id)
        signed = SessionData(
            access_token=tokens.access_token,
            token_expires_at=wired.store.clock() + tokens.expires_in,
            user_id=principal.user_id,
            organisation_id=principal.organisation_id,
            roles=tuple(sorted(r.value for r in principal.roles)),
        )
        new_id, _ = await wired.store.create(signed)
        log.info("signed_in", roles=list(signed.roles))
        response = RedirectResponse(pending.return_to, status_code=303)
        set_cookie(request, response, new_id)
        return response

    return Route("/auth/callback", callback)


async def _failed(request: Request, message: str) -> Response:
    context = {"title": "Sign-in did not work", "message": message, "retry": True}
    return await render(request, "error.html", context, 400)


async def sign_out(request: Request) -> Response:
    if request.method == "GET":
        return await render(request, "sign_out.html")
    await form(request)
    session_id = request.cookies.get(COOKIE)
    if session_id:
        await services(request).store.delete(session_id)
    request.state.kith_session = None
    response = RedirectResponse("/signed-out", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


async def signed_out(request: Request) -> Response:
    return await render(request, "signed_out.html")


def auth_routes(verifier: JwksVerifier) -> list[Route]:
    return [
        Route("/sign-in", sign_in),
        callback_route(verifier),
        Route("/sign-out", sign_out, methods=["GET", "POST"]),
        Route("/signed-out", signed_out),
    ]
