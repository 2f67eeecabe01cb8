"""What the web browser tests share for their set-up: GraphQL as a demo user (as another
system would do it), a referral to the demo food bank, and a form's hidden fields
read from the page (to send the very same form again)."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from playwright.async_api import Locator

from tests.helpers.web_stack import WebStack

CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename } }"""
REFER = """mutation($i: CreateReferralInput!) { createReferral(input: $i) {
  __typename ... on ReferralCreated { referral { id } } } }"""
HISTORY = "query($id: ID!) { referral(id: $id) { status history { action } } }"


async def as_user(
    stack: WebStack, username: str, query: str, variables: dict[str, Any] | None = None
) -> Any:
    token = stack.issuer.token_for(stack.users[username])
    async with httpx.AsyncClient(timeout=120) as client:
        answer = await client.post(
            f"{stack.gateway}/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {token}"},
        )
    body = answer.json()
    assert "errors" not in body, body
    return body["data"]


async def refer_to_food_bank(stack: WebStack, demo_services: list[Any], pseudonym: str) -> str:
    """The prescriber, by API: consent to share with the food bank, then refer."""
    food_bank = stack.users["foodbank"].organisation_id
    service = next(s for s in demo_services if s["organization"]["id"] == food_bank)
    consent = {
        "idempotencyKey": str(uuid.uuid4()),
        "personPseudonym": pseudonym,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "purpose": "REFERRAL",
        "sharedWithOrganisationIds": [food_bank],
        "method": "VERBAL",
        "expiresAt": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
    }
    await as_user(stack, "prescriber", CONSENT, {"i": consent})
    given = {
        "idempotencyKey": str(uuid.uuid4()),
        "personPseudonym": pseudonym,
        "homeArea": "E01010568",
        "serviceId": service["id"],
        "reason": "Struggling to afford food since losing work",
    }
    created = await as_user(stack, "prescriber", REFER, {"i": given})
    return str(created["createReferral"]["referral"]["id"])


async def delivered(stack: WebStack, referral_id: str, within_seconds: float = 300) -> None:
    """Wait (polling, with a deadline) until the router has delivered the referral: on a loaded
    machine that can take longer than a page's own waits."""
    deadline = time.monotonic() + within_seconds
    while time.monotonic() < deadline:
        seen = await as_user(stack, "prescriber", HISTORY, {"id": referral_id})
        if seen["referral"]["status"] != "requested":
            return
        await asyncio.sleep(0.5)
    raise AssertionError(f"referral {referral_id} was not delivered in {within_seconds}s")


async def actions_taken(stack: WebStack, referral_id: str) -> list[str]:
    seen = await as_user(stack, "prescriber", HISTORY, {"id": referral_id})
    return [h["action"] for h in seen["referral"]["history"]]


async def hidden_fields(form: Locator) -> dict[str, str | float | bool]:
    """The hidden inputs of a rendered form (CSRF token, idempotency key, version)."""
    fields: dict[str, str | float | bool] = await form.evaluate(
        """f => Object.fromEntries([...f.querySelectorAll('input[type=hidden]')]
                                    .map(i => [i.name, i.value]))"""
    )
    return fields
