"""Token verification against a real JWKS served over HTTP by the dev issuer."""

import time
from collections.abc import AsyncIterator

import pytest
from kith_common.auth import AuthError, JwksVerifier, Role, bearer_token
from kith_devstack.issuer import DevIssuer, issuer_app

from tests.support import serving

AUD = "kith"
Pair = tuple[DevIssuer, JwksVerifier]


@pytest.fixture
async def issuer_and_verifier() -> AsyncIterator[tuple[DevIssuer, JwksVerifier]]:
    issuer = DevIssuer("http://issuer.test", AUD)
    async with serving(issuer_app(issuer, {})) as base:
        yield issuer, JwksVerifier(f"{base}/.well-known/jwks.json", issuer.issuer, AUD)


async def test_valid_token_gives_organisation_and_roles(issuer_and_verifier: Pair) -> None:
    issuer, verifier = issuer_and_verifier
    principal = await verifier.verify(issuer.mint("u1", "org-9", ("social_prescriber",)))
    assert principal.organisation_id == "org-9"
    assert principal.roles == frozenset({Role.SOCIAL_PRESCRIBER})


async def test_forged_token_with_the_same_key_id_is_refused(issuer_and_verifier: Pair) -> None:
    issuer, verifier = issuer_and_verifier
    forger = DevIssuer(issuer.issuer, AUD, kid=issuer.kid)
    with pytest.raises(AuthError, match="invalid"):
        await verifier.verify(forger.mint("u1", "org-9", ("platform_admin",)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ttl_seconds": -120}, "expired"),
        ({"now": time.time() + 3600}, "invalid"),  # issued in the future, beyond the skew
    ],
)
async def test_time_bounds_are_enforced(
    issuer_and_verifier: Pair, change: dict[str, int], message: str
) -> None:
    issuer, verifier = issuer_and_verifier
    with pytest.raises(AuthError, match=message):
        await verifier.verify(issuer.mint("u1", "org-9", ("social_prescriber",), **change))


async def test_wrong_audience_or_issuer_is_refused(issuer_and_verifier: Pair) -> None:
    issuer, verifier = issuer_and_verifier
    other_audience = DevIssuer(issuer.issuer, "other", key=issuer.key, kid=issuer.kid)
    other_issuer = DevIssuer("http://evil.test", AUD, key=issuer.key, kid=issuer.kid)
    for token in (
        other_audience.mint("u", "o", ("org_admin",)),
        other_issuer.mint("u", "o", ("org_admin",)),
    ):
        with pytest.raises(AuthError, match="invalid"):
            await verifier.verify(token)


async def test_unknown_role_and_garbage_are_refused(issuer_and_verifier: Pair) -> None:
    issuer, verifier = issuer_and_verifier
    with pytest.raises(AuthError, match="unknown role"):
        await verifier.verify(issuer.mint("u1", "org-9", ("superuser",)))
    with pytest.raises(AuthError, match="malformed"):
        await verifier.verify("not.a.jwt")


def test_bearer_header_parsing() -> None:
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("bearer abc ") == "abc"
    assert bearer_token("Basic abc") is None
    assert bearer_token(None) is None
    assert bearer_token("Bearer ") is None
