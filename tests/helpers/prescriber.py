"""What the prescriber's tests do by API around the browser: call the gateway as a demo user
or as a worker of any organisation, and wait for the router to deliver a referral."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from kith_common.graph import Graph
from kith_gateway.matching.embeddings import default_embedder
from kith_gateway.matching.refresh import refresh_profiles
from kith_router.config import RouterConfig
from kith_router.sweeper import SlaSweeper

from tests.helpers.router import deadlines
from tests.helpers.web_stack import WebStack

STATE = "query($id: ID!) { referral(id: $id) { status version toOrganisationId } }"
ACCEPT = """mutation($i: ReferralActionInput!) { acceptReferral(input: $i) { __typename } }"""


async def run(stack: WebStack, token: str, query: str, variables: dict[str, Any]) -> Any:
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(
            f"{stack.gateway}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
    return answer.json()


async def as_user(stack: WebStack, username: str, query: str, variables: dict[str, Any]) -> Any:
    body = await run(stack, stack.issuer.token_for(stack.users[username]), query, variables)
    assert "errors" not in body, body
    return body["data"]


def worker_token(stack: WebStack, organisation_id: str) -> str:
    return stack.issuer.mint(
        f"worker-{organisation_id[:8]}", organisation_id, ("receiving_worker",)
    )


async def accept_when_delivered(stack: WebStack, referral_id: str, deadline_s: float = 90) -> None:
    """As a worker of the receiving organisation: wait for delivery, then accept."""
    seen = await as_user(stack, "prescriber", STATE, {"id": referral_id})
    token = worker_token(stack, seen["referral"]["toOrganisationId"])
    ends = time.monotonic() + deadline_s
    while True:
        state = (await run(stack, token, STATE, {"id": referral_id}))["data"]["referral"]
        if state and state["status"] == "received":
            break
        assert time.monotonic() < ends, f"referral not delivered: {state}"
        await asyncio.sleep(0.5)  # polling a condition with a deadline, not a fixed wait
    given = {"referralId": referral_id, "expectedVersion": state["version"],
             "idempotencyKey": str(uuid.uuid4())}  # fmt: skip
    done = await run(stack, token, ACCEPT, {"i": given})
    assert done["data"]["acceptReferral"]["__typename"] == "ReferralChanged", done


MATCHES = """query($id: ID!) { matches(personId: $id, first: 1) {
  ... on Matches { items { service { id organisationId } } } } }"""
CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"""
REFER = """mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  __typename ... on ReferralCreated { referral { id } } } }"""


async def refer_and_deliver(stack: WebStack, pseudonym: str, person_id: str) -> str:
    """By API: consent for the best match's organisation, refer there, wait for delivery."""
    found = await as_user(stack, "prescriber", MATCHES, {"id": person_id})
    service = found["matches"]["items"][0]["service"]
    expires = (datetime.now(UTC) + timedelta(days=90)).isoformat()
    consent = {"idempotencyKey": str(uuid.uuid4()), "personPseudonym": pseudonym,
               "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"], "purpose": "REFERRAL",
               "sharedWithOrganisationIds": [service["organisationId"]], "method": "VERBAL",
               "expiresAt": expires}  # fmt: skip
    await as_user(stack, "prescriber", CONSENT, {"i": consent})
    given = {"idempotencyKey": str(uuid.uuid4()), "personPseudonym": pseudonym,
             "homeArea": "E01010568", "serviceId": service["id"], "reason": "Food"}  # fmt: skip
    made = await as_user(stack, "prescriber", REFER, {"i": given})
    referral_id = str(made["createReferral"]["referral"]["id"])
    await _delivered(stack, referral_id)
    return referral_id


async def _delivered(stack: WebStack, referral_id: str, deadline_s: float = 90) -> None:
    ends = time.monotonic() + deadline_s
    while True:
        seen = await as_user(stack, "prescriber", STATE, {"id": referral_id})
        if seen["referral"]["status"] == "received":
            return
        assert time.monotonic() < ends, f"referral not delivered: {seen}"
        await asyncio.sleep(0.5)  # polling a condition with a deadline, not a fixed wait


async def escalate_past_both_deadlines(graph: Graph, referral_id: str) -> None:
    """The router's SLA sweep, with its clock past both deadlines: the referral escalates
    and the router proposes the next-best service."""
    _, second = await deadlines(graph, referral_id)
    sweep = SlaSweeper(graph, RouterConfig(), lambda: second + timedelta(seconds=1))
    await sweep.sweep_once()
    await sweep.sweep_once()


async def make_matchable(graph: Graph) -> None:
    """What `make up` does after loading the directory: the services' matching profiles."""
    await refresh_profiles(graph, default_embedder())
