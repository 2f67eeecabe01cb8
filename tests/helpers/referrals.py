"""A small world on the real graph: a GP practice that refers (org A, not in the directory),
a food bank (org B) and a housing charity (org C) that receive, one area; and a client that
runs the gateway's real GraphQL schema as a given user."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import strawberry
from kith_common.auth import Principal, Role
from kith_common.events import REFERRAL_REQUESTED, Event
from kith_common.graph import Graph
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from kith_router.bootstrap import build_app as router_app
from kith_router.handlers import deliver_referral
from nats.js import JetStreamContext

from tests.support import SchemaClient, serving

ORG_A, ORG_B, ORG_C = "org-gp-a", "org-foodbank-b", "org-housing-c"
SERVICE_B, SERVICE_C = str(uuid.uuid4()), str(uuid.uuid4())
AREA = "E01010568"

SEED = """
CREATE (:Area:LSOA {code: $area, name: 'Bradford 001A', level: 'LSOA'})
CREATE (b:Organisation {id: $org_b, name: 'Food bank'})
       -[:PROVIDES]->(:Service {id: $svc_b, name: 'Food parcels', status: 'active',
                                organisation_id: $org_b})
CREATE (c:Organisation {id: $org_c, name: 'Housing charity'})
       -[:PROVIDES]->(:Service {id: $svc_c, name: 'Housing advice', status: 'active',
                                organisation_id: $org_c})
"""

ALL_CATEGORIES = ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"]

RECORD_CONSENT = """
mutation($i: RecordConsentInput!) { recordConsent(input: $i) {
  __typename ... on ConsentRecorded { consentId personId created reviewRequired }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } } }"""

CREATE = """
mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  __typename ... on ReferralCreated { created referral { id status version } }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } ... on ConsentRequiredError { message } } }"""

CHANGE_FIELDS = """
  __typename ... on ReferralChanged { replayed referral { id status version } }
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message currentVersion } ... on TransitionError { code message }
  ... on ConsentRequiredError { message }"""

INPUT_TYPES = {
    "send": "ReferralActionInput",
    "accept": "ReferralActionInput",
    "reject": "RejectReferralInput",
    "start": "ReferralActionInput",
    "hold": "ReferralActionInput",
    "resume": "ReferralActionInput",
    "complete": "CompleteReferralInput",
    "fail": "StopReferralInput",
    "cancel": "CancelReferralInput",
    "markEnteredInError": "StopReferralInput",
}


def change_mutation(action: str) -> str:
    name = f"{action}Referral" if action != "markEnteredInError" else "markReferralEnteredInError"
    return f"mutation($i: {INPUT_TYPES[action]}!) {{ {name}(input: $i) {{ {CHANGE_FIELDS} }} }}"


def principal(org: str, *roles: Role, user: str = "user-1") -> Principal:
    return Principal(user_id=user, organisation_id=org, roles=frozenset(roles))


PRESCRIBER = principal(ORG_A, Role.SOCIAL_PRESCRIBER, user="sp-a")
WORKER_B = principal(ORG_B, Role.RECEIVING_WORKER, user="worker-b")
ADMIN_A = principal(ORG_A, Role.ORG_ADMIN, user="admin-a")


def key() -> str:
    return f"k-{uuid.uuid4()}"


class Api(SchemaClient):
    """The schema as a practitioner's client, with the steps most referral tests take."""

    async def ok(
        self, query: str, variables: dict[str, Any] | None, who: Principal
    ) -> dict[str, Any]:
        value = await super().ok(query, variables, who)
        assert isinstance(value, dict)
        return value

    async def consent(
        self,
        pseudonym: str = "PSN-0001",
        shared_with: list[str] | None = None,
        categories: list[str] | None = None,
        who: Principal = PRESCRIBER,
        **extra: Any,
    ) -> dict[str, Any]:
        given = {
            "idempotencyKey": key(),
            "personPseudonym": pseudonym,
            "categories": ALL_CATEGORIES if categories is None else categories,
            "sharedWithOrganisationIds": shared_with or [ORG_B],
            "purpose": "REFERRAL",
            "method": "VERBAL",
            "expiresAt": (datetime.now(UTC) + timedelta(days=180)).isoformat(),
            **extra,
        }
        return await self.ok(RECORD_CONSENT, {"i": given}, who)

    async def create(
        self,
        pseudonym: str = "PSN-0001",
        service: str = SERVICE_B,
        who: Principal = PRESCRIBER,
        reason: str = "Needs food support",
        draft: bool = False,
    ) -> dict[str, Any]:
        given = {
            "idempotencyKey": key(),
            "personPseudonym": pseudonym,
            "homeArea": AREA,
            "serviceId": service,
            "reason": reason,
            "draft": draft,
        }
        return await self.ok(CREATE, {"i": given}, who)

    async def change(
        self, action: str, referral: dict[str, Any], who: Principal, **extra: Any
    ) -> dict[str, Any]:
        given = {
            "referralId": referral["id"],
            "expectedVersion": referral["version"],
            "idempotencyKey": key(),
            **extra,
        }
        return await self.ok(change_mutation(action), {"i": given}, who)


