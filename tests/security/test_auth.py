"""Forged, confused and over-long tokens: every failure is a 401 `invalid_token` (RFC 6750) on
every HTTP entry point, never a 500 and never a silent downgrade to anonymous."""

from __future__ import annotations

import asyncio
import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from kith_common.auth import AuthError, JwksVerifier
from kith_devstack.issuer import DevIssuer
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.helpers.security import PRESCRIBER, Gateway
from tests.support import serving

PUBLIC = "{ services(first: 1) { edges { node { id } } } }"


def es256_under_the_rsa_key_id(gateway: Gateway) -> str:
    """The issue's algorithm confusion: an ES256 signature naming the issuer's RSA key."""
    now = int(time.time())
    claims = {
        "iss": gateway.issuer.issuer,
        "aud": gateway.issuer.audience,
        "sub": "x",
        "iat": now,
        "exp": now + 300,
        "org": "org-x",
        "roles": ["platform_admin"],
    }
    key = ec.generate_private_key(ec.SECP256R1())
    return jwt.encode(claims, key, algorithm="ES256", headers={"kid": gateway.issuer.kid})


def bad_tokens(gateway: Gateway) -> dict[str, str]:
    forger = DevIssuer(gateway.issuer.issuer, gateway.issuer.audience, kid=gateway.issuer.kid)
    return {
        "algorithm confusion": es256_under_the_rsa_key_id(gateway),
        "forged signature": forger.mint("x", "org-x", ("platform_admin",)),
        "ten-year lifetime": gateway.token(ttl_seconds=10 * 365 * 86400),
        "not a JWT": "not.a.jwt",
        "alg none": jwt.encode({"sub": "x"}, "", algorithm="none"),
    }


async def test_every_failed_token_is_a_401_invalid_token_everywhere(
    gateway: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for name, token in bad_tokens(gateway).items():
        headers = {"authorization": f"Bearer {token}"}
        graphql = await gateway.graphql(PUBLIC, token=token)  # a public field, still refused
        assert graphql.status_code == 401, name
        assert 'error="invalid_token"' in graphql.headers["www-authenticate"], name
        assert graphql.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        for path in (
            "/fhir/Task/x",
            "/meetings/x/minutes.md",
            "/insights/gap-map.csv",
        ):
            response = await gateway.http.get(f"{gateway.url}{path}", headers=headers)
            assert response.status_code == 401, (name, path, response.text)
            assert 'error="invalid_token"' in response.headers["www-authenticate"], (name, path)
    assert not [r for r in caplog.records if r.exc_info], "a refused token logged a traceback"


async def test_a_valid_token_still_works(gateway: Gateway) -> None:
    response = await gateway.graphql(PUBLIC, token=gateway.token(PRESCRIBER))
    assert response.status_code == 200
    assert "errors" not in response.json()


async def test_an_unknown_key_id_fetches_the_keys_once_however_many_ask() -> None:
    issuer = DevIssuer("http://issuer.single-flight.test", "kith")
    fetches = 0

    async def jwks(_: Request) -> JSONResponse:
        nonlocal fetches
        fetches += 1
        await asyncio.sleep(0.05)  # a slow identity provider
        return JSONResponse(issuer.jwks())

    app = Starlette(routes=[Route("/.well-known/jwks.json", jwks)])
    async with serving(app) as url:
        verifier = JwksVerifier(f"{url}/.well-known/jwks.json", issuer.issuer, "kith")
        stranger = DevIssuer(issuer.issuer, "kith", kid="unknown-kid")
        tokens = [stranger.mint(f"u{i}", "org", ("social_prescriber",)) for i in range(20)]
        results = await asyncio.gather(
            *(verifier.verify(t) for t in tokens), return_exceptions=True
        )
    assert all(isinstance(r, AuthError) for r in results)
    assert fetches == 1
