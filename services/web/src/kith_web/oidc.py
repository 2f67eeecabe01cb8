"""OpenID Connect sign-in as a confidential-less web client: authorization code + PKCE (S256).

The identity provider is found by discovery (`/.well-known/openid-configuration`), so the same
code signs in against the local development issuer and a production provider.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from kith_web.sessions import PendingSignIn


class SignInFailed(Exception):
    """The provider refused or answered something unusable; `message` is safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Tokens:
    access_token: str
    expires_in: int


def code_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def safe_return_path(candidate: str | None) -> str:
    """Only a path on this site: never `//host` or a full URL (no open redirect)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return "/"
    return "/" if "\\" in candidate else candidate


class OidcClient:
    def __init__(
        self, issuer: str, client_id: str, redirect_uri: str, http: httpx.AsyncClient
    ) -> None:
        self.issuer, self.client_id, self.redirect_uri = issuer.rstrip("/"), client_id, redirect_uri
        self.http = http
        self._metadata: dict[str, str] | None = None

    async def metadata(self) -> dict[str, str]:
        if self._metadata is None:
            try:
                response = await self.http.get(f"{self.issuer}/.well-known/openid-configuration")
                response.raise_for_status()
            except httpx.HTTPError:
                raise SignInFailed("the sign-in service cannot be reached; try again") from None
            self._metadata = response.json()
        return self._metadata

    def begin(self, return_to: str | None) -> PendingSignIn:
        return PendingSignIn(
            state=secrets.token_urlsafe(24),
            code_verifier=secrets.token_urlsafe(48),
            nonce=secrets.token_urlsafe(24),
            return_to=safe_return_path(return_to),
        )

    async def authorization_url(self, pending: PendingSignIn) -> str:
        endpoint = (await self.metadata())["authorization_endpoint"]
        query = {
            "response_type": "code",
            "client_id": self.client_id,
            "redirect_uri": self.redirect_uri,
            "scope": "openid",
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": code_challenge(pending.code_verifier),
            "code_challenge_method": "S256",
        }
        return f"{endpoint}?{urlencode(query)}"

    async def exchange(self, code: str, pending: PendingSignIn) -> Tokens:
        endpoint = (await self.metadata())["token_endpoint"]
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.redirect_uri,
            "client_id": self.client_id,
            "code_verifier": pending.code_verifier,
        }
        try:
            response = await self.http.post(endpoint, data=form)
        except httpx.HTTPError:
            raise SignInFailed("the sign-in service cannot be reached; try again") from None
        body = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        token = body.get("access_token")
        if response.status_code != 200 or not isinstance(token, str):
            raise SignInFailed("signing in did not work; please try again")
        return Tokens(token, int(body.get("expires_in", 3600)))