@pytest.fixture
async def api(graph: Graph, schema: strawberry.Schema) -> Api:
    await graph.execute(SEED, area=AREA, org_b=ORG_B, org_c=ORG_C, svc_b=SERVICE_B, svc_c=SERVICE_C)
    return Api(graph, schema)


async def deliver(graph: Graph, referral: dict[str, Any]) -> dict[str, Any]:
    """What the router does on `referral.requested` (its real handler); returns the new state."""
    rows = await graph.query(
        "MATCH (r:Referral {id: $id}) RETURN r.service_id AS s, r.to_organisation_id AS t,"
        " r.from_organisation_id AS f",
        id=referral["id"],
    )
    data = {
        "referral_id": referral["id"],
        "service_id": rows[0]["s"],
        "to_organisation_id": rows[0]["t"],
        "from_organisation_id": rows[0]["f"],
    }
    await deliver_referral(graph, Event(REFERRAL_REQUESTED, referral["id"], data))
    state = await graph.query(
        "MATCH (r:Referral {id: $id}) RETURN r.id AS id, r.status AS status, r.version AS version",
        id=referral["id"],
    )
    return state[0]


# The actions that lead from `received` to each state, taken by the receiving worker.
PATH_FROM_RECEIVED: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "received": [],
    "accepted": [("accept", {})],
    "in-progress": [("accept", {}), ("start", {})],
    "on-hold": [("accept", {}), ("start", {}), ("hold", {})],
}


async def referral_in(
    api: Api, status: str, pseudonym: str = "PSN-0001", with_consent: bool = True
) -> dict[str, Any]:
    """A referral from A to B's service, moved through the real API into `status`
    (recording a consent for it first unless the test already did)."""
    if with_consent:
        await api.consent(pseudonym)
    if status == "draft":
        return dict((await api.create(pseudonym, draft=True))["referral"])
    referral = dict((await api.create(pseudonym))["referral"])
    if status == "requested":
        return referral
    referral = await deliver(api.graph, referral)
    for action, extra in PATH_FROM_RECEIVED[status]:
        referral = (await api.change(action, referral, WORKER_B, **extra))["referral"]
    assert referral["status"] == status
    return referral


@dataclass
class Live:
    """The gateway and the router served for real (uvicorn, JWT against a JWKS, JetStream)."""

    url: str
    issuer: DevIssuer
    graph: Graph
    js: JetStreamContext

    def token(self, who: Principal) -> str:
        return self.issuer.mint(who.user_id, who.organisation_id, tuple(who.roles))

    async def post(
        self, client: httpx.AsyncClient, query: str, variables: dict[str, Any], who: Principal
    ) -> dict[str, Any]:
        response = await client.post(
            f"{self.url}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {self.token(who)}"},
        )
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body
        (value,) = body["data"].values()
        return dict(value)


@pytest.fixture
async def live(api: Api, settings: Settings, jetstream: JetStreamContext) -> AsyncIterator[Live]:
    async with AsyncExitStack() as running:
        issuer = DevIssuer("http://issuer.referrals.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        url = await running.enter_async_context(serving(gateway_app(wired)))
        await running.enter_async_context(serving(router_app(wired)))
        yield Live(url, issuer, api.graph, jetstream)
