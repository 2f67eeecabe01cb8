"""The development issuer's OpenID Connect sign-in (local/test only): an /authorize page that
lists the demo users by username, and the /token exchange of its one-time codes with PKCE.

It lets the web app run the same authorization-code + PKCE path it runs against a production
identity provider. Codes live in this process's memory for a minute and work once.
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

if TYPE_CHECKING:
    from kith_devstack.issuer import DemoUser, DevIssuer

CODE_SECONDS = 60
_PARAMS = ("client_id", "redirect_uri", "state", "nonce", "code_challenge")


@dataclass(frozen=True)
class _Grant:
    user: DemoUser
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str
    expires: float


def _local_redirect(uri: str) -> bool:
    """The dev issuer signs in to apps on this machine only."""
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost"}


def _challenge(verifier: str) -> str:
    return (
        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    )


def _page(users: Mapping[str, DemoUser], params: Mapping[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{k}" value="{html.escape(params.get(k, ""))}">'
        for k in _PARAMS
    )
    rows = "".join(
        f'<li><button name="username" value="{html.escape(u.username)}">{html.escape(u.username)}'
        f"</button> {html.escape(u.organisation_name)} ({html.escape(', '.join(u.roles))})</li>"
        for u in users.values()
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Sign in (development) - Kith</title></head><body><main>"
        "<h1>Sign in as a demo user</h1>"
        "<p>This is the local development sign-in. Real deployments use the ICB's identity"
        " provider.</p>"
        f'<form method="post" action="/authorize">{hidden}<ul>{rows}</ul></form>'
        "</main></body></html>"
    )


class CodeFlow:
    def __init__(self, issuer: DevIssuer, users: Mapping[str, DemoUser]) -> None:
        self.issuer, self.users = issuer, users
        self.grants: dict[str, _Grant] = {}

    def _refusal(self, params: Mapping[str, str]) -> str | None:
        if params.get("response_type", "code") != "code":
            return "only response_type=code is supported"
        if not _local_redirect(params.get("redirect_uri", "")):
            return "redirect_uri must be a loopback http address"
        if params.get("code_challenge_method", "S256") != "S256" or not params.get(
            "code_challenge"
        ):
            return "PKCE with S256 is required"
        return None

    async def authorize(self, request: Request) -> Response:
        if request.method == "GET":
            params = dict(request.query_params)
            refused = self._refusal(params)
            if refused:
                return HTMLResponse(html.escape(refused), status_code=400)
            return HTMLResponse(_page(self.users, params))
        form = {k: str(v) for k, v in (await request.form()).items()}
        user = self.users.get(form.get("username", ""))
        refused = self._refusal(form) or (None if user else "unknown demo user")
        if refused or user is None:
            return HTMLResponse(html.escape(refused or ""), status_code=400)
        code = secrets.token_urlsafe(24)
        self.grants[code] = _Grant(
            user, form["client_id"], form["redirect_uri"], form["code_challenge"],
            form.get("nonce", ""), time.time() + CODE_SECONDS,
        )  # fmt: skip
        query = urlencode({"code": code, "state": form.get("state", "")})
        return RedirectResponse(f"{form['redirect_uri']}?{query}", status_code=303)

    def exchange(self, form: Mapping[str, str]) -> JSONResponse:
        grant = self.grants.pop(form.get("code", ""), None)  # one use, even when refused
        if (
            grant is None
            or grant.expires < time.time()
            or grant.redirect_uri != form.get("redirect_uri")
            or grant.client_id != form.get("client_id")
            or _challenge(form.get("code_verifier", "")) != grant.code_challenge
        ):
            return JSONResponse({"error": "invalid_grant"}, status_code=400)
        access = self.issuer.token_for(grant.user)
        identity = self.issuer.identity_token(grant.user, grant.client_id, grant.nonce)
        return JSONResponse(
            {
                "access_token": access,
                "id_token": identity,
                "token_type": "Bearer",
                "expires_in": 3600,
            }
        )
