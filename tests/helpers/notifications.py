"""Notification tests run the real service (in this process under uvicorn, or as a
subprocess for the fault tests) against the session's real Neo4j and NATS."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
import pytest
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_notifications.bootstrap import build_app
from kith_notifications.config import Clock, NotifyConfig, system_clock
from nats.js import JetStreamContext

from tests.helpers.notifications_support import Partner, PartnerOrg, fast_config, partner_org
from tests.support import serving

ADMIN_WINDOW = timedelta(seconds=3)
Running = Callable[..., AbstractAsyncContextManager[str]]


@pytest.fixture
def notifications(settings: Settings, graph: Graph, jetstream: JetStreamContext) -> Running:
    """`async with notifications(config, clock) as url:` runs one notifications replica."""

    @asynccontextmanager
    async def run(
        config: NotifyConfig | None = None, clock: Clock = system_clock
    ) -> AsyncIterator[str]:
        async with serving(build_app(settings, config or fast_config(), clock)) as url:
            yield url

    return run


@pytest.fixture
async def partner() -> AsyncIterator[tuple[Partner, str]]:
    receiver = Partner()
    async with serving(receiver.app()) as url:
        yield receiver, f"{url}/hook"


@dataclass
class Admin:
    """A gateway, the notifications service and a partner's endpoint, with tokens."""

    gateway: str
    issuer: DevIssuer
    org: PartnerOrg
    partner: Partner
    partner_url: str
    graph: Graph

    def token(self, *roles: str, org: str | None = None) -> str:
        return self.issuer.mint("admin-1", org or self.org.organisation_id, roles or ("org_admin",))

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        token: str | None = None,
        *,
        anonymous: bool = False,
    ) -> dict[str, Any]:
        """As this organisation's admin, unless another `token` is given or `anonymous`."""
        headers = {} if anonymous else {"authorization": f"Bearer {token or self.token()}"}
        async with httpx.AsyncClient(timeout=60) as client:
            response = await client.post(
                f"{self.gateway}/graphql",
                json={"query": query, "variables": variables or {}},
                headers=headers,
            )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body


@pytest.fixture
def gateway_env() -> dict[str, str]:
    """Egress variables over the tests' defaults (a test parametrizes it)."""
    return {}


@pytest.fixture
async def admin(
    settings: Settings,
    graph: Graph,
    jetstream: JetStreamContext,
    partner: tuple[Partner, str],
    gateway_env: dict[str, str],
) -> AsyncIterator[Admin]:
    from kith_gateway.bootstrap import build_app as gateway_app  # only these tests need it
    from kith_gateway.config import GatewayConfig

    # The gateway reads the same egress variables as the notifications service; a test may
    # change them (`gateway_env`).
    egress = {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8", **gateway_env}
    gateway_config = GatewayConfig.from_env(egress)
    org = await partner_org(graph)
    async with AsyncExitStack() as stack:
        issuer = DevIssuer("http://issuer.test", settings.jwt_audience)
        issuer_url = await stack.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        gateway = await stack.enter_async_context(serving(gateway_app(wired, gateway_config)))
        # A short retry window, so a failing partner reaches the dead-letter state quickly.
        config = fast_config(retry=dataclasses.replace(fast_config().retry, window=ADMIN_WINDOW))
        await stack.enter_async_context(serving(build_app(settings, config)))
        yield Admin(gateway, issuer, org, partner[0], partner[1], graph)


REGISTER = """
mutation($key: String!, $url: String!, $wait: Int) {
  registerWebhookEndpoint(idempotencyKey: $key, url: $url, waitSeconds: $wait) {
    __typename
    ... on WebhookEndpointRegistered {
      secret created
      endpoint { id url status verificationStatusCode verificationError circuit }
    }
    ... on InputError { field message }
    ... on ConflictError { message }
  }
}"""


SUBSCRIBE = """
mutation($key: String!, $input: NotificationSubscriptionInput!) {
  createNotificationSubscription(idempotencyKey: $key, input: $input) {
    __typename
    ... on SubscriptionSaved { created subscription { id eventTypes channel endpointId email
                                                      digest needCodes areaCodes serviceIds } }
    ... on InputError { field message }
    ... on NotFoundError { message }
    ... on ConflictError { message }
  }
}"""


async def register(
    admin: Admin, url: str | None = None, key: str = "endpoint-0001"
) -> dict[str, Any]:
    body = await admin.gql(REGISTER, {"key": key, "url": url or admin.partner_url, "wait": 15})
    assert "errors" not in body, body
    return body["data"]["registerWebhookEndpoint"]  # type: ignore[no-any-return]
