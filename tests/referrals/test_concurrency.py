"""Two workers press "accept" on the same referral at the same moment, over real HTTP against
a real gateway: exactly one wins, the other is told the referral changed under it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from tests.helpers.referrals import (
    PRESCRIBER,
    WORKER_B,
    Api,
    Live,
    change_mutation,
    key,
    principal,
)
from tests.support import eventually

ROUNDS = 5
SECOND_WORKER = principal(WORKER_B.organisation_id, *WORKER_B.roles, user="worker-b-2")


async def received(api: Api, live: Live, pseudonym: str) -> dict[str, Any]:
    """A referral the real router has delivered (requested → received via JetStream)."""
    await api.consent(pseudonym)
    created = (await api.create(pseudonym))["referral"]

    async def delivered() -> dict[str, Any] | None:
        rows = await live.graph.query(
            "MATCH (r:Referral {id: $id, status: 'received'}) RETURN r.id AS id,"
            " r.version AS version",
            id=created["id"],
        )
        return rows[0] if rows else None

    return await eventually(delivered)


async def test_two_concurrent_accepts_exactly_one_wins(api: Api, live: Live) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        for round_ in range(ROUNDS):
            referral = await received(api, live, f"PSN-RACE-{round_}")
            attempts = [
                live.post(
                    client,
                    change_mutation("accept"),
                    {
                        "i": {
                            "referralId": referral["id"],
                            "expectedVersion": referral["version"],
                            "idempotencyKey": key(),
                        }
                    },
                    worker,
                )
                for worker in (WORKER_B, SECOND_WORKER)
            ]
            results = await asyncio.gather(*attempts)
            kinds = sorted(r["__typename"] for r in results)
            assert kinds == ["ConflictError", "ReferralChanged"], results
            loser = next(r for r in results if r["__typename"] == "ConflictError")
            assert loser["currentVersion"] == referral["version"] + 1
            history = await live.graph.query(
                "MATCH (:Referral {id: $id})-[:CHANGED]->(h:StatusChange {to: 'accepted'})"
                " RETURN count(h) AS n",
                id=referral["id"],
            )
            assert history == [{"n": 1}]


async def test_a_retried_request_racing_itself_changes_once(api: Api, live: Live) -> None:
    referral = await received(api, live, "PSN-RETRY-1")
    given = {
        "i": {
            "referralId": referral["id"],
            "expectedVersion": referral["version"],
            "idempotencyKey": key(),
        }
    }
    async with httpx.AsyncClient(timeout=30) as client:
        results = await asyncio.gather(
            live.post(client, change_mutation("accept"), given, WORKER_B),
            live.post(client, change_mutation("accept"), given, WORKER_B),
        )
    assert [r["__typename"] for r in results] == ["ReferralChanged", "ReferralChanged"]
    assert sorted(r["replayed"] for r in results) == [False, True]
    events = await live.graph.query(
        "MATCH (o:Outbox {aggregate_id: $id, subject: 'kith.referral.accepted'})"
        " RETURN count(o) AS n",
        id=referral["id"],
    )
    assert events == [{"n": 1}]


async def test_the_gateway_checks_the_token_before_anything_else(api: Api, live: Live) -> None:
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{live.url}/graphql",
            json={"query": "{ referrals(first: 1) { edges { cursor } } }"},
        )
        body = response.json()
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        token = live.issuer.mint("lead", PRESCRIBER.organisation_id, ("system_lead",))
        response = await client.post(
            f"{live.url}/graphql",
            json={"query": "{ referrals(first: 1) { edges { cursor } } }"},
            headers={"authorization": f"Bearer {token}"},
        )
        assert response.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
