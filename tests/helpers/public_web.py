"""Helpers the public directory's browser tests share: GraphQL as a demo user, warming the
search's query plans, and the demo food bank's self-referral service."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers.web_stack import WebStack


async def gql(stack: WebStack, username: str, query: str, variables: dict[str, Any]) -> Any:
    token = stack.issuer.token_for(stack.users[username])
    async with httpx.AsyncClient(timeout=120) as client:  # first plans are slow under load
        response = await client.post(
            f"{stack.gateway}/graphql", json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )  # fmt: skip
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


RESULTS_BUDGET = 150 * 1024
# Everything this page load fetched (document, assets, fonts) but the map, as the browser counted it.
TRANSFERRED = """() => performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'))
  .filter(e => !new URL(e.name).pathname.startsWith('/map.svg'))
  .reduce((sum, e) => sum + (e.transferSize || e.encodedBodySize || 0), 0)"""


async def warm(stack: WebStack, *texts: str) -> None:
    """Plan the search's Cypher once before the browser asks (a cold plan on this loaded
    2-core machine can take longer than the web app's 15 s gateway timeout)."""
    query = "query($t: String!) { findHelp(text: $t) { edges { node { id } } } }"
    async with httpx.AsyncClient(timeout=120) as client:
        for text in texts:
            await client.post(
                f"{stack.gateway}/graphql", json={"query": query, "variables": {"t": text}}
            )


def food_bank_service(stack: WebStack, services: list[dict[str, Any]]) -> dict[str, Any]:
    """The demo food bank's service that takes self-referrals at a place people go to."""
    org = stack.users["foodbank"].organisation_id
    return next(
        s for s in services
        if s["organization"]["id"] == org and s.get("kith_self_referral")
        and any(sal["location"].get("location_type") == "physical" for sal in s["service_at_locations"])
    )  # fmt: skip


WARM_ASK = """mutation($i: AskToBeContactedInput!) { askToBeContacted(input: $i) { __typename } }"""


async def warm_ask(stack: WebStack, services: list[dict[str, Any]]) -> None:
    """Plan the self-referral's Cypher once, with an ask to another organisation's service (the
    first ask on this loaded machine can outlast the web app's wait for the gateway). It uses
    one of the address's five asks an hour."""
    org = stack.users["foodbank"].organisation_id
    other = next(
        s for s in services if s["organization"]["id"] != org and s.get("kith_self_referral")
    )
    ask = {"idempotencyKey": "warm-the-ask-0001", "serviceId": other["id"], "contactBy": "PHONE",
           "phone": "07700 900555", "bestTime": "ANY", "language": "en", "helpWith": "warming",
           "consent": True}  # fmt: skip
    async with httpx.AsyncClient(timeout=180) as client:
        answer = await client.post(
            f"{stack.gateway}/graphql", json={"query": WARM_ASK, "variables": {"i": ask}}
        )
    assert answer.json()["data"]["askToBeContacted"]["__typename"] == "AskSent", answer.text
