"""A local development token issuer: a JWKS and tokens for demo users.

It exists so `make up` and the tests exercise the same JWT verification production uses
against a real identity provider. It refuses to run outside KITH_ENV=local/test.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kith_devstack.issuer_oidc import CodeFlow


@dataclass(frozen=True)
class DemoUser:
    username: str
    organisation_id: str
    organisation_name: str
    roles: tuple[str, ...]


class DevIssuer:
    def __init__(
        self, issuer: str, audience: str, key: rsa.RSAPrivateKey | None = None, kid: str = "dev-1"
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self.key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid

    @classmethod
    def load_or_create(cls, path: Path, issuer: str, audience: str) -> DevIssuer:
        """Keep the key in the state folder so tokens survive a restart of `make up`."""
        if path.exists():
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
            if not isinstance(key, rsa.RSAPrivateKey):
                raise ValueError(f"{path} is not an RSA key")
            return cls(issuer, audience, key)
        made = cls(issuer, audience)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(
            made.key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.chmod(0o600)
        return made

    def jwks(self) -> dict[str, Any]:
        public = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def mint(
        self,
        subject: str,
        organisation_id: str,
        roles: tuple[str, ...],
        ttl_seconds: int = 3600,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "iat": issued,
            "nbf": issued,
            "exp": issued + ttl_seconds,
            "jti": str(uuid.uuid4()),
            "org": organisation_id,
            "roles": list(roles),
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def token_for(self, user: DemoUser) -> str:
        return self.mint(user.username, user.organisation_id, user.roles)

    def identity_token(self, user: DemoUser, client_id: str, nonce: str) -> str:
        """The OpenID Connect ID token for a sign-in by the authorization-code flow."""
        issued = int(time.time())
        claims = {"iss": self.issuer, "aud": client_id, "sub": user.username, "iat": issued}
        claims |= {"exp": issued + 3600, "nonce": nonce, "preferred_username": user.username}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})


def issuer_app(issuer: DevIssuer, users: Mapping[str, DemoUser]) -> Starlette:
    async def jwks(_: Request) -> JSONResponse:
        return JSONResponse(issuer.jwks())

    flow = CodeFlow(issuer, users)

    async def discovery(_: Request) -> JSONResponse:
        return JSONResponse(
            {
                "issuer": issuer.issuer,
                "jwks_uri": f"{issuer.issuer}/.well-known/jwks.json",
                "authorization_endpoint": f"{issuer.issuer}/authorize",
                "token_endpoint": f"{issuer.issuer}/token",
                "response_types_supported": ["code"],
                "grant_types_supported": ["authorization_code"],
                "code_challenge_methods_supported": ["S256"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["none"],
            }
        )

    async def list_users(_: Request) -> JSONResponse:
        return JSONResponse(
            [
                {"username": u.username, "organisation": u.organisation_name, "roles": u.roles}
                for u in users.values()
            ]
        )

    async def token(request: Request) -> JSONResponse:
        form = await request.form()
        if form.get("grant_type") == "authorization_code":
            return flow.exchange({k: str(v) for k, v in form.items()})
        user = users.get(str(form.get("username", "")))
        if user is None:
            return JSONResponse({"error": "unknown demo user; see GET /users"}, status_code=400)
        return JSONResponse({"access_token": issuer.token_for(user), "token_type": "Bearer"})

    return Starlette(
        routes=[
            Route("/.well-known/jwks.json", jwks),
            Route("/.well-known/openid-configuration", discovery),
            Route("/users", list_users),
            Route("/token", token, methods=["POST"]),
            Route("/authorize", flow.authorize, methods=["GET", "POST"]),
        ]
    )
