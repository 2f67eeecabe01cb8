"""Bearer-token authentication: OIDC-style JWTs verified against the issuer's JWKS.

Checks signature (asymmetric algorithms only, and only the algorithm of the key the token
names: an ES256 signature under an RSA key id is refused, never tried), issuer, audience,
expiry and not-before with a bounded clock skew, and a maximum lifetime. Every way a token can
fail is an `AuthError`, never another exception. The token's claims carry the user's
organisation and roles; nothing else about the user is trusted or needed.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import httpx
import jwt

ALGORITHMS = ["RS256", "ES256"]
MAX_CLOCK_SKEW_SECONDS = 30
MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600  # a working day; a stolen token must not last a decade
MAX_TOKEN_LENGTH = 8192


class Role(StrEnum):
    SOCIAL_PRESCRIBER = "social_prescriber"
    RECEIVING_WORKER = "receiving_worker"
    ORG_ADMIN = "org_admin"
    MEETING_CHAIR = "meeting_chair"
    CLINICIAN = "clinician"  # GP, therapist: records clinical decisions such as a tier step-up
    SYSTEM_LEAD = "system_lead"
    PLATFORM_ADMIN = "platform_admin"


class AuthError(Exception):
    """Authentication failed; `message` is safe to show to the client."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Principal:
    user_id: str
    organisation_id: str
    roles: frozenset[Role]
    # When the token that vouched for this principal expires (epoch seconds); long-lived
    # connections (the live inbox) re-check it.
    expires_at: float | None = None

    def expired(self, now: float | None = None) -> bool:
        return self.expires_at is not None and (now or time.time()) >= self.expires_at

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))


def principal_from_claims(claims: dict[str, Any]) -> Principal:
    org = claims.get("org")
    raw_roles = claims.get("roles")
    if not isinstance(org, str) or not org:
        raise AuthError("token has no organisation claim")
    if not isinstance(raw_roles, list) or not raw_roles:
        raise AuthError("token has no roles claim")
    try:
        roles = frozenset(Role(r) for r in raw_roles)
    except ValueError:
        raise AuthError("token names an unknown role") from None
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise AuthError("token has no subject")
    expires = claims.get("exp")
    expires_at = float(expires) if isinstance(expires, int | float) else None
    return Principal(user_id=subject, organisation_id=org, roles=roles, expires_at=expires_at)


class JwksVerifier:
    """Verifies tokens; fetches the JWKS lazily and re-fetches (rate-limited) on an unknown key."""

    def __init__(
        self, jwks_url: str, issuer: str, audience: str, *, min_refresh_seconds: float = 30.0
    ) -> None:
        self.jwks_url = jwks_url
        self.issuer = issuer
        self.audience = audience
        self.min_refresh_seconds = min_refresh_seconds
        self._keys: dict[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._refreshing = asyncio.Lock()  # one fetch, however many requests name a new key

    async def _refresh(self) -> None:
        if time.monotonic() - self._fetched_at < self.min_refresh_seconds:
            return
        try:
            async with httpx.AsyncClient(timeout=5.0) as client:
                response = await client.get(self.jwks_url)
                response.raise_for_status()
            keyset = jwt.PyJWKSet.from_dict(response.json())
        finally:
            self._fetched_at = time.monotonic()  # a failed fetch also waits its turn
        self._keys = {
            key.key_id: key
            for key in keyset.keys
            if key.key_id and key.algorithm_name in ALGORITHMS
        }

    async def _key_for(self, token: str) -> jwt.PyJWK:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            raise AuthError("malformed bearer token") from None
        if not isinstance(kid, str):
            raise AuthError("bearer token has no key id")
        if kid not in self._keys:
            async with self._refreshing:
                if kid not in self._keys:  # another request may have fetched it meanwhile
                    try:
                        await self._refresh()
                    except (httpx.HTTPError, jwt.PyJWTError, ValueError):
                        raise AuthError("token issuer keys are unavailable") from None
        if kid not in self._keys:
            raise AuthError("bearer token is signed by an unknown key")
        return self._keys[kid]

    async def verify(self, token: str) -> Principal:
        if len(token) > MAX_TOKEN_LENGTH:
            raise AuthError("bearer token is too long")
        key = await self._key_for(token)
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=[key.algorithm_name],
                audience=self.audience,
                issuer=self.issuer,
                leeway=MAX_CLOCK_SKEW_SECONDS,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise AuthError("bearer token has expired") from None
        except (jwt.PyJWTError, ValueError, TypeError, KeyError):
            raise AuthError("bearer token is invalid") from None
        _check_lifetime(claims)
        return principal_from_claims(claims)


def _check_lifetime(claims: dict[str, Any]) -> None:
    issued, expires = claims.get("iat"), claims.get("exp")
    if not isinstance(issued, int | float) or not isinstance(expires, int | float):
        raise AuthError("bearer token is invalid")
    if issued > time.time() + MAX_CLOCK_SKEW_SECONDS:
        raise AuthError("bearer token is issued in the future")
    if expires - issued > MAX_TOKEN_LIFETIME_SECONDS:
        raise AuthError("bearer token lives longer than this service accepts")


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None
