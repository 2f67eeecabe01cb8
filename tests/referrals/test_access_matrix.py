"""Who can see and do what, as a matrix on the real graph: every role, every referral query
and mutation, and the caller's organisation being the referrer (A), the receiver (B) or neither
(C). The expected table is written out by hand; the code under test never computes it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import graphql
import pytest
import strawberry
from kith_common.auth import Principal, Role

from tests.helpers.referrals import (
    ALL_CATEGORIES,
    AREA,
    CREATE,
    ORG_A,
    ORG_B,
    ORG_C,
    RECORD_CONSENT,
    SERVICE_B,
    Api,
    change_mutation,
    key,
    principal,
    referral_in,
)

REFERRER, RECEIVER, OTHER = "referrer-org", "receiver-org", "other-org"
ORG_AT = {REFERRER: ORG_A, RECEIVER: ORG_B, OTHER: ORG_C}
PSN = "PSN-MATRIX-1"
SP, RW, ADMIN = Role.SOCIAL_PRESCRIBER, Role.RECEIVING_WORKER, Role.ORG_ADMIN

# operation → {role allowed to try it: organisation positions where it succeeds}.
# A role not listed gets FORBIDDEN; a listed role elsewhere finds nothing (null / NotFound),
# except createReferral, where another organisation only reaches its own namesake person,
# who has no consent.
READERS = {SP: {REFERRER}, RW: {RECEIVER}, ADMIN: {REFERRER, RECEIVER}}
RECEIVER_ONLY = {RW: {RECEIVER}}
REFERRER_ONLY = {SP: {REFERRER}}
EXPECTED: dict[str, dict[Role, set[str]]] = {
    "referral": READERS,
    "referrals": READERS,
    "personAccessLog": {ADMIN: {REFERRER}},
    "createReferral": REFERRER_ONLY,
    "sendReferral": REFERRER_ONLY,
    "acceptReferral": RECEIVER_ONLY,
    "rejectReferral": RECEIVER_ONLY,
    "startReferral": RECEIVER_ONLY,
    "holdReferral": RECEIVER_ONLY,
    "resumeReferral": RECEIVER_ONLY,
    "completeReferral": RECEIVER_ONLY,
    "failReferral": RECEIVER_ONLY,
    "cancelReferral": REFERRER_ONLY,
    "markReferralEnteredInError": REFERRER_ONLY,
    "recordConsent": {SP: {REFERRER, RECEIVER, OTHER}},
    "withdrawConsent": REFERRER_ONLY,
    "recordSelfReferral": RECEIVER_ONLY,  # to its own service that takes self-referrals
}


def expected(operation: str, role: Role, position: str) -> str:
    allowed = EXPECTED[operation]
    if role not in allowed:
        return "forbidden"
    if position in allowed[role]:
        return "ok"
    return "consent" if operation == "createReferral" else "hidden"


@dataclass
class World:
    referral: dict[str, Any]
    consent_id: str
    person_id: str


Runner = Callable[[Api, World, Principal], Awaitable[dict[str, Any]]]


def _change(action: str, **extra: Any) -> Runner:
    async def run(api: Api, world: World, who: Principal) -> dict[str, Any]:
        given = {
            "referralId": world.referral["id"],
            "expectedVersion": world.referral["version"],
            "idempotencyKey": key(),
            **extra,
        }
        return await api.run(change_mutation(action), {"i": given}, who)

    return run


async def _referral(api: Api, world: World, who: Principal) -> dict[str, Any]:
    query = "query($id: ID!) { referral(id: $id) { id person { pseudonym } } }"
    return await api.run(query, {"id": world.referral["id"]}, who)


async def _referrals(api: Api, world: World, who: Principal) -> dict[str, Any]:
    query = "{ referrals(first: 10) { edges { node { id } } } }"
    return await api.run(query, None, who)


async def _access_log(api: Api, world: World, who: Principal) -> dict[str, Any]:
    query = "query($id: ID!) { personAccessLog(personId: $id) { who what } }"
    return await api.run(query, {"id": world.person_id}, who)


async def _create(api: Api, world: World, who: Principal) -> dict[str, Any]:
    given = {
        "idempotencyKey": key(),
        "personPseudonym": PSN,
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": "matrix",
    }
    return await api.run(CREATE, {"i": given}, who)


async def _record(api: Api, world: World, who: Principal) -> dict[str, Any]:
    given = {
        "idempotencyKey": key(),
        "personPseudonym": PSN,
        "categories": ALL_CATEGORIES,
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "DIGITAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=30)).isoformat(),
    }
    return await api.run(RECORD_CONSENT, {"i": given}, who)


async def _withdraw(api: Api, world: World, who: Principal) -> dict[str, Any]:
    query = """mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) {
      __typename ... on NotFoundError { message } } }"""
    given = {"consentId": world.consent_id, "idempotencyKey": key()}
    return await api.run(query, {"i": given}, who)


async def _self_refer(api: Api, world: World, who: Principal) -> dict[str, Any]:
    await api.graph.execute("MATCH (s:Service {id: $id}) SET s.self_referral = true", id=SERVICE_B)
    query = """mutation($i: RecordSelfReferralInput!) { recordSelfReferral(input: $i) {
      __typename ... on NotFoundError { message } } }"""
    given = {
        "idempotencyKey": key(),
        "personPseudonym": "WALKIN-MATRIX",
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": "matrix",
        "method": "VERBAL",
    }
    return await api.run(query, {"i": given}, who)


# operation → (the referral's state before the call, how to call it)
OPERATIONS: dict[str, tuple[str, Runner]] = {
    "referral": ("received", _referral),
    "referrals": ("received", _referrals),
    "personAccessLog": ("received", _access_log),
    "createReferral": ("received", _create),
    "sendReferral": ("draft", _change("send")),
    "acceptReferral": ("received", _change("accept")),
    "rejectReferral": ("received", _change("reject", reason="NOT_ELIGIBLE")),
    "startReferral": ("accepted", _change("start")),
    "holdReferral": ("in-progress", _change("hold")),
    "resumeReferral": ("on-hold", _change("resume")),
    "completeReferral": ("in-progress", _change("complete", outcomes=["NEED_MET"])),
    "failReferral": ("in-progress", _change("fail", reason="UNABLE_TO_CONTACT")),
    "cancelReferral": ("received", _change("cancel")),
    "markReferralEnteredInError": ("requested", _change("markEnteredInError")),
    "recordConsent": ("received", _record),
    "withdrawConsent": ("received", _withdraw),
    "recordSelfReferral": ("received", _self_refer),
}
SUCCESS = {
    "ReferralCreated",
    "ReferralChanged",
    "ConsentRecorded",
    "ConsentWithdrawn",
}


def outcome(body: dict[str, Any]) -> str:
    if body.get("errors"):
        return str(body["errors"][0].get("extensions", {}).get("code", body["errors"])).lower()
    (value,) = body["data"].values()
    if value is None:
        return "hidden"
    if isinstance(value, list):  # personAccessLog
        return "ok" if value else "empty"
    if "edges" in value:
        return "ok" if value["edges"] else "hidden"
    kind = value.get("__typename", "Referral")
    if kind in SUCCESS or kind == "Referral":
        return "ok"
    return str({"NotFoundError": "hidden", "ConsentRequiredError": "consent"}.get(kind, kind))


async def _world(api: Api, state: str) -> World:
    consent = await api.consent(PSN)
    referral = await referral_in(api, state, pseudonym=PSN, with_consent=False)
    return World(referral, consent["consentId"], consent["personId"])


CASES = [
    (operation, role, position)
    for operation in OPERATIONS
    for role in Role
    for position in (REFERRER, RECEIVER, OTHER)
]


@pytest.mark.parametrize(("operation", "role", "position"), CASES)
async def test_access(api: Api, operation: str, role: Role, position: str) -> None:
    state, run = OPERATIONS[operation]
    world = await _world(api, state)
    who = principal(ORG_AT[position], role, user=f"matrix-{role.value}")
    body = await run(api, world, who)
    want = expected(operation, role, position)
    assert outcome(body) == want, body

    if want == "ok" and operation == "referral":
        # Both parties see the pseudonym here because the consent shares every category.
        assert body["data"]["referral"]["person"]["pseudonym"] == PSN
    if want == "ok" and operation == "recordConsent":
        # Another organisation's pseudonym names its own person, never organisation A's.
        same = body["data"]["recordConsent"]["personId"] == world.person_id
        assert same is (position == REFERRER)
    if want != "ok" and operation.endswith("Referral") and operation != "createReferral":
        rows = await api.graph.query(
            "MATCH (r:Referral {id: $id}) RETURN r.version AS v", id=world.referral["id"]
        )
        assert rows == [{"v": world.referral["version"]}], "a refused change changed something"


def test_every_referral_and_consent_operation_is_in_the_matrix(schema: strawberry.Schema) -> None:
    assert len(CASES) == len(OPERATIONS) * len(Role) * 3
    published = graphql.build_schema(schema.as_str())
    assert published.mutation_type is not None
    assert published.query_type is not None
    mine = {n for n in published.mutation_type.fields if "Referral" in n or "Consent" in n}
    assert mine == set(OPERATIONS) - {"referral", "referrals", "personAccessLog"}
    assert {"referral", "referrals", "personAccessLog"} <= set(published.query_type.fields)
