"""What the prescriber's tests do by API around the browser: call the gateway as a demo user
or as a worker of any organisation, and wait for the router to deliver a referral."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import httpx

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
